// Runner shards against one real server: the union of n shards is exactly the configured load.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { runLoad } from '../../src/engine/run.js';
import { totalArrivals } from '../../src/plan/patterns.js';
import { startServer, type TestServer } from '../__fixtures__/servers.js';
import { load, plan } from './helpers.js';

describe('runner shards (engine)', () => {
  let server: TestServer | undefined;
  afterEach(() => server?.close());

  it('open model: 4 shards of 1,003 arrivals send 251 + 251 + 251 + 250, together all 1,003 once', async () => {
    server = await startServer();
    // 401.2/s × 2.5 s = 1,003 arrivals (not a multiple of 4: the remainder goes to shards 1..3)
    const spec = { pattern: 'rate' as const, rate: 401.2, durationSeconds: 2.5, concurrency: 40 };
    assert.equal(totalArrivals(load(spec)), 1003);
    const shards = await Promise.all(
      [1, 2, 3, 4].map((index) =>
        runLoad(plan(server!.url, spec, undefined, { index, count: 4 }), {
          workers: index % 2 === 0 ? 2 : 1,
        }),
      ),
    );
    assert.deepEqual(
      shards.map((s) => s.overall.counts.requests),
      [251, 251, 251, 250],
    );
    assert.deepEqual(
      shards.map((s) => s.health.intendedRequests),
      [251, 251, 251, 250],
    );
    // every arrival is sent once or, when the generator could not send it, recorded as not_sent
    const notSent = shards.reduce((a, s) => a + (s.overall.counts.errorKinds.not_sent ?? 0), 0);
    assert.equal(server.received, 1003 - notSent);
    // not_sent is the only error and every sent arrival was answered 200: the server's count and the
    // recorded responses agree one for one (a not_sent that did go out, or a lost response, fails)
    assert.deepEqual(
      shards.map((s) => s.overall.counts.errors),
      shards.map((s) => s.overall.counts.errorKinds.not_sent ?? 0),
    );
    assert.equal(
      shards.reduce((a, s) => a + (s.overall.counts.statusCodes['200'] ?? 0), 0),
      server.received,
    );
  });

  it('closed model: 3 shards of 7 users hold 3 + 2 + 2 connections, 7 in all', async () => {
    server = await startServer();
    const spec = { pattern: 'sustained' as const, concurrency: 7, durationSeconds: 0.5 };
    const perShard: number[] = [];
    for (const index of [1, 2, 3]) {
      const before = server.connections;
      const s = await runLoad(plan(server.url, spec, undefined, { index, count: 3 }), { workers: 1 });
      perShard.push(server.connections - before);
      assert.ok(s.overall.counts.requests > 0);
    }
    assert.deepEqual(perShard, [3, 2, 2]);
  });
});
