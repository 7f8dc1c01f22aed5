// Edges of the hot loop that once miscounted: a burst's idle users, the last arrivals of an
// open-model run, and a server that drops a request on a kept-alive connection.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { runLoad } from '../../src/engine/run.js';
import { startServer, type TestServer } from '../__fixtures__/servers.js';
import { endpoint, plan } from './helpers.js';

describe('engine edges', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer((req) => (req.url === '/slow' ? { delayMs: 50 } : {}));
  });
  after(() => server.close());

  it('users a burst switches off and on again are not counted as generator lag', async () => {
    // base 2, peak 10 users for the last 0.5 s of every 1.5 s: the 8 extra users idle ~1 s
    // between spikes by design. An idle generator must not flag itself saturated.
    const s = await runLoad(
      plan(
        server.url,
        {
          pattern: 'burst',
          concurrency: 10,
          durationSeconds: 3,
          burst: { base: 2, peak: 10, spikeSeconds: 0.5, periodSeconds: 1.5 },
        },
        [endpoint({ path: '/slow' })],
      ),
      { workers: 0 },
    );
    assert.ok(s.health.schedulingLagP99Ms < 25, `lag p99 ${s.health.schedulingLagP99Ms} ms`);
    assert.deepEqual(s.health.saturatedReasons, []);
    assert.ok(s.overall.counts.requests > 100, `${s.overall.counts.requests} requests`);
  });

  it('every planned arrival of an open-model run is recorded, the last ones included', async () => {
    // 4,000 arrivals/s for 1 s = exactly 4,000 records (sent, or not_sent if no place was free).
    const s = await runLoad(
      plan(server.url, { pattern: 'rate', rate: 4000, concurrency: 200, durationSeconds: 1 }),
      {
        workers: 0,
      },
    );
    assert.equal(s.overall.counts.requests, 4000);
    assert.equal(s.health.intendedRequests, 4000);
  });

  describe('a server that drops a request on a kept-alive connection', () => {
    // Answers the first request of each connection, then holds the second for 200 ms and
    // closes the connection without answering: a real failure, not a stale keep-alive.
    let dropping: Server;
    let url: URL;
    let dropped = 0;
    before(async () => {
      dropping = createServer((socket: Socket) => {
        let requests = 0;
        socket.on('data', () => {
          requests++;
          if (requests === 1) socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
          else
            setTimeout(() => {
              dropped++;
              socket.destroy();
            }, 200);
        });
        socket.on('error', () => {});
      });
      await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
      url = new URL(`http://127.0.0.1:${(dropping.address() as AddressInfo).port}`);
    });
    after(() => dropping.close());

    it('is counted as connection_reset, never retried into a success', async () => {
      const s = await runLoad(plan(url, { concurrency: 2, durationSeconds: 1 }), { workers: 0 });
      const c = s.overall.counts;
      assert.ok(dropped >= 4, `dropped ${dropped}`);
      // Every drop the server made is an error; each success is a connection's first request.
      assert.ok(c.errorKinds['connection_reset']! >= dropped - 2, JSON.stringify(c.errorKinds));
      assert.equal(c.requests - c.errors, c.statusCodes['200']);
      assert.ok(c.statusCodes['200']! <= dropped + 2, `${c.statusCodes['200']} successes, ${dropped} drops`);
    });
  });
});
