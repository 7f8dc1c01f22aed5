// Import direction. Data flows settings → config → plan → engine → metrics → judge → report
// (STAGES), and imports run one way too: a stage imports only the stages below it in LAYERS, never
// one above, so no two stages depend on each other. LAYERS is the pipeline order with two adjacent
// swaps, where a stage writes its output in the vocabulary of the stage it feeds:
//   config under settings — settings reads flags into config's LoadOverrides, with config's duration
//     syntax and pattern names (one rule each, owned by config; config never imports settings);
//   metrics under engine — the engine writes each ResultRecord into metrics' Recorder (metrics never
//     imports the engine).
// Around the pipeline:
// - shared leaves (src/constants.ts, src/errors.ts, src/format.ts) sit below every stage: anyone
//   may import them, and they import no stage and no entry;
// - entries (src/index.ts, src/main.ts, src/cli.ts, src/cli/, src/gate.ts, src/canary.ts, src/outputs.ts, src/merge/) sit above
//   every stage: they wire the stages together and may import anything; nothing below imports them.
// Type-only imports count: a type is a dependency too. docs/ARCHITECTURE.md explains the stages.
//
// Usage: node scripts/check-imports.mjs [srcDir]   (exit 1 and one line per violation)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The pipeline, in the order data flows. The README's Layout section lists it (a test checks it). */
export const STAGES = ['settings', 'config', 'plan', 'engine', 'metrics', 'judge', 'report'];
/** The import order, bottom first: a stage may import only the stages before it here. */
export const LAYERS = ['config', 'settings', 'plan', 'metrics', 'engine', 'judge', 'report'];
export const LEAVES = ['constants.ts', 'errors.ts', 'format.ts'];
export const ENTRIES = [
  'index.ts',
  'main.ts',
  'cli.ts',
  'cli',
  'gate.ts',
  'canary.ts',
  'outputs.ts',
  'merge',
];

const LEAF_RANK = -1;
const ENTRY_RANK = LAYERS.length;

/** Where a src-relative path (posix) sits: its rank and a name for messages; null = not classified. */
export function layerOf(srcPath) {
  const top = srcPath.split('/')[0];
  const stage = LAYERS.indexOf(top);
  if (stage >= 0 && srcPath.includes('/')) return { rank: stage, name: top };
  if (LEAVES.includes(srcPath)) return { rank: LEAF_RANK, name: `shared ${srcPath}` };
  if (ENTRIES.includes(top)) return { rank: ENTRY_RANK, name: `entry ${top}` };
  return null;
}

function* tsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

const posix = (p) => p.split(sep).join('/');

/**
 * Every import that runs against the pipeline, as "file:line: <importer> imports <imported>
 * (later stage): 'specifier'". Also reports src files that belong to no layer, so a new top-level
 * folder or file must be placed (in STAGES, LEAVES or ENTRIES) before it can import anything.
 */
export function checkImports(srcDir) {
  const root = resolve(srcDir);
  const problems = [];
  for (const file of [...tsFiles(root)].sort()) {
    const from = posix(relative(root, file));
    const layer = layerOf(from);
    if (layer === null) {
      problems.push(
        `src/${from}:1: not in any layer: add it to STAGES, LEAVES or ENTRIES in scripts/check-imports.mjs`,
      );
      continue;
    }
    const text = readFileSync(file, 'utf8');
    const { importedFiles } = ts.preProcessFile(text, true, true);
    for (const imported of importedFiles) {
      const spec = imported.fileName;
      if (!spec.startsWith('.')) continue; // packages and node: builtins
      const target = posix(relative(root, resolve(dirname(file), spec))).replace(/\.js$/, '.ts');
      if (target.startsWith('..')) continue; // outside src/ (none today)
      const to = layerOf(target);
      if (to === null || to.rank <= layer.rank) continue;
      if (layer.rank === LEAF_RANK && to.rank === LEAF_RANK) continue;
      const line = text.slice(0, imported.pos).split('\n').length;
      const why =
        to.rank === ENTRY_RANK
          ? 'only entries import entries'
          : layer.rank === LEAF_RANK
            ? 'shared leaves import no stage'
            : `${to.name} comes after ${layer.name} in ${LAYERS.join(' → ')}`;
      problems.push(`src/${from}:${line}: ${layer.name} imports ${to.name} (${why}): '${spec}'`);
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const srcDir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const problems = checkImports(srcDir);
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(`${problems.length} import(s) against the layers ${LAYERS.join(' → ')}`);
    process.exit(1);
  }
  console.log(`imports follow the layers ${LAYERS.join(' → ')}`);
}
