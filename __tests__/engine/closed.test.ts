import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runLoad } from '../../src/engine/run.js';
import { refusedPort, startServer, type TestServer } from '../__fixtures__/servers.js';
import { endpoint, plan } from './helpers.js';

describe('closed model against a scripted server', () => {
  let server: TestServer;
  before(async () => {
    // /fail answers 503, /slow answers after 20 ms, everything else 200 at once
    server = await startServer((req) =>
      req.url === '/fail' ? { status: 503 } : req.url === '/slow' ? { delayMs: 20 } : { body: 'hello' },
    );
  });
  after(() => server.close());

  it('counts every request exactly and splits endpoints by weight', async () => {
    const before = server.received;
    const snapshot = await runLoad(
      plan(server.url, { concurrency: 4, durationSeconds: 1 }, [
        endpoint({ name: 'ok', path: '/ok', weight: 3 }),
        endpoint({ name: 'fail', path: '/fail', weight: 1 }),
      ]),
      { workers: 0 },
    );
    const sent = server.received - before;
    const { counts } = snapshot.overall;
    assert.equal(counts.requests, sent, 'every request the server saw is counted once');
    assert.ok(sent > 100, `sent ${sent}`);
    const [ok, fail] = snapshot.endpoints;
    assert.equal(ok.counts.requests + fail.counts.requests, sent);
    // smooth weighted round-robin: 3:1 within one request per user of rounding
    assert.ok(
      Math.abs(ok.counts.requests - 3 * fail.counts.requests) <= 4 * 3,
      `${ok.counts.requests} vs ${fail.counts.requests}`,
    );
    assert.equal(fail.counts.errors, fail.counts.requests, '503 is not in expectStatus');
    assert.equal(ok.counts.errors, 0);
    assert.equal(counts.statusCodes['503'], fail.counts.requests);
    assert.equal(counts.statusClasses['2xx'], ok.counts.requests);
    assert.equal(counts.statusClasses['none'], 0);
    assert.equal(ok.counts.bytes, ok.counts.requests * 'hello'.length);
    assert.equal(snapshot.measuredSeconds, 1);
    assert.equal(snapshot.health.intendedRequests, null);
    assert.deepEqual(snapshot.health.saturatedReasons, []);
    assert.equal(snapshot.timeline.length, 1);
    assert.equal(snapshot.timeline[0].requests, sent);
  });

  it('measures a 20 ms server within tolerance, in worker threads', async () => {
    const before = server.received;
    const snapshot = await runLoad(
      plan(server.url, { concurrency: 4, durationSeconds: 1 }, [endpoint({ path: '/slow' })]),
      {
        workers: 2,
      },
    );
    const sent = server.received - before;
    const lat = snapshot.overall.latency;
    assert.equal(snapshot.overall.counts.requests, sent);
    assert.equal(snapshot.health.workers, 2);
    assert.ok(lat.percentileMs(50) >= 20 && lat.percentileMs(50) < 25, `p50 ${lat.percentileMs(50)}`);
    // node timers may fire up to 1 ms early against another clock; HDR buckets are 16 µs wide here
    assert.ok(lat.minMs >= 19, `min ${lat.minMs}`);
    // 4 users × 1 s / ~21 ms ≈ 190 requests
    assert.ok(sent >= 150 && sent <= 200, `sent ${sent}`);
  });

  it('separates warm-up from the measured window', async () => {
    const snapshot = await runLoad(
      plan(server.url, { concurrency: 2, durationSeconds: 2, warmUpSeconds: 1 }, [
        endpoint({ path: '/slow' }),
      ]),
      {
        workers: 0,
      },
    );
    assert.equal(snapshot.measuredSeconds, 1);
    assert.equal(snapshot.timeline.length, 2);
    assert.equal(snapshot.timeline[0].warmUp, true);
    assert.equal(snapshot.timeline[1].warmUp, false);
    assert.equal(snapshot.warmUp.requests, snapshot.timeline[0].requests);
    assert.equal(snapshot.overall.counts.requests, snapshot.timeline[1].requests);
    assert.ok(snapshot.warmUp.requests > 50 && snapshot.overall.counts.requests > 50);
  });

  it('classifies connection refused', async () => {
    const port = await refusedPort();
    const snapshot = await runLoad(
      plan(new URL(`http://127.0.0.1:${port}`), { concurrency: 1, durationSeconds: 0.3 }),
      {
        workers: 0,
      },
    );
    const { counts } = snapshot.overall;
    assert.ok(counts.requests > 0);
    assert.equal(counts.errors, counts.requests);
    assert.equal(counts.errorKinds['connection_refused'], counts.requests);
    assert.equal(counts.statusClasses['none'], counts.requests);
  });
});
