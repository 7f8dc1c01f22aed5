// The fault matrix through the real engine: each broken server below gets a load whose size is
// known in advance (an arrival rate × a duration: every arrival is recorded, sent or not_sent), so
// each case asserts exact counts, the error kind and its message, the request accounting
// (sent = completed + failed + in flight at the end) and the verdict. The same faults run through
// the CLI in __tests__/e2e/faults-cli.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LoadConfig, SloSpec } from '../../src/config/types.js';
import { runLoad } from '../../src/engine/run.js';
import { errorEntries } from '../../src/judge/errors.js';
import { evaluate } from '../../src/judge/evaluate.js';
import type { RequestAccounting, Snapshot } from '../../src/metrics/types.js';
import {
  closeMidBody,
  drip,
  faultServer,
  hugeBody,
  notHttp,
  resetAfterHead,
  restartableServer,
  unansweredConnects,
  type FaultServer,
} from '../__fixtures__/fault-servers.js';
import { refusedPort, startServer } from '../__fixtures__/servers.js';
import { endpoint, plan } from './helpers.js';

const ERROR_RATE_1: SloSpec = {
  name: 'error rate',
  endpoint: null,
  metric: { kind: 'error_rate' },
  bound: 'max',
  limit: 1,
};

/** `rate` arrivals per second for `seconds`: exactly rate × seconds requests. */
function arrivals(rate: number, seconds: number, more: Partial<LoadConfig> = {}): Partial<LoadConfig> {
  return { pattern: 'rate', rate, durationSeconds: seconds, concurrency: 100, timeoutMs: 2_000, ...more };
}

function verdictOf(s: Snapshot): { verdict: string; reason: string } {
  return evaluate(s, { slos: [ERROR_RATE_1], errorClass: 'unexpected', minSamplesFactor: 10 });
}

function balanced(sent: number, completed: number, failed: number, notSent = 0): RequestAccounting {
  return { sent, completed, failed, inFlightAtEnd: 0, notSent, balanced: true };
}

