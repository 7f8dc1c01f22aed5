// The import-direction check (scripts/check-imports.mjs): green on src/, and it catches each kind of
// backward import planted in a copy of src/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { checkImports, LAYERS, STAGES } from '../../scripts/check-imports.mjs';

const SRC = join(import.meta.dirname, '..', '..', 'src');
const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'check-imports.mjs');

describe('import direction', () => {
  it('src/ imports follow the layers', () => assert.deepEqual(checkImports(SRC), []));

  describe('a planted backward import fails, naming file:line and both stages', () => {
    let copy: string;
    before(async () => {
      copy = await mkdtemp(join(tmpdir(), 'imports-'));
      await cp(SRC, copy, { recursive: true });
    });
    after(() => rm(copy, { recursive: true, force: true }));

    /** Prepend `line` to a copied file (so the import is on line 1) and check the copy. */
    const plant = async (file: string, line: string): Promise<string[]> => {
      const path = join(copy, file);
      const original = await readFile(path, 'utf8');
      await writeFile(path, `${line}\n${original}`);
      try {
        return checkImports(copy);
      } finally {
        await writeFile(path, original);
      }
    };
    const cases: Array<[string, string, string, string]> = [
      [
        'settings importing report (the RunContext case of issue 7)',
        'settings/types.ts',
        "import type { RunReport } from '../report/types.js';",
        "src/settings/types.ts:1: settings imports report (report comes after settings in config → settings → plan → metrics → engine → judge → report): '../report/types.js'",
      ],
      [
        'config importing settings (the LoadOverrides case)',
        'config/load.ts',
        "import type { Settings } from '../settings/types.js';",
        "src/config/load.ts:1: config imports settings (settings comes after config in config → settings → plan → metrics → engine → judge → report): '../settings/types.js'",
      ],
      [
        'metrics importing the engine (the ResultRecord case)',
        'metrics/recorder.ts',
        "import { runLoad } from '../engine/run.js';",
        "src/metrics/recorder.ts:1: metrics imports engine (engine comes after metrics in config → settings → plan → metrics → engine → judge → report): '../engine/run.js'",
      ],
      [
        'a re-export counts',
        'judge/types.ts',
        "export type { RunReport } from '../report/types.js';",
        "src/judge/types.ts:1: judge imports report (report comes after judge in config → settings → plan → metrics → engine → judge → report): '../report/types.js'",
      ],
      [
        'a dynamic import counts',
        'plan/plan.ts',
        "const later = () => import('../judge/evaluate.js');",
        "src/plan/plan.ts:1: plan imports judge (judge comes after plan in config → settings → plan → metrics → engine → judge → report): '../judge/evaluate.js'",
      ],
      [
        'a stage importing an entry',
        'report/publish.ts',
        "import { executeGate } from '../gate.js';",
        "src/report/publish.ts:1: report imports entry gate.ts (only entries import entries): '../gate.js'",
      ],
      [
        'a shared leaf importing a stage',
        'format.ts',
        "import type { Verdict } from './judge/types.js';",
        "src/format.ts:1: shared format.ts imports judge (shared leaves import no stage): './judge/types.js'",
      ],
    ];
    for (const [name, file, line, want] of cases) {
      it(name, async () => assert.deepEqual(await plant(file, line), [want]));
    }

    it('a file in no layer is named', async () => {
      await writeFile(join(copy, 'util.ts'), 'export const x = 1;\n');
      try {
        assert.deepEqual(checkImports(copy), [
          'src/util.ts:1: not in any layer: add it to STAGES, LEAVES or ENTRIES in scripts/check-imports.mjs',
        ]);
      } finally {
        await rm(join(copy, 'util.ts'));
      }
    });

    it('the script exits 1 and prints each violation (as CI runs it)', async () => {
      const path = join(copy, 'engine', 'run.ts');
      const original = await readFile(path, 'utf8');
      await writeFile(path, `import '../report/publish.js';\n${original}`);
      try {
        execFileSync(process.execPath, [SCRIPT, copy], { stdio: 'pipe' });
        assert.fail('the script passed a backward import');
      } catch (e) {
        const err = e as { status: number; stderr: Buffer };
        assert.equal(err.status, 1);
        assert.equal(
          err.stderr.toString(),
          "src/engine/run.ts:1: engine imports report (report comes after engine in config → settings → plan → metrics → engine → judge → report): '../report/publish.js'\n" +
            '1 import(s) against the layers config → settings → plan → metrics → engine → judge → report\n',
        );
      } finally {
        await writeFile(path, original);
      }
    });
  });

  it("the README's Layout section states the same pipeline and the same import order", async () => {
    const readme = await readFile(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const layout = readme.slice(readme.indexOf('\nLayout')).split('\n\n')[0]!;
    const stages = [...layout.matchAll(/`src\/([a-z]+)`/g)]
      .map((m) => m[1])
      .filter((s) => STAGES.includes(s!));
    assert.deepEqual(stages, STAGES);
    assert.ok(
      layout.includes(LAYERS.join(' → ')),
      `the Layout section names the import order ${LAYERS.join(' → ')}`,
    );
  });
});
