// npm run bench: this engine vs wrk and autocannon against nginx on loopback, alternating rounds.
// Throughput is what nginx counted (stub_status deltas) in the steady window [2 s, d − 1 s] of each
// run; peak RSS is VmHWM of the generator process (worker threads included). Writes docs/BENCHMARKS.md.
// BENCH_BASE=<source tree> compares this engine with the engine of another tree instead (e.g. a git
// worktree of an earlier commit): only the two engines run, same scenarios, same rounds, and the
// doc is not rewritten.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, release } from 'node:os';
import { dirname, join } from 'node:path';
import { bundleEngine } from './bundle.js';
import { profileEngine } from './cpu-profile.js';
import { ensureCommand, startNginx, type Nginx } from './nginx.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PORT = Number(process.env.BENCH_PORT ?? 18080);
const WINDOW_START_S = 2;
const WINDOW_END_BEFORE_S = 1;
const RATE = 5000;
/** BENCH_ONLY=ab runs only scenarios a and b (quick comparisons; the doc is then not rewritten). */
const ONLY = process.env.BENCH_ONLY ?? null;
/** Another source tree whose engine runs beside this one's (see the header). */
const BASE = process.env.BENCH_BASE ?? null;

interface EngineRun {
  workers: number;
  connections: number;
  rate: number | null;
  transport: string;
}
interface Tool {
  name: string;
  argv: (url: string) => string[];
  /** One of the engines (bench/engine-runner.ts, which prints a JSON summary), as it was asked to run. */
  engine?: EngineRun;
}
interface Scenario {
  id: string;
  title: string;
  connections: number;
  /** Which nginx listener: plain HTTP/1.1, HTTP/1.1 over TLS, HTTP/2 over TLS. */
  listener: 'http' | 'https' | 'h2';
  tools: Tool[];
}
interface Result {
  rps: number;
  rssMb: number;
  note: string;
}

function vmHwmMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU µs per request: the run's CPU share over its measured throughput. */
function cpuUsPerRequest(s: { throughputRps: number; health: { cpuPercent: number } }): number {
  return (s.health.cpuPercent / 100) * (1e6 / s.throughputRps);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function runOnce(nginx: Nginx, tool: Tool, url: string): Promise<Result> {
  const argv = tool.argv(url);
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number>((r) => child.once('exit', (code) => r(code ?? -1)));
  let rssMb = 0;
  const poll = setInterval(() => (rssMb = Math.max(rssMb, vmHwmMb(child.pid ?? 0))), 200);
  const t0 = performance.now();
  await sleep(WINDOW_START_S * 1000);
  const a = await nginx.requests();
  const ta = performance.now();
  await sleep((SECONDS - WINDOW_START_S - WINDOW_END_BEFORE_S) * 1000);
  const b = await nginx.requests();
  const tb = performance.now();
  const code = await exited;
  clearInterval(poll);
  const rps = (b - a - 1) / ((tb - ta) / 1000);
  let note = code === 0 ? '' : `exit ${code} ${err.trim().slice(0, 200)}`;
  if (tool.engine && out.trim()) {
    const s = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
      errors: number;
      errorKinds: Record<string, number>;
      throughputRps: number;
      health: {
        saturatedReasons: string[];
        achievedRatio: number | null;
        eventLoopDelayP99Ms: number;
        cpuPercent: number;
      };
    };
    note += s.errors > 0 ? `errors ${s.errors} ${JSON.stringify(s.errorKinds)} ` : 'no errors ';
    if (s.health.achievedRatio !== null) note += `achieved ${(100 * s.health.achievedRatio).toFixed(1)} % `;
    note += `loop p99 ${s.health.eventLoopDelayP99Ms.toFixed(0)} ms `;
    // generator CPU per request (whole run, main thread + workers): the engine's own cost, which
    // req/s alone hides when the target or the shared machine is the limit
    if (BASE !== null)
      note += `cpu ${s.health.cpuPercent.toFixed(0)} % = ${cpuUsPerRequest(s).toFixed(1)} µs/req `;
    if (s.health.saturatedReasons.length) note += `saturated: ${s.health.saturatedReasons.join('; ')}`;
  }
  if (tool.name.startsWith('h2load')) {
    const m =
      /requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored/.exec(
        out,
      );
    if (m) note += `${m[5]} failed, ${m[6]} errored`;
  }
  if (tool.name.startsWith('wrk')) {
    const m = /Socket errors: (.*)/.exec(out);
    if (m) note += `socket errors: ${m[1]}`;
  }
  void t0;
  return { rps, rssMb, note: note.trim() };
}

