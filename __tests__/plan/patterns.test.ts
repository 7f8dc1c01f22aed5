import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoadConfig } from '../../src/config/types.js';
import {
  activeUsersAt,
  arrivalsBefore,
  arrivalsDue,
  patternUsersAt,
  shardShare,
} from '../../src/plan/patterns.js';
import { WeightedPicker } from '../../src/plan/weights.js';
import { load } from '../engine/helpers.js';

// The open model's pacing (intendedSendUs per second, shards, the in-flight cap) is tested on the
// real pacer with the fake clock: __tests__/engine/open-driver.test.ts; the closed model's control
// loop in __tests__/engine/closed-driver.test.ts. Here: the pattern functions themselves.

describe('open model arrivals', () => {
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
