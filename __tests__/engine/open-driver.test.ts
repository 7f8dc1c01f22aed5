// The real open-model pacer (OpenDriver inside a real Shard), driven by the fake clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoadConfig } from '../../src/config/types.js';
import { ErrorKind } from '../../src/metrics/types.js';
import { totalArrivals } from '../../src/plan/patterns.js';
import { serviceMs } from '../__fixtures__/fake-slots.js';
import { drive, perSecond, recordedAs } from './drive.js';
import { load } from './helpers.js';

describe('open model pacing: the real pacer on a fake clock', () => {
  // intendedPerSecond: the intended send times the pacer handed to the slots, per second (the
  // pattern's arithmetic); sentPerTick: the shard's own 'sent' count per 1 s tick (actual sends);
  // maxLagUs: the latest actual send after its intended time. The pacer sleeps in whole-ms timers
  // and finishes a wait below 200 µs with setImmediate (one fake loop turn = 10 µs); a timer that
  // wakes 200–999 µs early sleeps 1 ms more, so a send is never more than 800 µs late.
  const cases: {
    name: string;
    load: Partial<LoadConfig>;
    intendedPerSecond: number[];
    sentPerTick: number[];
    maxLagUs: (lagUs: number) => boolean;
  }[] = [
    {
      name: 'rate 100/s for 3 s',
      load: { pattern: 'rate', rate: 100, durationSeconds: 3 },
      intendedPerSecond: [100, 100, 100],
      sentPerTick: [100, 100, 100],
      maxLagUs: (lag) => lag === 0, // every 10 ms: each timer lands on its arrival
    },
    {
      name: 'rate 2.5/s for 4 s',
      load: { pattern: 'rate', rate: 2.5, durationSeconds: 4 },
      intendedPerSecond: [3, 2, 3, 2],
      sentPerTick: [3, 2, 3, 2],
      maxLagUs: (lag) => lag === 0,
    },
    {
      name: 'ramp-rate 0 → 100/s over 4 s, hold 2 s',
      load: { pattern: 'ramp-rate', startRate: 0, rate: 100, rampUpSeconds: 4, durationSeconds: 6 },
      // Λ(t) = 12.5 t² in the ramp: 12.5, 50, 112.5, 200; then +100/s
      intendedPerSecond: [13, 37, 63, 87, 100, 100],
      sentPerTick: [13, 37, 63, 87, 100, 100],
      maxLagUs: (lag) => lag > 0 && lag <= 800,
    },
    {
      name: 'ramp-rate 100 → 0 over 2 s',
      load: { pattern: 'ramp-rate', startRate: 100, rate: 0.0001, rampUpSeconds: 2, durationSeconds: 2 },
      // Λ(1 s) = 75.000025 → arrivals 0..75 fall in the first second; Λ(2 s) = 100.0001 → 76..100
      intendedPerSecond: [76, 25],
      // arrival 75 is due at 999,999.5 µs; after arrival 74 (sent at 980,770 µs) the 19 ms timer
      // wakes at 999,770 µs, 229.5 µs early, sleeps 1 ms more and sends at 1,000,770: next tick
      sentPerTick: [75, 26],
      maxLagUs: (lag) => lag > 0 && lag <= 800,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const l = load(c.load);
      const run = await drive({ load: c.load, respondAt: serviceMs(1) });
      assert.deepEqual(
        perSecond(
          run.sends.map((s) => s.intendedUs),
          l.durationSeconds,
        ),
        c.intendedPerSecond,
      );
      assert.deepEqual(run.sentPerMessage, c.sentPerTick);
      assert.equal(run.requests, totalArrivals(l));
      assert.equal(
        totalArrivals(l),
        c.intendedPerSecond.reduce((a, b) => a + b, 0),
      );
      const lags = run.sends.map((s) => s.sentUs - s.intendedUs);
      assert.equal(Math.min(...lags), 0);
      assert.ok(c.maxLagUs(Math.max(...lags)), `max lag ${Math.max(...lags)} µs`);
    });
  }
});

describe('open model: shards and the in-flight cap (real pacer, fake clock)', () => {
  it('shards split arrivals exactly (n ≡ shard mod shards), each on its own pacer', async () => {
    const l = { pattern: 'rate', rate: 1000, durationSeconds: 2 } as const;
    const runs = await Promise.all(
      [0, 1, 2].map((shard) => drive({ load: l, shard, shards: 3, respondAt: serviceMs(1) })),
    );
    // arrivals 0 … 1,999, arrival n due at n ms
    const perShard = runs.map((r) =>
      perSecond(
        r.sends.map((s) => s.sentUs),
        2,
      ),
    );
    assert.deepEqual(perShard, [
      [334, 333],
      [333, 334],
      [333, 333],
    ]);
    assert.deepEqual(
      [0, 1].map((sec) => perShard[0][sec] + perShard[1][sec] + perShard[2][sec]),
      [1000, 1000],
    );
    assert.deepEqual(runs[0].sentPerMessage, [334, 333]);
    // arrival n is due at n ms: shard s sends exactly n = s, s + 3, … on time
    assert.deepEqual(
      runs.map((r) => r.sends.slice(0, 3).map((s) => s.sentUs)),
      [
        [0, 3000, 6000],
        [1000, 4000, 7000],
        [2000, 5000, 8000],
      ],
    );
  });

  it('a full cap queues arrivals FIFO (the wait is latency); those left at the end are NotSent', async () => {
    // one in-flight place, an arrival every 10 ms, every response after 20 ms: the place sends at
    // 0, 20, …, 980 ms (50 requests, each the oldest waiting arrival); the other 99 arrivals queue;
    // at the end (1 s) 50 still wait and are recorded as NotSent
    const run = await drive({
      load: { pattern: 'rate', rate: 100, concurrency: 1, durationSeconds: 1 },
      respondAt: serviceMs(20),
    });
    assert.deepEqual(run.sentPerMessage, [50, 0]);
    assert.deepEqual(run.queuedPerMessage, [99, 0]);
    assert.deepEqual(
      run.sends.slice(0, 4).map((s) => [s.intendedUs, s.sentUs]),
      [
        [0, 0],
        [10_000, 20_000],
        [20_000, 40_000],
        [30_000, 60_000],
      ],
    );
    assert.equal(run.requests, 100);
    assert.equal(run.kinds[ErrorKind.NotSent], 50);
    assert.equal(run.kinds[ErrorKind.None], 50);
    // the last one sent: arrival 49 (due 490 ms), sent at 980 ms, answered at 1,000 ms
    assert.deepEqual(run.sends.at(-1), { slot: 0, endpoint: 0, intendedUs: 490_000, sentUs: 980_000 });
    assert.equal(run.latency.maxValue, recordedAs(510_000)[1]);
    assert.equal(run.doneAtUs, 1_000_000);
  });
});
