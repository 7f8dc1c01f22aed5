// npm run bench:cpu: where a request's CPU goes, generator against generator. This engine (1 worker,
// the esbuild bundle of bench/engine-runner.ts, as in bench/run.ts), wrk -t1 and a bare Node loop
// (bench/node-floor.ts: what Node's sockets cost with no client work) run in alternating rounds,
// 100 connections, against one nginx on loopback. Over the steady window [2 s, d − 1 s] it
// reads the request count from nginx (stub_status) and the CPU time of the generator process (all
// its threads) and of nginx's worker from /proc (utime, stime), and prints req/s and the user and
// system CPU µs per nginx-counted request of each. On loopback the kernel delivers a write to the
// receiving socket inside the writer's system call, so "sys" is the TCP stack both ways.
// BENCH_SECONDS (default 8) and BENCH_ROUNDS (default 2) shorten or lengthen it; BENCH_LISTENER=https
// runs both over TLS (HTTP/1.1, nginx's self-signed certificate trusted by the engine, as by wrk).
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { bundleEngine } from './bundle.js';
import { startNginx } from './nginx.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PORT = Number(process.env.BENCH_PORT ?? 19180);
/** /proc/<pid>/stat counts CPU time in clock ticks (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** User and system CPU seconds of a process, all its threads. */
function cpuSeconds(pid: number): { user: number; sys: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return { user: Number(fields[11]) / TICKS_PER_SECOND, sys: Number(fields[12]) / TICKS_PER_SECOND };
}

const HTTPS = process.env.BENCH_LISTENER === 'https';
const nginx = await startNginx(PORT, 2000, HTTPS);
const url = HTTPS ? nginx.httpsUrl! : nginx.url;
const nginxWorker = Number(
  execFileSync('pgrep', ['-P', String(nginx.pid)])
    .toString()
    .trim()
    .split('\n')[0],
);
const runner = await bundleEngine();
const load = {
  target: url,
  caCert: HTTPS ? nginx.certPath : undefined,
  pattern: 'sustained',
  concurrency: 100,
  rate: null,
  durationSeconds: SECONDS,
};
const generators: Record<string, string[]> = {
  'this engine (1 worker)': [process.execPath, runner, JSON.stringify({ ...load, workers: 1 })],
  'wrk -t1': ['wrk', '-t1', '-c100', `-d${SECONDS}s`, url],
  // Node's own floor: a read in, a write out, nothing else (bench/node-floor.ts)
  'bare Node loop': [
    process.execPath,
    '--import',
    'tsx',
    'bench/node-floor.ts',
    url,
    '100',
    String(SECONDS),
    ...(HTTPS ? [nginx.certPath!] : []),
  ],
};
const names = Object.keys(generators);
console.log(
  '| round | generator | req/s (nginx) | generator user µs/req | generator sys µs/req | generator CPU | nginx user µs/req | nginx sys µs/req | nginx CPU |',
);
console.log('|---|---|--:|--:|--:|--:|--:|--:|--:|');
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? names : [...names].reverse();
    for (const name of order) {
      const argv = generators[name]!;
      const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] });
      const exited = new Promise((r) => child.once('exit', r));
      await sleep(2000);
      const [n0, g0, w0, t0] = [
        await nginx.requests(),
        cpuSeconds(child.pid!),
        cpuSeconds(nginxWorker),
        performance.now(),
      ];
      await sleep((SECONDS - 3) * 1000);
      const [n1, g1, w1, t1] = [
        await nginx.requests(),
        cpuSeconds(child.pid!),
        cpuSeconds(nginxWorker),
        performance.now(),
      ];
      await exited;
      const requests = n1 - n0 - 1; // the second stub_status read counts itself
      const seconds = (t1 - t0) / 1000;
      const perRequest = (s: number): string => ((s * 1e6) / requests).toFixed(2);
      const share = (a: { user: number; sys: number }, b: { user: number; sys: number }): string =>
        `${((100 * (b.user - a.user + b.sys - a.sys)) / seconds).toFixed(0)} %`;
      console.log(
        `| ${round} | ${name} | ${Math.round(requests / seconds).toLocaleString('en-US')} | ${perRequest(g1.user - g0.user)} | ${perRequest(g1.sys - g0.sys)} | ${share(g0, g1)} | ${perRequest(w1.user - w0.user)} | ${perRequest(w1.sys - w0.sys)} | ${share(w0, w1)} |`,
      );
    }
  }
} finally {
  await nginx.stop();
}
