// Bundles the action, the CLI and the load worker with ncc into dist/ (ncc type-checks what
// tsconfig.json includes: src/ only; tests, bench and examples are checked by `npm run typecheck`).
// ncc takes one entry per output folder and names lazily loaded chunks by number, so each entry
// gets a folder of its own (no chunk of one can overwrite another's): the action in dist/ itself
// (dist/index.js, as action.yml says), the merge action in dist/merge/ (merge/action.yml), the CLI in dist/cli/ and the worker in dist/worker/, with
// dist/cli.js (the package's bin) and dist/worker.js (found by the engine next to the bundle it
// runs from: dist/worker.js for the action, dist/cli/worker.js for the CLI) as one-line entry files.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';

const build = (entry, out) =>
  execFileSync('npx', ['ncc', 'build', entry, '-o', out, '--target', 'es2022', '-q'], { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
build('src/index.ts', 'dist');
build('src/cli.ts', 'dist/cli');
build('src/engine/worker.ts', 'dist/worker');
build('src/merge/action.ts', 'dist/merge'); // the merge action (merge/action.yml), no load worker
writeFileSync('dist/cli.js', "#!/usr/bin/env node\nimport './cli/index.js';\n");
chmodSync('dist/cli.js', 0o755);
writeFileSync('dist/worker.js', "import './worker/index.js';\n");
writeFileSync('dist/cli/worker.js', "import '../worker/index.js';\n"); // the CLI bundle runs from dist/cli/
writeFileSync('dist/package.json', JSON.stringify({ type: 'module' }, null, 2) + '\n');
