// The fault matrix through the CLI end to end (src/cli.ts run from source, its load on a worker
// thread): each broken target gets 100 arrivals (100/s for 1 s); results.json must say how many
// failed, of which kind, with which message, account for every request, and name the dominant
// error in the verdict; report.md and report.html are written; the exit code is the verdict's.
// The engine-level cases (exact timings, byte counts, memory) are in __tests__/engine/faults.test.ts.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cliFromSource } from '../__fixtures__/cli-source.js';
import {
  closeMidBody,
  drip,
  faultServer,
  hugeBody,
  notHttp,
  resetAfterHead,
  restartableServer,
  unansweredConnects,
} from '../__fixtures__/fault-servers.js';
import { makeWorkspace } from '../__fixtures__/runner.js';
import { refusedPort, startServer } from '../__fixtures__/servers.js';

interface Target {
  url: string;
  close(): Promise<void>;
}

async function runCase(target: Target, load: string, rate = 100) {
  const ws = makeWorkspace({
    'perf.yml': `load: { pattern: rate, rate: ${rate}, duration: 1s, concurrency: 50, workers: 1${load} }\nthresholds:\n  error_rate: 1\n`,
  });
  try {
    const run = await cliFromSource([
      'run',
      ...['--target', target.url, '--config', join(ws, 'perf.yml'), '--results', join(ws, 'out')],
    ]);
    const results = JSON.parse(readFileSync(join(ws, 'out/results.json'), 'utf8'));
    for (const file of ['report.md', 'report.html']) assert.ok(existsSync(join(ws, 'out', file)), file);
    return { ...run, results };
  } finally {
    await target.close();
  }
}

const fault = async (m: Parameters<typeof faultServer>[0]): Promise<Target> => {
  const s = await faultServer(m);
  return { url: s.url.href, close: () => s.close() };
};

const cases: {
  name: string;
  target: () => Promise<Target>;
  load?: string;
  kind: string;
  message: string | RegExp;
  /** completed at the transport level (a status arrived) instead of failed */
  completed?: boolean;
  /** arrivals per second for the 1 s run (default 100) */
  rate?: number;
}[] = [
  {
    name: 'refused: 100 of 100 connection_refused',
    target: async () => ({ url: `http://127.0.0.1:${await refusedPort()}/`, close: async () => {} }),
    kind: 'connection_refused',
    message: /^connect ECONNREFUSED 127\.0\.0\.1:\d+$/,
  },
  {
    name: 'reset mid-request: 100 of 100 connection_reset',
    target: () => fault(resetAfterHead),
    kind: 'connection_reset',
    message: 'read ECONNRESET',
  },
  {
    name: 'reset mid-body: 100 of 100 connection_reset after 500 body bytes',
    target: () => fault(closeMidBody(1000, 500)),
    kind: 'connection_reset',
    message: 'the server closed the connection after 500 body bytes',
  },
  {
    name: 'hang, first_byte_timeout 200ms: 100 of 100 timeout',
    target: () => fault(() => {}),
    load: ', first_byte_timeout: 200ms',
    kind: 'timeout',
    message: 'timed out waiting for the first response byte',
  },
  {
    name: 'hang before connecting, connect_timeout 200ms: 100 of 100 timeout while connecting',
    target: async () => {
      const t = await unansweredConnects();
      return { url: t.url.href, close: () => t.close() };
    },
    load: ', connect_timeout: 200ms',
    kind: 'timeout',
    message: 'timed out while connecting',
  },
  {
    name: 'not HTTP: 100 of 100 protocol',
    target: () => fault(notHttp('SSH-2.0-OpenSSH_9.6\r\n')),
    kind: 'protocol',
    message: 'malformed status line "SSH-2.0-OpenSSH_9.6"',
  },
  {
    name: 'slow drip, timeout 300ms: 100 of 100 timeout while reading',
    target: () => fault(drip(1000, 20)),
    load: ', timeout: 300ms',
    kind: 'timeout',
    message: 'timed out while reading the response',
  },
  {
    name: 'huge body (1 GiB, the 64 MiB default cap): 10 of 10 body_too_large',
    target: () => fault(hugeBody(1 << 30)),
    rate: 10, // 64 MiB read per request
    kind: 'body_too_large',
    message: `response body over the ${64 * 1024 * 1024}-byte cap (the rest was not read)`,
  },
  {
    name: 'DNS failure (.invalid): 100 of 100 dns',
    target: async () => ({ url: 'http://backend-v2.invalid:8080/', close: async () => {} }),
    kind: 'dns',
    message: 'getaddrinfo ENOTFOUND backend-v2.invalid',
  },
  {
    name: 'all 503: 100 of 100 http_503',
    target: async () => {
      const s = await startServer(() => ({ status: 503 }));
      return { url: s.url.href, close: () => s.close() };
    },
    kind: 'http_503',
    message: 'HTTP 503',
    completed: true,
  },
  {
    name: 'all 429: 100 of 100 http_429',
    target: async () => {
      const s = await startServer(() => ({ status: 429 }));
      return { url: s.url.href, close: () => s.close() };
    },
    kind: 'http_429',
    message: 'HTTP 429',
    completed: true,
  },
];

