// The engine as the benchmarks run it: an esbuild bundle of bench/engine-runner.ts and the worker
// (as dist/ ships them), in a temporary folder; undici-h2.js (bench/undici-h2-runner.ts) beside them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Bundles bench/engine-runner.ts + src/engine/worker.ts of the tree at `root` (dependencies from ours). */
export async function bundleEngine(root = '.'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-engine-'));
  const banner = {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  };
  const common = {
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: 'node20',
    banner,
    logLevel: 'error' as const,
    nodePaths: [join(process.cwd(), 'node_modules')],
  };
  await build({
    ...common,
    entryPoints: [join(root, 'bench/engine-runner.ts')],
    outfile: join(dir, 'runner.js'),
  });
  await build({
    ...common,
    entryPoints: [join(root, 'src/engine/worker.ts')],
    outfile: join(dir, 'worker.js'),
  });
  // beside runner.js: the undici HTTP/2 loop the node:http2 client is compared against (this tree's)
  await build({ ...common, entryPoints: ['bench/undici-h2-runner.ts'], outfile: join(dir, 'undici-h2.js') });
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  return join(dir, 'runner.js');
}
