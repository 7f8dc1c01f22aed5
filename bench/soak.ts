// npm run bench:soak: one long closed-model run (500 users, 300 s, `node dist/cli.js run`) against
// nginx on loopback. Every second it samples the generator process's resident memory (VmRSS of
// /proc/<pid>/status: the worker threads live in the same process, so it covers them) and nginx's
// request counter (stub_status), then prints the RSS after warm-up and at the end, the growth
// between them, and the steadiness of the nginx-counted per-second rate (min / max / mean / CV).
// Needs `npm run build` first (BENCH_CLI points at another copy of dist/cli.js). SOAK_SECONDS and
// SOAK_USERS shorten it for a smoke run; the figures in docs/BENCHMARKS.md are from the defaults.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startNginx } from './nginx.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const USERS = Number(process.env.SOAK_USERS ?? 500);
/** RSS "after warm-up" is the sample at this second; the run's SLO warm-up is the same. */
const WARM_UP = Math.min(30, Math.floor(SECONDS / 5));
const PORT = Number(process.env.BENCH_PORT ?? 27080);
const CLI = resolve(process.env.BENCH_CLI ?? 'dist/cli.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function stats(values: readonly number[]): { min: number; max: number; mean: number; cv: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { min: Math.min(...values), max: Math.max(...values), mean, cv: sd / mean };
}

/** Least-squares slope of y over x (MB per second here). */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const nginx = await startNginx(PORT, USERS + 100);
const ws = mkdtempSync(join(tmpdir(), 'bench-soak-'));
writeFileSync(
  join(ws, 'perf.yml'),
  `load: { pattern: sustained, concurrency: ${USERS}, duration: ${SECONDS}s, warm_up: ${WARM_UP}s }
endpoints:
  - { name: root, path: / }
thresholds:
  latency: { p99: 10000 }
  error_rate: 1
`,
);
const child = spawn(
  process.execPath,
  [CLI, 'run', '--target', nginx.url, '--config', 'perf.yml', '--results', 'results'],
  { cwd: ws, stdio: ['ignore', 'ignore', 'pipe'] },
);
let stderr = '';
child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
const exited = new Promise<number>((r) => child.on('close', (c) => r(c ?? -1)));
let done = false;
void exited.then(() => (done = true));

// one sample a second: [seconds since spawn, RSS MB, nginx requests so far]
const samples: { t: number; rss: number; requests: number }[] = [];
const t0 = performance.now();
for (let next = 1000; !done; next += 1000) {
  await sleep(Math.max(0, t0 + next - performance.now()));
  const rss = rssMb(child.pid!);
  if (rss === null || done) break;
  samples.push({ t: (performance.now() - t0) / 1000, rss, requests: await nginx.requests() });
}
const code = await exited;
await nginx.stop();
const results = JSON.parse(readFileSync(join(ws, 'results', 'results.json'), 'utf8')) as {
  totals: { requests: number; errors: number; throughputRps: number };
};

// The load runs from about the first second with traffic to the last: the per-second rate over
// that window without its first and last 2 s (start-up, the final partial second).
const perSecond = samples.slice(1).map((s, i) => (s.requests - samples[i]!.requests) / (s.t - samples[i]!.t));
const loaded = perSecond.map((r, i) => ({ r, t: samples[i + 1]!.t })).filter((x) => x.r > 0);
const steady = loaded.slice(2, -2).map((x) => x.r);
const afterWarmUp = samples.find((s) => s.t >= WARM_UP)!;
const last = samples.filter((s) => s.t <= afterWarmUp.t + (SECONDS - WARM_UP)).at(-1)!;
const tail = samples.filter((s) => s.t >= afterWarmUp.t && s.t <= last.t);
const growth = (last.rss - afterWarmUp.rss) / afterWarmUp.rss;
const rate = stats(steady);
const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

console.log(`soak: ${USERS} users, ${SECONDS} s, sustained, nginx on loopback, ${CLI}; exit ${code}`);
console.log(
  `RSS: ${fmt(afterWarmUp.rss, 1)} MB at ${fmt(afterWarmUp.t)} s (after warm-up) → ${fmt(last.rss, 1)} MB at ${fmt(last.t)} s (end): ${growth >= 0 ? '+' : ''}${fmt(growth * 100, 1)} %; ` +
    `peak ${fmt(Math.max(...samples.map((s) => s.rss)), 1)} MB; slope after warm-up ${fmt(
      slope(
        tail.map((s) => s.t),
        tail.map((s) => s.rss),
      ) * 60,
      2,
    )} MB/min`,
);
console.log(
  `rate (nginx-counted, per second, ${steady.length} s): min ${fmt(rate.min)} · max ${fmt(rate.max)} · mean ${fmt(rate.mean)} · CV ${fmt(rate.cv * 100, 1)} %`,
);
console.log(
  `results.json: ${fmt(results.totals.requests)} requests, ${fmt(results.totals.errors)} errors, ${fmt(results.totals.throughputRps)} req/s`,
);
console.log(
  `RSS every 30 s (MB): ${samples
    .filter((_, i) => i % 30 === 29)
    .map((s) => fmt(s.rss))
    .join(' ')}`,
);
if (code === 2 || code === 3) console.log(`generator stderr (tail):\n${stderr}`);
if (growth >= 0.1) {
  console.log('FAIL: RSS grew by 10 % or more after warm-up');
  process.exitCode = 1;
}