/**
 * The sections of the current docs/BENCHMARKS.md that this run does not write (other benches'
 * and measurements' own sections, e.g. bench/shards.ts's), kept after the regenerated ones.
 */
function keptSections(doc: string): string {
  let current = '';
  try {
    current = readFileSync('docs/BENCHMARKS.md', 'utf8');
  } catch {
    return '';
  }
  const written = new Set(doc.split('\n').filter((l) => l.startsWith('## ')));
  const sections = current.split(/\n(?=## )/).slice(1);
  const kept = sections.filter((sec) => !written.has(sec.split('\n')[0]));
  return kept.map((sec) => `\n${sec.trimEnd()}\n`).join('');
}

const median = (xs: number[]): number => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  ensureCommand('nginx', 'nginx-light');
  ensureCommand('wrk', 'wrk');
  const runner = await bundleEngine();
  const baseRunner = BASE === null ? null : await bundleEngine(BASE);
  const node = process.execPath;
  const autocannon = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  let certPath = '';
  const ours = (
    workers: number,
    c: number,
    rate: number | null,
    transport = 'raw',
    connections?: number,
    base = false,
  ): Tool => ({
    name: `${base ? `base engine (${BASE})` : 'this engine'}${transport === 'raw' ? '' : `, ${transport === 'h2' ? 'node:http2' : transport} client`} (${workers} worker${workers > 1 ? 's' : ''})`,
    engine: { workers, connections: c, rate, transport },
    argv: (url) => [
      node,
      base ? baseRunner! : runner,
      JSON.stringify({
        target: url,
        pattern: rate ? 'rate' : 'sustained',
        concurrency: c,
        rate,
        durationSeconds: SECONDS,
        workers,
        transport,
        connections,
        caCert: url.startsWith('https:') ? certPath : undefined,
      }),
    ],
  });
  const undiciH2 = (users: number, connections: number): Tool => ({
    name: 'undici allowH2 (naive loop, 1 thread)',
    argv: (url) => [
      node,
      join(dirname(runner), 'undici-h2.js'),
      JSON.stringify({
        target: url,
        concurrency: users,
        connections,
        durationSeconds: SECONDS,
        caCert: certPath,
      }),
    ],
  });
  const h2load = (c: number, streams: number, threads: number, h1 = false): Tool => ({
    name: `h2load${h1 ? ' --h1' : ''} (-t${threads}${h1 ? '' : `, -m${streams}`})`,
    argv: (url) => [
      'h2load',
      ...(h1 ? ['--h1'] : ['-m', String(streams)]),
      '-c',
      String(c),
      '-t',
      String(threads),
      '-D',
      String(SECONDS),
      url,
    ],
  });
  const wrk = (c: number, threads: number): Tool => ({
    name: `wrk (-t${threads})`,
    argv: (url) => [
      'wrk',
      '-t',
      String(threads),
      '-c',
      String(c),
      '-d',
      `${SECONDS}s`,
      '--timeout',
      '10s',
      url,
    ],
  });
  const ac = (c: number, rate: number | null): Tool => ({
    name: 'autocannon',
    argv: (url) => [
      node,
      autocannon,
      '-c',
      String(c),
      '-d',
      String(SECONDS),
      ...(rate ? ['-R', String(rate)] : []),
      url,
    ],
  });
  const scenarios: Scenario[] = [
    {
      id: 'a',
      title: '100 connections, closed model',
      connections: 100,
      listener: 'http' as const,
      tools: [
        ours(1, 100, null),
        ours(2, 100, null),
        ours(1, 100, null, 'undici'),
        wrk(100, 1),
        wrk(100, 2),
        ac(100, null),
      ],
    },
    {
      id: 'b',
      title: '10,000 users, closed model',
      connections: 10_000,
      listener: 'http' as const,
      tools: [
        ours(1, 10_000, null),
        ours(2, 10_000, null),
        ours(1, 10_000, null, 'undici'),
        wrk(10_000, 2),
        ac(10_000, null),
      ],
    },
    {
      id: 'c',
      title: `arrival rate ${fmt(RATE)} req/s`,
      connections: 1000,
      listener: 'http' as const,
      tools: [ours(2, 1000, RATE), ours(1, 1000, RATE), ac(100, RATE)],
    },
    {
      id: 'd',
      title: 'HTTPS (HTTP/1.1 over TLS), 100 connections',
      connections: 100,
      listener: 'https' as const,
      tools: [
        ours(1, 100, null),
        ours(2, 100, null),
        wrk(100, 1),
        wrk(100, 2),
        ac(100, null),
        h2load(100, 1, 1, true),
      ],
    },
    {
      id: 'e',
      title: 'HTTP/2, 1,000 streams over 100 connections',
      connections: 100,
      listener: 'h2' as const,
      tools: [
        ours(1, 1000, null, 'h2', 100),
        ours(2, 1000, null, 'h2', 100),
        undiciH2(1000, 100),
        h2load(100, 10, 1),
        h2load(100, 10, 2),
      ],
    },
  ]
    .filter((s) => ONLY === null || ONLY.includes(s.id))
    .map((s) =>
      BASE === null
        ? s
        : {
            ...s,
            // this tree's raw-transport engines, each followed by the same run of the base tree's
            tools: s.tools.flatMap((t) =>
              t.engine?.transport === 'raw'
                ? [t, ours(t.engine.workers, t.engine.connections, t.engine.rate, 'raw', undefined, true)]
                : [],
            ),
          },
    );
  ensureCommand('openssl', 'openssl');
  if (scenarios.some((s) => s.tools.some((t) => t.name.startsWith('h2load'))))
    ensureCommand('h2load', 'nghttp2-client');
  const nginx = await startNginx(PORT, 12_000, true);
  certPath = nginx.certPath ?? '';
  const urlOf = (s: Scenario): string =>
    s.listener === 'http' ? nginx.url : s.listener === 'https' ? nginx.httpsUrl! : nginx.h2Url!;
  const results = new Map<string, Result[]>();
  let profile = '';
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const s of scenarios) {
        // alternate the order each round so that drift on a shared machine hits every tool alike
        const tools = round % 2 === 0 ? [...s.tools].reverse() : s.tools;
        for (const t of tools) {
          const r = await runOnce(nginx, t, urlOf(s));
          console.log(
            `round ${round} · ${s.title} · ${t.name}: ${fmt(r.rps)} req/s, peak RSS ${r.rssMb.toFixed(0)} MB ${r.note}`,
          );
          const key = `${s.id}|${t.name}`;
          results.set(key, [...(results.get(key) ?? []), r]);
          await sleep(1000);
        }
      }
    }
    if (ONLY === null || ONLY.includes('p')) profile = await profileEngine(nginx, runner, 'https', SECONDS);
  } finally {
    await nginx.stop();
  }
  const rows: string[] = [];
  for (const s of scenarios) {
    const med = (name: string): number | null => {
      const rs = results.get(`${s.id}|${name}`);
      return rs ? median(rs.map((r) => r.rps)) : null;
    };
    // the better of wrk's 1- and 2-thread medians: the harder comparison
    const wrkRps = Math.max(med('wrk (-t1)') ?? 0, med('wrk (-t2)') ?? 0) || null;
    const acRps = med('autocannon');
    for (const t of s.tools) {
      const rs = results.get(`${s.id}|${t.name}`) ?? [];
      const rps = median(rs.map((r) => r.rps));
      const ratio = (base: number | null): string =>
        base && base > 0 ? `${(rps / base).toFixed(2)}×` : 'n/a';
      const rss = Math.max(...rs.map((r) => r.rssMb));
      const notes = [...new Set(rs.map((r) => r.note).filter(Boolean))].join(' / ');
      const h2Rps =
        Math.max(...s.tools.filter((x) => x.name.startsWith('h2load')).map((x) => med(x.name) ?? 0)) || null;
      rows.push(
        `| ${s.title} | ${t.name} | ${fmt(rps)} | ${rs.map((r) => fmt(r.rps)).join(', ')} | ${ratio(wrkRps)} | ${ratio(acRps)} | ${ratio(h2Rps)} | ${rss.toFixed(0)} | ${notes.replace(/\|/g, '\\|')} |`,
      );
    }
  }
  const table = [
    '| Scenario | Generator | req/s (median, nginx-counted) | rounds | vs wrk (best of -t1/-t2) | vs autocannon | vs h2load (best) | peak RSS MB | notes |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  console.log(`\n${table}\n`);
  if (BASE !== null) {
    // each engine of this tree is followed by the same run of the base tree (see the scenarios)
    for (const s of scenarios) {
      for (let i = 0; i + 1 < s.tools.length; i += 2) {
        const ours = results.get(`${s.id}|${s.tools[i].name}`) ?? [];
        const base = results.get(`${s.id}|${s.tools[i + 1].name}`) ?? [];
        const perRound = ours.map((r, k) => (r.rps / base[k].rps).toFixed(3)).join(', ');
        const medians = median(ours.map((r) => r.rps)) / median(base.map((r) => r.rps));
        console.log(`${s.title} · ${s.tools[i].name} / base: ${medians.toFixed(3)} (rounds ${perRound})`);
      }
    }
  }
  const machine = `${availableParallelism()} cores (nproc), Linux ${release()}, Node ${process.version}`;
  const pick = (id: string, name: string): Result[] => results.get(`${id}|${name}`) ?? [];
  const rpsOf = (id: string, name: string): number => median(pick(id, name).map((r) => r.rps));
  const one = 'this engine (1 worker)';
  const a = rpsOf('a', one);
  const b = rpsOf('b', one);
  const bRss = Math.max(...pick('b', one).map((r) => r.rssMb));
  const bNoErrors = pick('b', one).every((r) => r.note.startsWith('no errors'));
  const bSaturated = pick('b', one).some((r) => r.note.includes('saturated'));
  const bClean = bNoErrors && !bSaturated;
  const bState = `${bNoErrors ? 'no errors' : 'errors'}, ${bSaturated ? 'flagged saturated (the judge would say inconclusive)' : 'not saturated'}`;
  const c = pick('c', 'this engine (2 workers)');
  const cOk = c.every((r) => Math.abs(r.rps / RATE - 1) <= 0.01 || r.note.includes('saturated'));
  const yes = (ok: boolean): string => (ok ? 'met' : '**not met**');
  const bestWrk = (id: string): number => Math.max(rpsOf(id, 'wrk (-t1)') || 0, rpsOf(id, 'wrk (-t2)') || 0);
  const two = 'this engine (2 workers)';
  const d = Math.max(rpsOf('d', one) || 0, rpsOf('d', two) || 0);
  const eOne = 'this engine, node:http2 client (1 worker)';
  const eTwo = 'this engine, node:http2 client (2 workers)';
  const e = Math.max(rpsOf('e', eOne) || 0, rpsOf('e', eTwo) || 0);
  const eH2load = Math.max(rpsOf('e', 'h2load (-t1, -m10)') || 0, rpsOf('e', 'h2load (-t2, -m10)') || 0);
  const eNoErrors = [...pick('e', eOne), ...pick('e', eTwo)].every((r) => r.note.startsWith('no errors'));
  const x = (v: number, base: number): string => (base > 0 ? `${(v / base).toFixed(2)}×` : 'n/a');
  // each round's own ratio: both ran minutes apart at most, so the machine's drift between rounds
  // (20–40 % here) cancels; the spread says how far one run's ratio can be trusted
  const paired = (id: string, name: string, base: string): string => {
    const ours = pick(id, name);
    const theirs = pick(id, base);
    return ours.map((r, k) => (theirs[k] ? (r.rps / theirs[k].rps).toFixed(2) : 'n/a')).join(', ');
  };
  const goals = [
    `- 100 connections ≥ 1.5× autocannon and ≥ 0.7× wrk: ${(a / rpsOf('a', 'autocannon')).toFixed(2)}× and ${(a / bestWrk('a')).toFixed(2)}× — ${yes(a >= 1.5 * rpsOf('a', 'autocannon') && a >= 0.7 * bestWrk('a'))}`,
    `- plain HTTP/1.1, 100 connections ≥ 1.0× wrk (1 worker): ${x(a, rpsOf('a', 'wrk (-t1)'))} wrk -t1 (per round ${paired('a', one, 'wrk (-t1)')}), ${x(a, rpsOf('a', 'wrk (-t2)'))} wrk -t2 (per round ${paired('a', one, 'wrk (-t2)')}) — ${yes(a >= bestWrk('a'))}`,
    `- 10,000 users ≥ 0.6× wrk, RSS ≤ 250 MB, no errors, event-loop delay p99 < 100 ms (not flagged saturated): ${(b / rpsOf('b', 'wrk (-t2)')).toFixed(2)}×, ${bRss.toFixed(0)} MB, ${bState} — ${yes(b >= 0.6 * rpsOf('b', 'wrk (-t2)') && bRss <= 250 && bClean)}`,
    `- arrival rate ${fmt(RATE)} req/s within 1 % (or flagged inconclusive): ${c.map((r) => fmt(r.rps)).join(', ')} — ${yes(cOk)}`,
    `- HTTPS, 100 connections ≥ 0.8× wrk and ≥ 1.5× autocannon (better of 1 / 2 workers): ${x(d, bestWrk('d'))} and ${x(d, rpsOf('d', 'autocannon'))} — ${yes(d >= 0.8 * bestWrk('d') && d >= 1.5 * rpsOf('d', 'autocannon'))}`,
    `- HTTP/2, 1,000 users over 100 connections, 0 errors, ≥ 0.25× h2load: ${x(e, eH2load)}, ${eNoErrors ? 'no errors' : 'errors'} — ${yes(e >= 0.25 * eH2load && eNoErrors)}`,
  ];
  const doc = `# Benchmarks

Generated by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}.

**Machine:** ${machine}. The generator and nginx share the same cores, so every figure is a
comparison made in the same run, never against another day's numbers.

## Method

- Target: nginx (\`worker_processes 1\`, \`access_log off\`, \`return 200\` of a 13-byte body) on
  127.0.0.1, started with its own prefix and configuration (bench/nginx.ts).
- Each generator runs as its own process for ${SECONDS} s; ${ROUNDS} rounds, the order of the generators
  reversed every other round so that drift on the shared machine hits all of them alike.
- **req/s** is what nginx counted (\`stub_status\` request counter) in the steady window from
  ${WINDOW_START_S} s after the generator started to ${WINDOW_END_BEFORE_S} s before its end — the
  generators' own figures are not used. The table shows the median of the rounds, and each round.
- **peak RSS** is \`VmHWM\` of the generator process (worker threads included), sampled every 200 ms.
- This engine runs from an esbuild bundle of bench/engine-runner.ts + src/engine/worker.ts (as in
  dist/), closed model = \`sustained\`, open model = \`rate\` with 1,000 in-flight places; 1 s warm-up.
- HTTPS and HTTP/2: the same nginx also listens over TLS (TLS 1.3, a self-signed RSA-2048 certificate
  made by openssl, which every generator trusts or ignores) on port + 1 (HTTP/1.1) and port + 2
  (\`http2\`, ALPN h2); one \`stub_status\` counter covers all three listeners.
- HTTP/2 rows: this engine's node:http2 client (1,000 users = concurrent streams, \`connections\` 100),
  a naive undici loop (bench/undici-h2-runner.ts: 100 \`Client\`s with \`allowH2\`, pipelining 10,
  dispatch with a minimal handler — the alternative the engine did not pick), and h2load
  (nghttp2-client, \`-c 100 -m 10\`, 1 and 2 threads). h2load \`--h1\` is the C reference for HTTPS/1.1.
- **vs wrk** compares with the better of wrk's \`-t1\` and \`-t2\` medians; **vs h2load** with the
  better h2load row of the scenario.
- wrk 4.1 (\`-t 1\` and \`-t 2\`), autocannon ${JSON.parse(readFileSync(createRequire(import.meta.url).resolve('autocannon/package.json'), 'utf8')).version as string} (\`-c\`, \`-R\` for the rate), run with Node ${process.version}.
  wrk has no arrival-rate mode (wrk2 is not packaged), hence n/a.

## Results

${table}

## Goals

${goals.join('\n')}

## Where the time goes over TLS (node --cpu-prof)

${profile || '_not measured in this run_'}

## Observations

- Figures move by 20–40 % between rounds: the 2 cores are shared by nginx, the generator and
  whatever else runs on the machine. Compare generators within one run only.
- Transport: the engine speaks HTTP/1.1 itself on \`net\`/\`tls\` sockets (src/engine/slot.ts,
  http1-parser.ts): one socket per user, opened lazily and kept alive, the request bytes built once
  per endpoint, every response parsed in place from one 64 KB read buffer shared by the shard
  (\`onread\`), so reads allocate nothing. The \`undici client\` rows are the previous transport (one
  undici \`Client\` per user) in the same rounds, for comparison; they share the batching below. 10,000 idle keep-alive
  raw sockets to nginx measured 4.1 KB of RSS each (1.8 KB of JS heap, no buffers);
  the undici rows show its ~40–50 KB per connection under load.
- Event-loop delay at 10,000 users: with every ready user's next request written straight from its
  response callback, a loop turn read and wrote all 10,000 users (~150 ms turns; p99 0.2–2.3 s as
  libuv keeps polling while ≥ 1,024 sockets are ready). Next sends now go out from
  \`setImmediate\`, after the poll phase, at most 1,000 per turn (src/engine/closed-driver.ts): turns
  of 20–55 ms at the same throughput. Connections open at most 1,000 per 10 ms control tick, and the
  delay is measured over the measured window (warm-up excluded, like every other figure).
- What the 10,000-user figures mean: the generator is CPU-bound there, so a user whose response has
  been read waits for its send turn. The latency recorded is the server's (actual send → last byte,
  read promptly); the wait is not latency, but it is load the target never saw, so it is measured
  as the closed model's scheduling lag and, above 25 ms at p99, flags the run as saturated (the
  judge then says \`inconclusive\`, never pass). On these 2 shared cores that is what happens at
  10,000 users: by Little's law only req/s × mean latency requests are at the server at once
  (e.g. 62,513 req/s × 10.6 ms ≈ 700 in flight). wrk at 10,000 connections is paced by its CPU the
  same way but does not say so. A larger runner, or shards on a matrix, gives 10,000 users for real.
- 1 vs 2 worker threads: compare the rows above (same rounds). For plain http the default stays
  cores − 1 (at least 1, at most 4), leaving a core to the target and the OS. For https targets it
  is one per core (at most 4): TLS records are CPU work a second thread shares — in the first
  HTTPS run on 2 cores (22:38 UTC, one 6 s round) 2 workers gave 53,120 req/s against 26,190 for 1
  (2.03×); in the 3-round run above the medians are closer (see the HTTPS rows; the rounds there
  were disturbed by other load on the machine).
- Arrival rate: nginx counted the intended rate within 0.1 %, and latencies are measured from the
  intended send time (the stalling-server truth test is in __tests__/engine/open.test.ts).
- Regression check against the tree before the connection/error bookkeeping, latency parts and
  parser-strictness commits (419cf8b, \`BENCH_BASE=<worktree> BENCH_ONLY=a npm run bench\`, 6 s,
  3 rounds, same run, loaded machine): this engine / that one = 0.96 with 1 worker (rounds 0.65,
  0.96, 1.01) and 0.97 with 2 workers (0.97, 1.12, 0.90); generator CPU per nginx-counted request
  13.6–20 µs against 13.5–16 µs. The gap to wrk is therefore mostly not a regression. In the
  profile of plain HTTP (1 thread) the send system call (\`writeBuffer\`) took 30–40 % of the
  samples, idle 20–28 %, JavaScript ~33 %; within it the header parser's per-response strings for
  \`Connection: keep-alive\` (1.7–4 %, now compared in place) and the histograms' recording (~7–12 %,
  since replaced by flat bucket arrays) were the largest items.
- HTTPS (scenario d): the raw client's TLS path is the plain one plus \`tls.connect\` — one secure
  context per shard (trust list, client certificate and minimum version parsed once, not per
  connection), decrypted bytes read into the shared 64 KB buffer (\`onread\` works for TLS sockets
  too: no Buffer per read), the user's TLS session resumed when it reconnects (no full handshake
  after a server close), and next requests written from the send queue after each poll phase (one
  write per user per loop turn). At 100 kept-alive connections the handshakes are done in the first
  second. The profile above (one thread, under the profiler) shows where the rest goes: most of the
  busy time is \`writeBuffer\`, Node's native TLS write — SSL_write, then an asynchronous libuv write
  with its WriteWrap and completion callback for every request, and, on loopback, the kernel's TCP
  processing of the receiving side, which Linux runs in the writer's system call. The HTTP parser,
  the histograms and the slot bookkeeping are a few per cent each. wrk does the same system call
  per request from C without the JS/native crossings; on this machine one engine thread now keeps
  up with it (HTTPS rows above), and where a core is free (a remote target) a second thread adds
  throughput: the default for https targets is one worker per core (src/engine/run.ts
  \`defaultWorkers\`), while plain http keeps cores − 1.
- The response head (both listeners): the parser remembers the last head it read whole on a
  connection and takes a byte-identical head (nginx's differ only when the Date second changes)
  with one native compare instead of reading it byte by byte; other heads are read one pass per
  line. That took the parser from ~13 % of the engine's CPU to ~2 % (see "The response head, read
  once" below).
- HTTP/2 (scenario e): node:http2 allocates a stream object, its event listeners and a Buffer per
  DATA frame for every request; that per-request cost, not the network, bounds the node:http2 rows.
  The naive undici loop is the alternative measured in the same rounds; the engine uses whichever
  row is faster here (node:http2) and keeps undici for proxies only.
`;
  if (ONLY !== null || BASE !== null) return;
  mkdirSync('docs', { recursive: true });
  writeFileSync('docs/BENCHMARKS.md', doc + keptSections(doc));
  console.log(`${goals.join('\n')}\nmachine: ${machine}; written to docs/BENCHMARKS.md`);
}

await main();
