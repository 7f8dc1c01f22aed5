// The real closed-model control loop (ClosedDriver inside a real Shard), driven by the fake clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoadConfig } from '../../src/config/types.js';
import { ErrorKind } from '../../src/metrics/types.js';
import { serviceMs, type RespondAt } from '../__fixtures__/fake-slots.js';
import { drive, recordedAs } from './drive.js';

/** First sends (user activations) grouped by time: [µs, users][]. */
function activations(firstSendUs: (number | undefined)[]): [number, number][] {
  const byTime = new Map<number, number>();
  for (const t of firstSendUs) if (t !== undefined) byTime.set(t, (byTime.get(t) ?? 0) + 1);
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]);
}

describe('closed model control loop: users activated per control tick (10 ms), fake clock', () => {
  const cases: {
    name: string;
    load: Partial<LoadConfig>;
    respondAt: RespondAt;
    activations: [number, number][];
  }[] = [
    {
      // 10 users: one may start every 100 µs, so tick 0 starts 1 and tick 1 (10 ms) the other 9
      name: 'sustained 10 users: connection set-up spread',
      load: { concurrency: 10, durationSeconds: 1 },
      respondAt: serviceMs(5),
      activations: [
        [0, 1],
        [10_000, 9],
      ],
    },
    {
      // floor(5 t / 1 s) users: one more every 200 ms
      name: 'ramp-up 0 → 5 users over 1 s',
      load: { pattern: 'ramp-up', startConcurrency: 0, concurrency: 5, rampUpSeconds: 1, durationSeconds: 2 },
      respondAt: serviceMs(5),
      activations: [
        [200_000, 1],
        [400_000, 1],
        [600_000, 1],
        [800_000, 1],
        [1_000_000, 1],
      ],
    },
    {
      // the step from 10 to 3,000 users at 1 s opens at most 1,000 per tick: 1,000 + 1,000 + 990
      name: 'burst 10 → 3,000 users: at most 1,000 activations per tick',
      load: {
        pattern: 'burst',
        concurrency: 3000,
        durationSeconds: 2,
        thinkTimeMs: 100,
        burst: { base: 10, peak: 3000, spikeSeconds: 1, periodSeconds: 2 },
      },
      respondAt: serviceMs(1),
      activations: [
        [0, 1],
        [10_000, 9],
        [1_000_000, 1000],
        [1_010_000, 1000],
        [1_020_000, 990],
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const run = await drive({ load: c.load, respondAt: c.respondAt });
      assert.deepEqual(activations(run.firstSendUs), c.activations);
    });
  }
});

describe('closed model users: think time, send turns, timeouts, abort (fake clock)', () => {
  it('think time: a user sends, waits for its response, thinks, sends again', async () => {
    // 1 ms response + 100 ms think: sends at 0, 101, …, 909 ms; the next (1,010 ms) is past the end
    const run = await drive({
      load: { concurrency: 1, thinkTimeMs: 100, durationSeconds: 1 },
      respondAt: serviceMs(1),
    });
    assert.deepEqual(
      run.sends.map((s) => s.sentUs),
      Array.from({ length: 10 }, (_, i) => i * 101_000),
    );
    assert.deepEqual(run.sentPerMessage, [10, 0]);
    assert.equal(run.requests, 10);
  });

  it('ready users send from setImmediate, at most 1,000 per loop turn', async () => {
    // 2,000 users (all active by 200 ms) held by the server until 1.1 s, then answered in 50 ms:
    // the 2,000 that become ready at 1.1 s go out 1,000 per turn (a fake turn is 10 µs)
    const respondAt: RespondAt = (sentUs) => (sentUs < 1_100_000 ? 1_100_000 : sentUs + 50_000);
    const run = await drive({ load: { concurrency: 2000, durationSeconds: 1.2 }, respondAt });
    const sendsAt = (us: number): number => run.sends.filter((s) => s.sentUs === us).length;
    assert.deepEqual(
      [sendsAt(1_100_000), sendsAt(1_100_010), sendsAt(1_100_020), sendsAt(1_100_030)],
      [0, 1000, 1000, 0],
    );
    // answered at 1,150,010 and 1,150,020 µs, the second thousand before the flush due at 1,150,020
    // runs (armed earlier): 2,000 wait, and go out 1,000 at 1,150,020 and 1,000 at 1,150,030; their
    // answers (1.2 s) come at the end, when nothing more is sent
    assert.deepEqual([sendsAt(1_150_010), sendsAt(1_150_020), sendsAt(1_150_030)], [0, 1000, 1000]);
    assert.equal(Math.max(...run.sends.map((s) => s.sentUs)), 1_150_030);
  });

  it('a request with no response times out at exactly sent + timeout, found by the sweep', async () => {
    // timeout 200 ms → sweep every 20 ms; each retry waits one loop turn (10 µs): sends at 0,
    // 200.01, 420.01, 640.01, 860.01 ms; the last one times out at the 1,080 ms sweep
    const run = await drive({
      load: { concurrency: 1, timeoutMs: 200, durationSeconds: 1 },
      respondAt: () => null,
    });
    assert.deepEqual(
      run.sends.map((s) => s.sentUs),
      [0, 200_010, 420_010, 640_010, 860_010],
    );
    assert.equal(run.kinds[ErrorKind.Timeout], 5);
    assert.equal(run.requests, 5);
    const h = run.latency;
    assert.deepEqual([h.minNonZeroValue, h.maxValue], recordedAs(200_000));
    assert.equal(run.doneAtUs, 1_080_000);
  });

  it('stop (abort): in-flight requests are cancelled and dropped, what finished is reported', async () => {
    // 10 users, 300 ms responses: the first 10 finish (by 310 ms), the second 10 are in flight at 500 ms
    const run = await drive({
      load: { concurrency: 10, durationSeconds: 2 },
      respondAt: serviceMs(300),
      stopAtUs: 500_000,
    });
    assert.equal(run.sends.length, 20);
    assert.equal(run.requests, 10);
    assert.equal(run.kinds[ErrorKind.None], 10);
    assert.equal(run.kinds[ErrorKind.Other], 0);
    assert.equal(run.doneAtUs, 500_000);
  });
});
