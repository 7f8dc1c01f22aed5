import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoadConfig } from '../../src/config/types.js';
import {
  activeUsersAt,
  arrivalsBefore,
  arrivalsDue,
  intendedSendUs,
  patternUsersAt,
  shardShare,
  totalArrivals,
} from '../../src/plan/patterns.js';
import { WeightedPicker } from '../../src/plan/weights.js';
import { FakeClock } from '../__fixtures__/clock.js';
import { load } from '../engine/helpers.js';

/** Drives a pacer shard by a fake clock in 1 ms steps; returns sends per second. */
function sendsPerSecond(l: LoadConfig, shard = 0, shards = 1): number[] {
  const clock = new FakeClock();
  const perSecond = new Array<number>(Math.ceil(l.durationSeconds)).fill(0);
  const total = totalArrivals(l);
  let next = shard;
  while (clock.nowUs < l.durationSeconds * 1e6) {
    while (next < total && intendedSendUs(l, next) <= clock.nowUs) {
      perSecond[Math.floor(intendedSendUs(l, next) / 1e6)]++;
      next += shards;
    }
    clock.advance(1000);
  }
  return perSecond;
}

describe('open model pacing (fake clock)', () => {
  const cases: { name: string; load: Partial<LoadConfig>; perSecond: number[] }[] = [
    {
      name: 'rate 100/s for 3 s',
      load: { pattern: 'rate', rate: 100, durationSeconds: 3 },
      perSecond: [100, 100, 100],
    },
    {
      name: 'rate 2.5/s for 4 s',
      load: { pattern: 'rate', rate: 2.5, durationSeconds: 4 },
      perSecond: [3, 2, 3, 2],
    },
    {
      name: 'ramp-rate 0 → 100/s over 4 s, hold 2 s',
      load: { pattern: 'ramp-rate', startRate: 0, rate: 100, rampUpSeconds: 4, durationSeconds: 6 },
      // Λ(t) = 12.5 t² in the ramp: 12.5, 50, 112.5, 200; then +100/s
      perSecond: [13, 37, 63, 87, 100, 100],
    },
    {
      name: 'ramp-rate 100 → 0 over 2 s',
      load: { pattern: 'ramp-rate', startRate: 100, rate: 0.0001, rampUpSeconds: 2, durationSeconds: 2 },
      // Λ(1 s) = 75.000025 → arrivals 0..75 fall in the first second; Λ(2 s) = 100.0001 → 76..100
      perSecond: [76, 25],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const l = load(c.load);
      assert.deepEqual(sendsPerSecond(l), c.perSecond);
      assert.equal(
        totalArrivals(l),
        c.perSecond.reduce((a, b) => a + b, 0),
      );
    });
  }

  it('shards split arrivals exactly (n ≡ shard mod shards)', () => {
    const l = load({ pattern: 'rate', rate: 1000, durationSeconds: 2 });
    const a = sendsPerSecond(l, 0, 3);
    const b = sendsPerSecond(l, 1, 3);
    const c = sendsPerSecond(l, 2, 3);
    assert.deepEqual([a[0] + b[0] + c[0], a[1] + b[1] + c[1]], [1000, 1000]);
    assert.deepEqual(a, [334, 333]);
  });

  it('arrivalsDue / arrivalsBefore at exact arrival times', () => {
    const l = load({ pattern: 'rate', rate: 10, durationSeconds: 1 });
    assert.equal(arrivalsDue(l, 0), 1);
    assert.equal(arrivalsBefore(l, 0), 0);
    assert.equal(arrivalsDue(l, 100_000), 2);
    assert.equal(arrivalsBefore(l, 100_000), 1);
    assert.equal(arrivalsDue(l, 5_000_000), 10);
  });
});

describe('closed model users (fake clock)', () => {
  const at = (l: LoadConfig, seconds: number[]): number[] => seconds.map((s) => patternUsersAt(l, s * 1e6));
  it('sustained', () => {
    assert.deepEqual(at(load({ concurrency: 50, durationSeconds: 3 }), [0, 1, 2.5]), [50, 50, 50]);
  });
  it('ramp-up 10 → 50 over 4 s, then hold', () => {
    const l = load({
      pattern: 'ramp-up',
      startConcurrency: 10,
      concurrency: 50,
      rampUpSeconds: 4,
      durationSeconds: 6,
    });
    assert.deepEqual(at(l, [0, 1, 2, 3, 3.99, 4, 5]), [10, 20, 30, 40, 49, 50, 50]);
  });
  it('burst: base, then peak for the last spikeSeconds of each period', () => {
    const l = load({
      pattern: 'burst',
      concurrency: 100,
      durationSeconds: 20,
      burst: { base: 10, peak: 80, spikeSeconds: 2, periodSeconds: 5 },
    });
    assert.deepEqual(at(l, [0, 2.9, 3, 4.9, 5, 7.9, 8, 9.99, 10]), [10, 10, 80, 80, 10, 10, 80, 80, 10]);
  });
  it('burst peak above concurrency is capped', () => {
    const l = load({
      pattern: 'burst',
      concurrency: 50,
      burst: { base: 10, peak: 80, spikeSeconds: 1, periodSeconds: 2 },
    });
    assert.equal(patternUsersAt(l, 1.5e6), 50);
  });
  it('connection set-up is spread: 10,000 users over 1 s (one every 100 µs)', () => {
    const l = load({ concurrency: 10_000, durationSeconds: 5 });
    assert.deepEqual(
      [0, 50_000, 500_000, 999_900, 2e6].map((t) => activeUsersAt(l, t)),
      [1, 501, 5_001, 10_000, 10_000],
    );
  });
  it('shardShare splits users round-robin', () => {
    assert.deepEqual(
      [0, 1, 2].map((s) => shardShare(10, s, 3)),
      [4, 3, 3],
    );
    assert.deepEqual(
      [0, 1].map((s) => shardShare(1, s, 2)),
      [1, 0],
    );
  });
});

describe('weighted endpoint picker', () => {
  it('smooth weighted round-robin: exact shares per cycle, interleaved', () => {
    const p = new WeightedPicker([5, 1, 1]);
    const seq = Array.from({ length: 7 }, () => p.next());
    assert.deepEqual(seq, [0, 0, 1, 0, 2, 0, 0]);
  });
});