describe('fault matrix through the CLI (results.json, reports, exit code)', () => {
  for (const c of cases) {
    it(`${c.name}, exit 1, the verdict names it`, async () => {
      const n = c.rate ?? 100;
      const run = await runCase(await c.target(), c.load ?? '', n);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const r = run.results;
      assert.equal(r.verdict, 'fail');
      assert.equal(r.totals.requests, n);
      assert.equal(r.totals.errors, n);
      assert.equal(r.errors.length, 1, JSON.stringify(r.errors));
      assert.equal(r.errors[0].kind, c.kind);
      assert.equal(r.errors[0].count, n);
      if (typeof c.message === 'string') assert.equal(r.errors[0].firstMessage, c.message);
      else assert.match(r.errors[0].firstMessage, c.message);
      assert.deepEqual(r.requests, {
        sent: n,
        completed: c.completed ? n : 0,
        failed: c.completed ? 0 : n,
        inFlightAtEnd: 0,
        notSent: 0,
        balanced: true,
      });
      assert.match(r.reason, new RegExp(`; mostly ${c.kind} × ${n} \\(100% of errors\\)`));
      assert.match(run.stdout, new RegExp(`^Verdict: FAIL — .*mostly ${c.kind} × ${n}`, 'm'));
      // the accounting adds up and nothing was left in flight: no accounting line
      assert.doesNotMatch(run.stdout, /Requests accounted/);
    });
  }

  it('a 60/30/10 mix of 503/429/200: 60 http_503 + 30 http_429 of 100, exit 1, the verdict names http_503', async () => {
    const mixed = [503, 503, 503, 503, 503, 503, 429, 429, 429, 200];
    const s = await startServer((_req, n) => ({ status: mixed[n % 10] }));
    const run = await runCase({ url: s.url.href, close: () => s.close() }, '');
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const r = run.results;
    assert.deepEqual(r.statusCodes, { '200': 10, '429': 30, '503': 60 });
    assert.deepEqual(
      r.errors.map((e: { kind: string; count: number }) => [e.kind, e.count]),
      [
        ['http_503', 60],
        ['http_429', 30],
      ],
    );
    assert.deepEqual(r.requests, {
      sent: 100,
      completed: 100,
      failed: 0,
      inFlightAtEnd: 0,
      notSent: 0,
      balanced: true,
    });
    assert.match(r.reason, /; mostly http_503 × 60 \(67% of errors\)/);
  });

  it('a target that crashes for 0.5 s of a 4 s run: only connection_refused / reset errors, fewer than the requests, exit 1', async () => {
    // it crashes on its 150th request (~1.5 s into the load) and is back 500 ms later
    const server = await restartableServer({ afterRequests: 150, downMs: 500 });
    try {
      const ws = makeWorkspace({
        'perf.yml':
          'load: { pattern: rate, rate: 100, duration: 4s, concurrency: 50, workers: 1 }\nthresholds:\n  error_rate: 1\n',
      });
      const run = await cliFromSource([
        'run',
        ...['--target', server.url.href, '--config', join(ws, 'perf.yml'), '--results', join(ws, 'out')],
      ]);
      const r = JSON.parse(readFileSync(join(ws, 'out/results.json'), 'utf8'));
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.equal(r.totals.requests, 400);
      assert.ok(server.events.stoppedAtMs.length === 1 && server.events.startedAtMs.length === 1);
      const kinds = r.errors.map((e: { kind: string }) => e.kind).sort();
      assert.ok(
        kinds.every((k: string) => k === 'connection_refused' || k === 'connection_reset'),
        kinds,
      );
      assert.ok(r.totals.errors > 0 && r.totals.errors < 400, `${r.totals.errors} errors`);
      // recovered: the last second of the run is clean
      assert.deepEqual([r.timeline.at(-1).requests, r.timeline.at(-1).errors], [100, 0]);
      assert.equal(r.requests.balanced, true);
      assert.equal(r.requests.sent, 400);
    } finally {
      await server.close();
    }
  });

  it('connect_timeout longer than timeout: exit 2, located message, nothing sent', async () => {
    const ws = makeWorkspace({ 'perf.yml': 'load:\n  timeout: 1s\n  connect_timeout: 5s\n' });
    const run = await cliFromSource([
      'run',
      ...['--target', 'http://127.0.0.1:9/', '--config', join(ws, 'perf.yml')],
    ]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /^error: .*perf\.yml:3:20: load\.connect_timeout: expected at most load\.timeout \(1000ms\), got 5000ms/,
    );
  });
});
