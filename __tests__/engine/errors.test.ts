import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatProgress, runLoad } from '../../src/engine/run.js';
import type { Snapshot } from '../../src/metrics/types.js';
import { startServer, type TestServer } from '../__fixtures__/servers.js';
import { endpoint, plan } from './helpers.js';

describe('error kinds, timeouts, body cap, abort', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer((req) => {
      switch (req.url) {
        case '/hang':
          return { action: 'hang' };
        case '/reset':
          return { action: 'reset' };
        case '/big':
          return { body: 'x'.repeat(1000) };
        default:
          return { delayMs: 10 };
      }
    });
  });
  after(() => server.close());

  it('a request slower than timeoutMs is a timeout, counted with its elapsed time', async () => {
    const s = await runLoad(
      plan(server.url, { concurrency: 2, durationSeconds: 0.5, timeoutMs: 200 }, [
        endpoint({ path: '/hang' }),
      ]),
      {
        workers: 0,
      },
    );
    const c = s.overall.counts;
    // 2 users × (0.5 s / 0.2 s) → each user sends at 0, 200, 400 ms
    assert.equal(c.requests, 6);
    assert.equal(c.errorKinds['timeout'], 6);
    assert.equal(c.statusClasses['none'], 6);
    assert.ok(
      // exactly the timeout (HDR keeps 3 significant digits), not when the periodic sweep noticed it
      s.overall.latency.minMs >= 199.5 && s.overall.latency.maxMs < 201,
      `${s.overall.latency.minMs}..${s.overall.latency.maxMs}`,
    );
  });

  it('a reset connection is connection_reset', async () => {
    const s = await runLoad(
      plan(server.url, { concurrency: 1, durationSeconds: 0.3 }, [endpoint({ path: '/reset' })]),
      { workers: 0 },
    );
    const c = s.overall.counts;
    assert.ok(c.requests > 5);
    assert.equal(c.errorKinds['connection_reset'], c.requests);
    assert.equal(c.errors, c.requests);
  });

  it('a body over the cap is body_too_large; bodies under it are counted in bytes', async () => {
    const s = await runLoad(
      plan(server.url, { concurrency: 1, durationSeconds: 0.3 }, [
        endpoint({ name: 'big', path: '/big' }),
        endpoint({ name: 'small', path: '/small' }),
      ]),
      { workers: 0, maxBodyBytes: 500 },
    );
    const [big, small] = s.endpoints;
    assert.ok(big.counts.requests > 3);
    assert.equal(big.counts.errorKinds['body_too_large'], big.counts.requests);
    assert.equal(small.counts.errors, 0);
    assert.equal(small.counts.bytes, 2 * small.counts.requests); // 'ok'
  });

  it('abort stops promptly and returns the partial snapshot; onTick sees live snapshots', async () => {
    const controller = new AbortController();
    const ticks: Snapshot[] = [];
    const started = performance.now();
    const s = await runLoad(plan(server.url, { concurrency: 4, durationSeconds: 10 }), {
      workers: 1,
      tickMs: 200,
      signal: controller.signal,
      onTick: (snap) => {
        ticks.push(snap);
        if (ticks.length === 3) controller.abort('p95 breach');
      },
    });
    const tookMs = performance.now() - started;
    assert.ok(tookMs < 3000, `took ${tookMs} ms`);
    assert.equal(s.aborted?.reason, 'p95 breach');
    assert.ok(s.aborted.atSeconds > 0.5 && s.aborted.atSeconds < 1.5, `at ${s.aborted.atSeconds}`);
    assert.ok(Math.abs(s.measuredSeconds - s.aborted.atSeconds) < 0.01);
    assert.ok(s.overall.counts.requests >= ticks[2].overall.counts.requests);
    assert.ok(ticks[2].overall.counts.requests > ticks[0].overall.counts.requests);
    assert.match(
      formatProgress(ticks[2], 10),
      /^elapsed 0\/10s · [\d,]+ req\/s · p95 \d+(\.\d)? ms · errors 0 \(0%\)$/,
    );
  });
});
