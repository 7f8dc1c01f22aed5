// SLOs on the latency parts (service_time, ttfb) and the generator's own delay in breach explanations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LatencyMeasure, SloSpec } from '../../src/config/types.js';
import { generatorDelayBoundMs } from '../../src/judge/doubt.js';
import { evaluate } from '../../src/judge/evaluate.js';
import { snapshotOf, times, type SnapshotSpec } from '../__fixtures__/snapshot.js';

const WORDS: Record<LatencyMeasure, string> = {
  latency: 'latency',
  service_time: 'service time',
  ttfb: 'time to first byte',
};
const p = (
  percentile: number,
  limit: number,
  measure: LatencyMeasure = 'latency',
  endpoint: string | null = null,
): SloSpec => ({
  name: `${endpoint ? `${endpoint} ` : ''}p${percentile} ${WORDS[measure]}`,
  metric: { kind: 'latency', stat: 'percentile', percentile, ...(measure === 'latency' ? {} : { measure }) },
  bound: 'max',
  limit,
  endpoint,
});

const judge = (snapshot: SnapshotSpec, slos: SloSpec[]) =>
  evaluate(snapshotOf(snapshot), { slos, errorClass: 'unexpected', minSamplesFactor: 10 });

/** 1,000 requests: 980 take 10 ms, 20 take `tailMs` (so p50 = 10 ms, p99 = tailMs). */
const tail = (tailMs: number): number[] => [...times(980, 10), ...times(20, tailMs)];

describe('SLOs on service time and time to first byte', () => {
  // Open model behind a full in-flight cap: latency 300 ms = 280 ms queue wait + 20 ms service time.
  const queued: SnapshotSpec = {
    latenciesMs: times(1000, 300),
    serviceMs: times(1000, 20),
    ttfbMs: times(1000, 15),
  };

  const cases: Array<{ name: string; slos: SloSpec[]; reason: string; actuals: number[] }> = [
    {
      name: 'service time judged on the service times, not the latency',
      slos: [p(99, 100), p(99, 100, 'service_time')],
      reason: '1 of 2 SLOs breached: p99 latency 300 ms > 100 ms',
      actuals: [300, 20],
    },
    {
      name: 'ttfb judged on the first-byte times',
      slos: [p(95, 10, 'ttfb')],
      reason: '1 of 1 SLOs breached: p95 time to first byte 15 ms > 10 ms',
      actuals: [15],
    },
    {
      name: 'a service-time breach is named as one',
      slos: [p(50, 19.5, 'service_time')],
      reason: '1 of 1 SLOs breached: p50 service time 20 ms > 19.5 ms',
      actuals: [20],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const j = judge(queued, c.slos);
      assert.equal(j.reason, c.reason);
      assert.deepEqual(
        j.slos.map((s) => s.actual),
        c.actuals,
      );
    });
  }

  it('per endpoint: the endpoint’s own service times', () => {
    const j = judge(
      {
        latenciesMs: times(1000, 300),
        serviceMs: times(1000, 20),
        endpoints: [{ name: 'checkout', latenciesMs: times(1000, 300), serviceMs: times(1000, 250) }],
      },
      [p(99, 200, 'service_time', 'checkout')],
    );
    assert.equal(j.reason, '1 of 1 SLOs breached: checkout p99 service time 250 ms > 200 ms');
  });

  it('a part needs as many samples as latency does', () => {
    const j = judge({ latenciesMs: times(500, 5) }, [p(99, 100, 'service_time')]);
    assert.equal(j.verdict, 'inconclusive');
    assert.equal(j.slos[0].explanation, 'not judged: needs at least 1,000 samples, had 500');
  });
});

describe("breaches within the generator's own delay", () => {
  const cases: Array<{
    name: string;
    snapshot: SnapshotSpec;
    slo: SloSpec;
    verdict: string;
    explanation: string;
  }> = [
    {
      name: 'a 100 ms limit breached by 2 ms under an event-loop p99 of 20 ms: may be the generator',
      snapshot: { latenciesMs: times(1000, 102), eventLoopDelayP99Ms: 20 },
      slo: p(99, 100),
      verdict: 'fail',
      explanation:
        "breached: 102 ms > 100 ms — the excess (2 ms) is within the generator's own delay (up to 20 ms: event-loop delay p99 20 ms, scheduling lag p99 0 ms), so the generator may have caused it; to remove the doubt, rerun with more workers, on a larger runner, in shards or at a lower rate",
    },
    {
      name: 'the same limit breached by 50 ms: beyond anything the generator can have added',
      snapshot: { latenciesMs: times(1000, 150), eventLoopDelayP99Ms: 20 },
      slo: p(99, 100),
      verdict: 'fail',
      explanation: 'breached: 150 ms > 100 ms',
    },
    {
      name: 'latency counts the scheduling lag too (15 ms excess ≤ 10 + 6 ms)',
      snapshot: { latenciesMs: times(1000, 115), eventLoopDelayP99Ms: 10, schedulingLagP99Ms: 6 },
      slo: p(99, 100),
      verdict: 'fail',
      explanation:
        "breached: 115 ms > 100 ms — the excess (15 ms) is within the generator's own delay (up to 16 ms: event-loop delay p99 10 ms, scheduling lag p99 6 ms), so the generator may have caused it; to remove the doubt, rerun with more workers, on a larger runner, in shards or at a lower rate",
    },
    {
      name: 'service time is timed from the actual send: the scheduling lag is not in it',
      snapshot: {
        latenciesMs: times(1000, 115),
        serviceMs: times(1000, 115),
        eventLoopDelayP99Ms: 10,
        schedulingLagP99Ms: 6,
      },
      slo: p(99, 100, 'service_time'),
      verdict: 'fail',
      explanation: 'breached: 115 ms > 100 ms',
    },
    {
      name: 'a pass is never weakened',
      snapshot: { latenciesMs: times(1000, 99), eventLoopDelayP99Ms: 20 },
      slo: p(99, 100),
      verdict: 'pass',
      explanation: 'met: 99 ms ≤ 100 ms',
    },
    {
      name: 'the excess is taken at the judged percentile (p99 130 ms: 30 ms over, beyond 20 ms)',
      snapshot: { latenciesMs: tail(130), eventLoopDelayP99Ms: 20 },
      slo: p(99, 100),
      verdict: 'fail',
      explanation: 'breached: 130 ms > 100 ms',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const j = judge(c.snapshot, [c.slo]);
      assert.equal(j.verdict, c.verdict);
      assert.equal(j.slos[0].explanation, c.explanation);
    });
  }

  it('the verdict reason carries the doubt', () => {
    const j = judge({ latenciesMs: times(1000, 102), eventLoopDelayP99Ms: 20 }, [p(99, 100)]);
    assert.match(
      j.reason,
      /^1 of 1 SLOs breached: p99 latency 102 ms > 100 ms — the excess \(2 ms\) is within/,
    );
  });

  it('bounds: latency = loop delay + lag; parts = loop delay; other SLOs none', () => {
    const h = { eventLoopDelayP99Ms: 12, schedulingLagP99Ms: 3 };
    assert.equal(generatorDelayBoundMs(p(99, 1), h), 15);
    assert.equal(generatorDelayBoundMs(p(99, 1, 'service_time'), h), 12);
    assert.equal(generatorDelayBoundMs(p(99, 1, 'ttfb'), h), 12);
    assert.equal(
      generatorDelayBoundMs(
        { name: 'error rate', metric: { kind: 'error_rate' }, bound: 'max', limit: 1, endpoint: null },
        h,
      ),
      null,
    );
  });
});
