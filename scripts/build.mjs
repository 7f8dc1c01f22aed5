// Bundles the action, the CLI and the load worker with ncc into dist/.
// Each entry is bundled on its own (ncc takes one entry per output folder) and then copied
// next to the others, so that dist/index.js can start dist/worker.js as a worker thread.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const entries = { index: 'src/index.ts', cli: 'src/cli.ts', worker: 'src/engine/worker.ts' };
const dist = 'dist';
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
for (const [name, entry] of Object.entries(entries)) {
  const out = mkdtempSync(join(tmpdir(), `ncc-${name}-`));
  execFileSync(
    'npx',
    ['ncc', 'build', entry, '-o', out, '--target', 'es2022', '--no-source-map-register', '-q'],
    {
      stdio: 'inherit',
    },
  );
  for (const file of readdirSync(out)) {
    if (file === 'package.json') continue;
    const target = file === 'index.js' ? `${name}.js` : file;
    cpSync(join(out, file), join(dist, target), { recursive: true });
  }
  rmSync(out, { recursive: true, force: true });
}
writeFileSync(join(dist, 'package.json'), JSON.stringify({ type: 'module' }, null, 2) + '\n');
