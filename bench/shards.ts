// npm run bench:shards: 4 runner shards (`node dist/cli.js run --shard i/4 --start-at …`, one
// process each, as on a 4-job matrix) against one nginx on loopback, counted by nginx (stub_status)
// over the steady window [2 s, d − 1 s]; then one shard alone for comparison. Prints a Markdown
// section for docs/BENCHMARKS.md. Needs `npm run build` first (the product's bundle is measured;
// BENCH_CLI points at another copy of dist/cli.js).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNginx, type Nginx } from './nginx.js';

const SHARDS = 4;
const RATE_PER_SHARD = Number(process.env.BENCH_SHARD_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const PORT = Number(process.env.BENCH_PORT ?? 26080);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function config(totalRate: number): string {
  return `load: { pattern: rate, rate: ${totalRate}, duration: ${SECONDS}s, warm_up: 1s, concurrency: ${SHARDS * 200}, workers: 1 }
endpoints:
  - { name: root, path: / }
thresholds:
  error_rate: 1
`;
}

function cli(args: string[], cwd: string): Promise<number> {
  const child = spawn(process.execPath, [join(process.cwd(), 'dist/cli.js'), ...args], {
    cwd,
    stdio: 'ignore',
  });
  return new Promise((r) => child.on('close', (c) => r(c ?? -1)));
}

/** nginx-counted req/s of `shards` runner shards of 4 started together, in the steady window. */
async function measure(nginx: Nginx, shards: number): Promise<number> {
  const ws = mkdtempSync(join(tmpdir(), 'bench-shards-'));
  writeFileSync(join(ws, 'perf.yml'), config(SHARDS * RATE_PER_SHARD));
  const startAt = new Date(Date.now() + 3000);
  const runs = Array.from({ length: shards }, (_, i) =>
    cli(
      [
        'run',
        '--target',
        nginx.url,
        '--config',
        'perf.yml',
        '--shard',
        `${i + 1}/${SHARDS}`,
        '--start-at',
        startAt.toISOString(),
        '--results',
        `s${i + 1}`,
      ],
      ws,
    ),
  );
  await sleep(startAt.getTime() - Date.now() + 2000);
  const a = await nginx.requests();
  const ta = performance.now();
  await sleep((SECONDS - 3) * 1000);
  const b = await nginx.requests();
  const tb = performance.now();
  await Promise.all(runs);
  return (b - a - 1) / ((tb - ta) / 1000);
}

const nginx = await startNginx(PORT, 4096);
try {
  const four = await measure(nginx, SHARDS);
  const one = await measure(nginx, 1);
  const configured = SHARDS * RATE_PER_SHARD;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  process.stdout.write(
    [
      '',
      '## Runner shards (bench/shards.ts)',
      '',
      `${SHARDS} runner shards (\`node dist/cli.js run --shard i/${SHARDS}\`, one process each with 1 worker, a shared \`--start-at\`) against one nginx on loopback, configured rate ${fmt(configured)} req/s (${fmt(RATE_PER_SHARD)} per shard), ${SECONDS} s with 1 s warm-up; nginx-counted over the steady window [2 s, ${SECONDS - 1} s] of the shared start.`,
      '',
      "| Shards running | nginx-counted req/s | vs one shard's configured rate | vs the configured total |",
      '|---|---|---|---|',
      `| ${SHARDS} of ${SHARDS} | ${fmt(four)} | ${(four / RATE_PER_SHARD).toFixed(3)}× | ${((100 * four) / configured).toFixed(2)} % |`,
      `| 1 of ${SHARDS} (alone) | ${fmt(one)} | ${(one / RATE_PER_SHARD).toFixed(3)}× | — |`,
      '',
    ].join('\n'),
  );
} finally {
  await nginx.stop();
}
