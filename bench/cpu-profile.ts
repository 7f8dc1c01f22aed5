// Where the engine's CPU time goes: runs the bundled engine once in one thread (100 users over
// HTTPS, or 1,000 HTTP/2 streams) under `node --cpu-prof` and summarises the profile — the top
// functions by self time and a few groups. `npm run bench` embeds it in docs/BENCHMARKS.md;
// `npm run bench:profile` prints it (PROFILE_LISTENER=https | h2 | http).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleEngine } from './bundle.js';
import { ensureCommand, startNginx, type Nginx } from './nginx.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const GROUPS: [string, RegExp][] = [
  ['socket writes (`writeBuffer`: over TLS, SSL_write + the send, native)', /^writeBuffer$/],
  ['other native code (`(program)`: OpenSSL reads, syscalls, libuv)', /^\(program\)$/],
  ['garbage collection', /^\(garbage collector\)$/],
  ['idle (waiting for the network)', /^\(idle\)$/],
  ['JavaScript (all the rest)', /^(?!\((program|garbage collector|idle)\)$|writeBuffer$)/],
];

export async function profileEngine(
  nginx: Nginx,
  runner: string,
  listener: 'http' | 'https' | 'h2',
  seconds: number,
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cpuprof-'));
  const url = listener === 'h2' ? nginx.h2Url! : listener === 'http' ? nginx.url : nginx.httpsUrl!;
  const args = {
    target: url,
    pattern: 'sustained',
    concurrency: listener === 'h2' ? 1000 : 100,
    rate: null,
    durationSeconds: seconds,
    workers: 0,
    transport: listener === 'h2' ? 'h2' : 'raw',
    connections: listener === 'h2' ? 100 : undefined,
    caCert: url.startsWith('https:') ? nginx.certPath : undefined,
  };
  const before = await nginx.requests();
  const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, runner, JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => child.once('exit', r));
  const counted = (await nginx.requests()) - before - 1;
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
  const total = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const where = f.url ? `${basename(f.url)}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    byName.set(key, (byName.get(key) ?? 0) + (node.hitCount ?? 0));
  }
  const top = [...byName].sort((p, q) => q[1] - p[1]).slice(0, 15);
  const pct = (n: number): string => `${((100 * n) / total).toFixed(1)} %`;
  const summary = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { errors?: number };
  const lines = [
    `${listener === 'h2' ? 'HTTP/2, 1,000 streams over 100 connections' : `${listener.toUpperCase()}, 100 users`}, ${seconds} s in one thread (workers 0, so the profile holds the whole hot loop): nginx counted ${counted.toLocaleString('en-US')} requests (${Math.round(counted / seconds).toLocaleString('en-US')} req/s under the profiler), engine errors ${summary.errors ?? 'n/a'}.`,
    '',
    '| function (self time; bundle line) | share of samples |',
    '|---|--:|',
    ...top.map(([name, hits]) => `| \`${name.replace(/\|/g, '\\|')}\` | ${pct(hits)} |`),
    '',
    '| group | share of samples |',
    '|---|--:|',
    ...GROUPS.map(([group, re]) => {
      const hits = [...byName]
        .filter(([name]) => re.test(name.replace(/ \S+:\d+$/, '')))
        .reduce((n, [, h]) => n + h, 0);
      return `| ${group} | ${pct(hits)} |`;
    }),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  ensureCommand('nginx', 'nginx-light');
  const runner = await bundleEngine();
  const nginx = await startNginx(Number(process.env.BENCH_PORT ?? 18080), 2000, true);
  try {
    const listener = (process.env.PROFILE_LISTENER ?? 'https') as 'http' | 'https' | 'h2';
    console.log(await profileEngine(nginx, runner, listener, Number(process.env.BENCH_SECONDS ?? 8)));
  } finally {
    await nginx.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
