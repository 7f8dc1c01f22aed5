import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SloSpec } from '../../src/config/types.js';
import { countAbove, unrecoverableBreach } from '../../src/judge/abort.js';
import { latencyOf, snapshotOf, times } from '../__fixtures__/snapshot.js';

const p95: SloSpec = {
  name: 'p95 latency',
  metric: { kind: 'latency', stat: 'percentile', percentile: 95 },
  bound: 'max',
  limit: 250,
  endpoint: null,
};
const errors: SloSpec = {
  name: 'error rate',
  metric: { kind: 'error_rate' },
  bound: 'max',
  limit: 1,
  endpoint: null,
};
const max: SloSpec = {
  name: 'max latency',
  metric: { kind: 'latency', stat: 'max' },
  bound: 'max',
  limit: 1000,
  endpoint: null,
};

const config = (slos: SloSpec[], enabled = true) => ({
  slos,
  errorClass: 'unexpected' as const,
  minSamplesFactor: 10,
  abort: { enabled, graceSeconds: 5 },
  load: { warmUpSeconds: 2 } as never,
  endpoints: [],
});

describe('unrecoverableBreach', () => {
  const cases: Array<{
    name: string;
    latencies: number[];
    byClass?: Record<string, number>;
    elapsed: number;
    slos: SloSpec[];
    expected: number;
    enabled?: boolean;
    want: string | null;
  }> = [
    {
      name: 'more slow requests than the whole run may have',
      latencies: [...times(900, 10), ...times(600, 900)],
      elapsed: 10,
      slos: [p95],
      expected: 10_000,
      want: 'p95 latency: 600 requests already slower than 250 ms, more than the 500 that 10,000 expected requests allow',
    },
    {
      name: 'slow requests that the rest of the run can still dilute',
      latencies: [...times(900, 10), ...times(400, 900)],
      elapsed: 10,
      slos: [p95],
      expected: 10_000,
      want: null,
    },
    {
      name: 'errors beyond the limit of the expected total',
      latencies: times(2000, 10),
      byClass: { '5xx': 150 },
      elapsed: 10,
      slos: [errors],
      expected: 10_000,
      want: 'error rate: 150 errors already make at least 1.5% of the 10,000 expected requests (limit 1%)',
    },
    {
      name: 'one request over the max',
      latencies: [...times(100, 10), 1500],
      elapsed: 8,
      slos: [max],
      expected: 1000,
      want: 'max latency: a request already took 1,500 ms (limit 1,000 ms)',
    },
    {
      name: 'closed model (expected Infinity): slow requests never abort a percentile SLO',
      latencies: [...times(100, 10), ...times(900, 900)],
      elapsed: 10,
      slos: [p95, errors],
      byClass: { '5xx': 500 },
      expected: Infinity,
      want: null,
    },
    {
      name: 'closed model (expected Infinity): one request over the max still aborts',
      latencies: [...times(100, 10), 1500],
      elapsed: 8,
      slos: [max],
      expected: Infinity,
      want: 'max latency: a request already took 1,500 ms (limit 1,000 ms)',
    },
    {
      name: 'within the grace period nothing aborts',
      latencies: [...times(100, 10), 1500],
      elapsed: 6,
      slos: [max],
      expected: 1000,
      want: null,
    },
    {
      name: 'disabled abort never aborts',
      latencies: [...times(100, 10), 1500],
      elapsed: 60,
      slos: [max],
      expected: 1000,
      enabled: false,
      want: null,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const snapshot = snapshotOf({
        latenciesMs: c.latencies,
        byClass: c.byClass,
        elapsedSeconds: c.elapsed,
      });
      assert.equal(unrecoverableBreach(snapshot, config(c.slos, c.enabled ?? true), c.expected), c.want);
    });
  }
});

describe('countAbove', () => {
  it('counts requests slower than the limit exactly', () => {
    assert.equal(countAbove(latencyOf([...times(700, 5), ...times(300, 50)]), 10), 300);
    assert.equal(countAbove(latencyOf(times(100, 5)), 10), 0);
    assert.equal(countAbove(latencyOf(times(100, 50)), 10), 100);
    assert.equal(countAbove(latencyOf([]), 10), 0);
  });
});