async function withServer<T>(server: FaultServer, body: (s: FaultServer) => Promise<T>): Promise<T> {
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

describe('fault matrix (engine)', () => {
  it('refused: 300 of 300 requests are connection_refused, verdict fail naming it', async () => {
    const port = await refusedPort();
    const s = await runLoad(plan(new URL(`http://127.0.0.1:${port}`), arrivals(300, 1)), { workers: 0 });
    assert.equal(s.overall.counts.requests, 300);
    assert.deepEqual(s.overall.counts.errorKinds, { connection_refused: 300 });
    assert.deepEqual(s.accounting, balanced(300, 0, 300));
    const [entry, ...rest] = errorEntries(s, 'unexpected');
    assert.deepEqual(rest, []);
    assert.equal(entry.firstMessage, `connect ECONNREFUSED 127.0.0.1:${port}`);
    const v = verdictOf(s);
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /; mostly connection_refused × 300 \(100% of errors\): "connect ECONNREFUSED/);
  });

  it('reset mid-request (RST after the head): 300 of 300 connection_reset, no response byte', async () => {
    await withServer(await faultServer(resetAfterHead), async (server) => {
      const s = await runLoad(plan(server.url, arrivals(300, 1)), { workers: 0 });
      assert.equal(server.requests, 300);
      assert.deepEqual(s.overall.counts.errorKinds, { connection_reset: 300 });
      assert.equal(s.overall.counts.statusClasses['none'], 300);
      assert.equal(s.overall.parts.ttfb.count, 0);
      assert.deepEqual(s.accounting, balanced(300, 0, 300));
      assert.equal(errorEntries(s, 'unexpected')[0].firstMessage, 'read ECONNRESET');
      assert.equal(verdictOf(s).verdict, 'fail');
    });
  });

  it('reset mid-body (500 of 1,000 announced bytes, then close): 300 of 300 connection_reset after 500 body bytes', async () => {
    await withServer(await faultServer(closeMidBody(1000, 500)), async (server) => {
      const s = await runLoad(plan(server.url, arrivals(300, 1)), { workers: 0 });
      assert.equal(server.requests, 300);
      assert.deepEqual(s.overall.counts.errorKinds, { connection_reset: 300 });
      // the status arrived, the response did not complete: counted as a transport failure
      assert.equal(s.overall.counts.statusCodes['200'], 300);
      assert.equal(s.overall.counts.bytes, 300 * 500);
      assert.deepEqual(s.accounting, balanced(300, 0, 300));
      const [entry] = errorEntries(s, 'unexpected');
      assert.equal(entry.firstMessage, 'the server closed the connection after 500 body bytes');
      assert.equal(entry.topMessageCount, 300);
      assert.equal(verdictOf(s).verdict, 'fail');
    });
  });

  it('hang (reads, never answers): 100 of 100 time out at exactly the 200 ms timeout', async () => {
    await withServer(await faultServer(() => {}), async (server) => {
      const s = await runLoad(plan(server.url, arrivals(100, 1, { timeoutMs: 200 })), { workers: 0 });
      assert.equal(server.requests, 100);
      assert.deepEqual(s.overall.counts.errorKinds, { timeout: 100 });
      assert.deepEqual(s.accounting, balanced(100, 0, 100));
      const service = s.overall.parts.serviceTime;
      // sent + 200 ms, not when the periodic sweep noticed (HDR keeps 3 significant digits)
      assert.ok(service.minMs >= 199.5 && service.maxMs < 201, `${service.minMs}..${service.maxMs} ms`);
      assert.equal(
        errorEntries(s, 'unexpected')[0].firstMessage,
        'timed out waiting for the first response byte',
      );
      assert.equal(verdictOf(s).verdict, 'fail');
    });
  });

  describe('hang: separate connect, first-byte and total timeouts', () => {
    it('connect_timeout 200 ms (a listener that never accepts, SYNs dropped): 50 of 50 time out while connecting, at exactly 200 ms', async () => {
      const target = await unansweredConnects();
      try {
        const s = await runLoad(plan(target.url, arrivals(50, 1, { connectTimeoutMs: 200 })), { workers: 0 });
        assert.deepEqual(s.overall.counts.errorKinds, { timeout: 50 });
        assert.deepEqual(s.accounting, balanced(50, 0, 50));
        const service = s.overall.parts.serviceTime;
        assert.ok(service.minMs >= 199.5 && service.maxMs < 201, `${service.minMs}..${service.maxMs} ms`);
        assert.equal(errorEntries(s, 'unexpected')[0].topMessage, 'timed out while connecting');
        assert.equal(errorEntries(s, 'unexpected')[0].topMessageCount, 50);
      } finally {
        await target.close();
      }
    });

    it('first_byte_timeout 150 ms of a 2 s timeout (reads, never answers): 100 of 100 at exactly 150 ms', async () => {
      await withServer(await faultServer(() => {}), async (server) => {
        const s = await runLoad(plan(server.url, arrivals(100, 1, { firstByteTimeoutMs: 150 })), {
          workers: 0,
        });
        assert.deepEqual(s.overall.counts.errorKinds, { timeout: 100 });
        assert.deepEqual(s.accounting, balanced(100, 0, 100));
        const service = s.overall.parts.serviceTime;
        assert.ok(service.minMs >= 149.5 && service.maxMs < 151, `${service.minMs}..${service.maxMs} ms`);
        assert.equal(
          errorEntries(s, 'unexpected')[0].firstMessage,
          'timed out waiting for the first response byte',
        );
      });
    });

    it('first_byte_timeout 200 ms does not cut a body that began (drip): 50 of 50 end at the 500 ms total instead', async () => {
      await withServer(await faultServer(drip(1000, 20)), async (server) => {
        const s = await runLoad(
          plan(
            server.url,
            arrivals(50, 1, { timeoutMs: 500, firstByteTimeoutMs: 200, connectTimeoutMs: 50 }),
          ),
          // the server on this thread, the load on a worker: a stall of one does not delay the other's first byte
          { workers: 1 },
        );
        assert.deepEqual(s.overall.counts.errorKinds, { timeout: 50 });
        const service = s.overall.parts.serviceTime;
        assert.ok(service.minMs >= 499.5 && service.maxMs < 501, `${service.minMs}..${service.maxMs} ms`);
        assert.equal(errorEntries(s, 'unexpected')[0].firstMessage, 'timed out while reading the response');
      });
    });
  });

  it('bytes that are not HTTP (an SSH banner): 300 of 300 protocol, quoting the line', async () => {
    await withServer(await faultServer(notHttp('SSH-2.0-OpenSSH_9.6\r\n')), async (server) => {
      const s = await runLoad(plan(server.url, arrivals(300, 1)), { workers: 0 });
      assert.deepEqual(s.overall.counts.errorKinds, { protocol: 300 });
      assert.deepEqual(s.accounting, balanced(300, 0, 300));
      assert.equal(
        errorEntries(s, 'unexpected')[0].firstMessage,
        'malformed status line "SSH-2.0-OpenSSH_9.6"',
      );
      const v = verdictOf(s);
      assert.equal(v.verdict, 'fail');
      assert.match(v.reason, /; mostly protocol × 300 \(100% of errors\)/);
    });
  });

  it('slow drip (1 byte / 20 ms of 1,000): 50 of 50 time out at exactly sent + 300 ms, while reading', async () => {
    await withServer(await faultServer(drip(1000, 20)), async (server) => {
      const s = await runLoad(plan(server.url, arrivals(50, 1, { timeoutMs: 300 })), { workers: 0 });
      assert.deepEqual(s.overall.counts.errorKinds, { timeout: 50 });
      assert.deepEqual(s.accounting, balanced(50, 0, 50));
      const service = s.overall.parts.serviceTime;
      assert.ok(service.minMs >= 299.5 && service.maxMs < 301, `${service.minMs}..${service.maxMs} ms`);
      // every drip had begun: the first byte came, the body never finished
      assert.equal(s.overall.parts.ttfb.count, 50);
      assert.equal(errorEntries(s, 'unexpected')[0].firstMessage, 'timed out while reading the response');
    });
  });

  it('huge body (1 GiB announced, 1 MiB cap): 20 of 20 body_too_large, ≤ cap + one read kept, the rest never sent', async () => {
    const GiB = 1 << 30;
    const cap = 1 << 20;
    await withServer(await faultServer(hugeBody(GiB)), async (server) => {
      const s = await runLoad(plan(server.url, arrivals(20, 1)), { workers: 0, maxBodyBytes: cap });
      assert.deepEqual(s.overall.counts.errorKinds, { body_too_large: 20 });
      assert.deepEqual(s.accounting, balanced(20, 0, 20));
      // counted bytes stop at the read that crossed the cap (one 64 KiB read buffer past it at most)
      assert.ok(s.overall.counts.bytes <= 20 * (cap + 64 * 1024), `${s.overall.counts.bytes} bytes`);
      assert.ok(s.overall.counts.bytes > 20 * cap, `${s.overall.counts.bytes} bytes`);
      // the connection is dropped at the cap: the server got nowhere near 20 GiB out
      assert.ok(server.bytesWritten < 20 * 64 * cap, `${server.bytesWritten} bytes written`);
      assert.equal(
        errorEntries(s, 'unexpected')[0].firstMessage,
        `response body over the ${cap}-byte cap (the rest was not read)`,
      );
    });
  });

  it('huge body under the cap (1 GiB, cap 2 GiB): 1 of 1 completes, drained without buffering it (RSS growth < 100 MiB)', async () => {
    const GiB = 1 << 30;
    await withServer(await faultServer(hugeBody(GiB)), async (server) => {
      const rssBefore = process.memoryUsage.rss();
      let rssMax = rssBefore;
      const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage.rss())), 20);
      try {
        // one arrival at t = 0; the run drains it after its 0.2 s
        const s = await runLoad(plan(server.url, arrivals(5, 0.2, { timeoutMs: 20_000 })), {
          workers: 0,
          maxBodyBytes: 2 * GiB,
        });
        assert.equal(s.overall.counts.requests, 1);
        assert.deepEqual(s.overall.counts.errorKinds, {});
        assert.equal(s.overall.counts.bytes, GiB);
        assert.deepEqual(s.accounting, balanced(1, 1, 0));
      } finally {
        clearInterval(sampler);
      }
      const growthMiB = (rssMax - rssBefore) / (1 << 20);
      assert.ok(growthMiB < 100, `RSS grew ${growthMiB.toFixed(1)} MiB`);
    });
  });

  it('DNS failure (a name under .invalid, RFC 6761: no query leaves): 300 of 300 dns', async () => {
    const s = await runLoad(plan(new URL('http://backend-v2.invalid:8080/'), arrivals(300, 1)), {
      workers: 0,
    });
    assert.deepEqual(s.overall.counts.errorKinds, { dns: 300 });
    assert.deepEqual(s.accounting, balanced(300, 0, 300));
    assert.equal(errorEntries(s, 'unexpected')[0].firstMessage, 'getaddrinfo ENOTFOUND backend-v2.invalid');
    const v = verdictOf(s);
    assert.equal(v.verdict, 'fail');
    assert.match(v.reason, /; mostly dns × 300 \(100% of errors\)/);
  });

  describe('a target that dies mid-run and comes back', () => {
    it('200/s for 4 s, down from ~1 s to ~1.5 s: errors only in that window (connection_refused), recovered after', async () => {
      const server = await restartableServer();
      const timers: NodeJS.Timeout[] = [];
      try {
        // t = 0 is fixed in advance (the worker is ready before it), so the stop and the start
        // are timed from it: the load in a worker thread, the target in its own process
        const startMs = Date.now() + 1500;
        const at = (ms: number, f: () => Promise<void>): number =>
          timers.push(setTimeout(() => void f(), startMs + ms - Date.now()));
        at(1000, server.stop);
        at(1500, server.start);
        const s = await runLoad(plan(server.url, arrivals(200, 4, { concurrency: 50 })), {
          workers: 1,
          startAtEpochMs: startMs,
        });
        assert.equal(s.overall.counts.requests, 800);
        const stoppedAt = (server.events.stoppedAtMs[0]! - startMs) / 1000;
        const startedAt = (server.events.startedAtMs[0]! - startMs) / 1000;
        assert.ok(stoppedAt >= 1 && startedAt < 3, `down ${stoppedAt} .. ${startedAt} s`);
        // the arrivals sent while it was down: 200/s × the window, give or take what the
        // generator's send lag moves across each edge (and 2 per edge for timer rounding)
        // The edges are measured, not assumed: the death at the SIGKILL (at most until this
        // process saw the exit), the restart at the new process's own listen().
        const deathLate = (server.events.exitSeenAtMs[0]! - server.events.stoppedAtMs[0]!) / 1000;
        const down = 200 * (startedAt - stoppedAt);
        const slack = 4 + 200 * (s.health.schedulingLagP99Ms / 1000) + 200 * deathLate;
        const errors = s.overall.counts.errors;
        assert.ok(
          Math.abs(errors - down) <= slack,
          `${errors} errors, ${down.toFixed(1)} ± ${slack.toFixed(1)} expected (death seen ${deathLate * 1000} ms after the kill, send lag p99 ${s.health.schedulingLagP99Ms} ms)`,
        );
        const kinds = s.overall.counts.errorKinds;
        // the requests on the wire at the instant of the kill are reset (a few: as many as the
        // edge's slack); every other one was refused
        assert.ok((kinds['connection_reset'] ?? 0) <= slack, JSON.stringify(kinds));
        assert.equal((kinds['connection_refused'] ?? 0) + (kinds['connection_reset'] ?? 0), errors);
        // none before the stop, none after the restart: the users reconnected. The timeline is by
        // intended send time, the window by wall clock: a second is clear of it by the send lag.
        const lag = s.health.schedulingLagP99Ms / 1000 + 0.05;
        const clean = s.timeline.filter(
          (b) => b.second + 1 <= stoppedAt - lag || b.second >= startedAt + lag,
        );
        assert.ok(clean.length >= 1, `${clean.length} seconds outside the window ± ${lag} s`);
        assert.equal(clean.at(-1)!.second, 3);
        assert.deepEqual(
          clean.map((b) => [b.second, b.requests, b.errors]),
          clean.map((b) => [b.second, 200, 0]),
        );
        assert.deepEqual(s.accounting, balanced(800, 800 - errors, errors));
      } finally {
        timers.forEach(clearTimeout);
        await server.close();
      }
    });
  });

  describe('4xx / 5xx storms (statuses counted as errors by the status rules)', () => {
    const mixed = (n: number): number => [503, 503, 503, 503, 503, 503, 429, 429, 429, 200][n % 10]!;
    it('all 503: 300 of 300 http_503, errors[] and the verdict name it', async () => {
      const server = await startServer(() => ({ status: 503 }));
      try {
        const s = await runLoad(plan(server.url, arrivals(300, 1)), { workers: 0 });
        assert.deepEqual(s.overall.counts.statusCodes, { '503': 300 });
        assert.equal(s.overall.counts.errors, 300);
        // a status is a response: completed at the transport level, an error by the status rules
        assert.deepEqual(s.accounting, balanced(300, 300, 0));
        assert.deepEqual(
          errorEntries(s, 'unexpected').map((e) => [e.kind, e.count]),
          [['http_503', 300]],
        );
        assert.match(verdictOf(s).reason, /; mostly http_503 × 300 \(100% of errors\)$/);
      } finally {
        await server.close();
      }
    });

    it('all 429: 300 of 300 http_429 under the default error class; none under 5xx', async () => {
      const server = await startServer(() => ({ status: 429 }));
      try {
        const s = await runLoad(plan(server.url, arrivals(300, 1)), { workers: 0 });
        assert.deepEqual(s.overall.counts.statusCodes, { '429': 300 });
        assert.deepEqual(
          errorEntries(s, 'unexpected').map((e) => [e.kind, e.count]),
          [['http_429', 300]],
        );
        assert.deepEqual(errorEntries(s, '5xx'), []);
        assert.match(verdictOf(s).reason, /; mostly http_429 × 300 \(100% of errors\)/);
      } finally {
        await server.close();
      }
    });

    it('a mix (60 % 503, 30 % 429, 10 % 200): 180 / 90 / 30, errors[] largest first, the verdict names 503', async () => {
      const server = await startServer((_req, n) => ({ status: mixed(n) }));
      try {
        const s = await runLoad(plan(server.url, arrivals(300, 1), [endpoint({ name: 'checkout' })]), {
          workers: 1,
        });
        assert.deepEqual(s.overall.counts.statusCodes, { '200': 30, '429': 90, '503': 180 });
        assert.equal(s.overall.counts.errors, 270);
        assert.deepEqual(s.accounting, balanced(300, 300, 0));
        assert.deepEqual(
          errorEntries(s, 'unexpected').map((e) => [e.kind, e.count, e.endpoints]),
          [
            ['http_503', 180, ['checkout']],
            ['http_429', 90, ['checkout']],
          ],
        );
        const v = verdictOf(s);
        assert.equal(v.verdict, 'fail');
        assert.match(
          v.reason,
          /^1 of 1 SLOs breached: error rate 90% > 1%( \(the generator was also saturated: .*\))?; mostly http_503 × 180 \(67% of errors\)/,
        );
      } finally {
        await server.close();
      }
    });
  });

  describe('the accounting when the load is stopped with requests in flight', () => {
    let server: FaultServer;
    before(async () => {
      server = await faultServer(() => {}); // hangs: every request stays in flight
    });
    after(() => server.close());

    it('abort at ~0.5 s of 100/s against a hanging server: sent = in flight at the end, nothing recorded as failed', async () => {
      const controller = new AbortController();
      const s = await runLoad(plan(server.url, arrivals(100, 5, { timeoutMs: 10_000 })), {
        workers: 1,
        tickMs: 100,
        onTick: (snap) => {
          if (snap.elapsedSeconds >= 0.5) controller.abort('stopped by the test');
        },
        signal: controller.signal,
      });
      const a = s.accounting!;
      assert.ok(a.sent >= 40 && a.sent <= 80, `${a.sent} sent`);
      // a request written in the abort's own loop turn can be discarded with its socket before the
      // server reads it (seen once in CI: 60 read of 61 sent); every one the server read was sent
      assert.ok(
        server.requests <= a.sent && server.requests >= a.sent - 2,
        `${server.requests} of ${a.sent} read`,
      );
      assert.deepEqual(a, {
        sent: a.sent,
        completed: 0,
        failed: 0,
        inFlightAtEnd: a.sent,
        notSent: 0,
        balanced: true,
      });
    });
  });
});
