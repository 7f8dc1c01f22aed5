import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SloSpec } from '../../src/config/types.js';
import { evaluate } from '../../src/judge/evaluate.js';
import type { Judgement } from '../../src/judge/types.js';
import { snapshotOf, times, type SnapshotSpec } from '../__fixtures__/snapshot.js';

const pct = (p: number, limit: number, endpoint: string | null = null): SloSpec => ({
  name: `${endpoint ? `${endpoint} ` : ''}p${p} latency`,
  metric: { kind: 'latency', stat: 'percentile', percentile: p },
  bound: 'max',
  limit,
  endpoint,
});
const errorRate = (limit: number): SloSpec => ({
  name: 'error rate',
  metric: { kind: 'error_rate' },
  bound: 'max',
  limit,
  endpoint: null,
});
const throughput = (limit: number): SloSpec => ({
  name: 'throughput',
  metric: { kind: 'throughput' },
  bound: 'min',
  limit,
  endpoint: null,
});
const seed = [pct(50, 100), pct(95, 250), pct(99, 400), errorRate(0.5), throughput(50)];

interface Case {
  name: string;
  snapshot: SnapshotSpec;
  slos: SloSpec[];
  errorClass?: '5xx' | '4xx+5xx' | 'unexpected';
  verdict: Judgement['verdict'];
  reason: string;
  actuals?: Array<number | null>;
}

const cases: Case[] = [
  {
    name: 'healthy service passes every seed SLO',
    snapshot: { latenciesMs: times(1000, 10) },
    slos: seed,
    verdict: 'pass',
    reason: 'all 5 SLOs met over 1,000 requests',
    actuals: [10, 10, 10, 0, 100],
  },
  {
    name: 'p95 breach names the SLO, actual and limit',
    snapshot: { latenciesMs: [...times(940, 10), ...times(60, 300)] },
    slos: [pct(50, 100), pct(95, 250)],
    verdict: 'fail',
    reason: '1 of 2 SLOs breached: p95 latency 300 ms > 250 ms',
    actuals: [10, 300],
  },
  {
    name: 'error rate counts transport errors and unexpected statuses by default',
    snapshot: { latenciesMs: times(1000, 5), byClass: { none: 3, '4xx': 4, '5xx': 3 } },
    slos: [errorRate(0.5)],
    verdict: 'fail',
    reason: '1 of 1 SLOs breached: error rate 1% > 0.5%',
    actuals: [1],
  },
  {
    name: 'error class 5xx ignores 4xx',
    snapshot: { latenciesMs: times(1000, 5), byClass: { '4xx': 40, '5xx': 3 } },
    slos: [errorRate(0.5)],
    errorClass: '5xx',
    verdict: 'pass',
    reason: 'all 1 SLOs met over 1,000 requests',
    actuals: [0.3],
  },
  {
    name: 'error class 4xx+5xx counts both',
    snapshot: { latenciesMs: times(1000, 5), byClass: { '4xx': 4, '5xx': 3 } },
    slos: [errorRate(0.5)],
    errorClass: '4xx+5xx',
    verdict: 'fail',
    reason: '1 of 1 SLOs breached: error rate 0.7% > 0.5%',
    actuals: [0.7],
  },
  {
    name: 'throughput below the minimum fails',
    snapshot: { latenciesMs: times(400, 5), measuredSeconds: 10 },
    slos: [throughput(50)],
    verdict: 'fail',
    reason: '1 of 1 SLOs breached: throughput 40 req/s < 50 req/s',
    actuals: [40],
  },
  {
    name: 'throughput counts successful responses only: failing fast does not meet a minimum',
    snapshot: { latenciesMs: times(1000, 1), byClass: { '5xx': 600 }, measuredSeconds: 10 },
    slos: [throughput(50)],
    verdict: 'fail',
    reason: '1 of 1 SLOs breached: throughput 40 req/s < 50 req/s',
    actuals: [40],
  },
  {
    name: 'too few samples for p99 is inconclusive, never a pass',
    snapshot: { latenciesMs: times(412, 5) },
    slos: [pct(50, 100), pct(99, 400)],
    verdict: 'inconclusive',
    reason: '1 of 2 SLOs could not be judged: p99 latency not judged: needs at least 1,000 samples, had 412',
    actuals: [5, null],
  },
  {
    name: 'no expected response at all fails even when the error class ignores 4xx',
    snapshot: { latenciesMs: times(1000, 1), byClass: { '4xx': 1000 } },
    slos: [pct(50, 100), errorRate(1)],
    errorClass: '5xx',
    verdict: 'fail',
    reason: 'none of the 1,000 requests after warm-up got an expected response (4xx: 1,000)',
  },
  {
    name: 'no requests at all fails closed',
    snapshot: { latenciesMs: [] },
    slos: seed,
    verdict: 'inconclusive',
    reason: 'no requests completed after warm-up: nothing to judge',
    actuals: [null, null, null, null, null],
  },
  {
    name: 'a per-endpoint SLO on an endpoint without traffic is not judged',
    snapshot: { latenciesMs: times(1000, 5), endpoints: [{ name: 'checkout', latenciesMs: [] }] },
    slos: [pct(50, 100), pct(95, 100, 'checkout')],
    verdict: 'inconclusive',
    reason:
      '1 of 2 SLOs could not be judged: checkout p95 latency not judged: endpoint checkout had no requests after warm-up',
    actuals: [5, null],
  },
  {
    name: 'a per-endpoint breach fails even when the overall numbers pass',
    snapshot: {
      latenciesMs: [...times(900, 5), ...times(100, 500)],
      endpoints: [
        { name: 'list', latenciesMs: times(900, 5) },
        { name: 'checkout', latenciesMs: times(100, 500) },
      ],
    },
    slos: [pct(50, 100), pct(50, 300, 'checkout')],
    verdict: 'fail',
    reason: '1 of 2 SLOs breached: checkout p50 latency 500 ms > 300 ms',
    actuals: [5, 500],
  },
  {
    name: 'a saturated generator makes a clean run inconclusive',
    snapshot: { latenciesMs: times(1000, 5), saturated: ['achieved 3,912 of 5,000 intended req/s (78%)'] },
    slos: [pct(50, 100)],
    verdict: 'inconclusive',
    reason: 'the load generator was saturated: achieved 3,912 of 5,000 intended req/s (78%)',
  },
  {
    name: 'a breach with a saturated generator still fails, and says so',
    snapshot: { latenciesMs: times(1000, 500), saturated: ['scheduling lag p99 120 ms'] },
    slos: [pct(50, 100)],
    verdict: 'fail',
    reason:
      '1 of 1 SLOs breached: p50 latency 500 ms > 100 ms (the generator was also saturated: scheduling lag p99 120 ms)',
  },
  {
    name: 'a saturated generator behind a server that closed the users’ connections: the reason names the server first',
    snapshot: {
      latenciesMs: times(1000, 5),
      saturated: ['event-loop delay p99 1,713 ms > 100 ms: the generator is overloaded'],
      connections: { opened: 17_032, reconnects: 7_032, serverClosedIdle: 13_216, clientClosed: 3_816 },
    },
    slos: [pct(50, 100)],
    verdict: 'inconclusive',
    reason:
      'the server closed 13,216 idle keep-alive connections without announcing it; users reconnected 7,032 times — ' +
      "the server did not keep the users' connections open (a connection limit such as nginx worker_connections, " +
      'or a short keep-alive timeout), so the load it carried was not the load configured; the generator then fell ' +
      'behind on the reconnects: event-loop delay p99 1,713 ms > 100 ms: the generator is overloaded',
  },
  {
    name: 'a few reconnects (under 1 % of the requests) do not change who is blamed',
    snapshot: {
      latenciesMs: times(1000, 5),
      saturated: ['scheduling lag p99 120 ms'],
      connections: { opened: 13, reconnects: 9, serverClosedAnnounced: 9, clientClosed: 4 },
    },
    slos: [pct(50, 100)],
    verdict: 'inconclusive',
    reason: 'the load generator was saturated: scheduling lag p99 120 ms',
  },
  {
    name: 'a server closing connections alone (the generator kept up) is no reason to withhold a pass',
    snapshot: {
      latenciesMs: times(1000, 5),
      connections: { opened: 500, reconnects: 496, serverClosedIdle: 496, clientClosed: 4 },
    },
    slos: [pct(50, 100)],
    verdict: 'pass',
    reason: 'all 1 SLOs met over 1,000 requests',
  },
  {
    name: 'a breach behind a saturated generator and a closing server names both',
    snapshot: {
      latenciesMs: times(1000, 500),
      saturated: ['scheduling lag p99 120 ms'],
      connections: { opened: 204, reconnects: 200, reset: 200, clientClosed: 4 },
    },
    slos: [pct(50, 100)],
    verdict: 'fail',
    reason:
      '1 of 1 SLOs breached: p50 latency 500 ms > 100 ms (200 connections were lost with a request on them (reset); ' +
      "users reconnected 200 times — the server did not keep the users' connections open (a connection limit such " +
      'as nginx worker_connections, or a short keep-alive timeout), so the load it carried was not the load ' +
      'configured; the generator then fell behind: scheduling lag p99 120 ms)',
  },
  {
    name: 'a cancelled run without a breach is inconclusive',
    snapshot: { latenciesMs: times(1000, 5), aborted: { reason: 'cancelled', atSeconds: 4 } },
    slos: [pct(50, 100)],
    verdict: 'inconclusive',
    reason: 'the run stopped early (cancelled) with no SLO breached',
  },
  {
    name: 'no SLOs configured is inconclusive',
    snapshot: { latenciesMs: times(10, 5) },
    slos: [],
    verdict: 'inconclusive',
    reason: 'no SLOs are configured: nothing to judge',
  },
  {
    name: 'p99.9 and max and mean',
    snapshot: { latenciesMs: [...times(9990, 2), ...times(10, 80)] },
    slos: [
      pct(99.9, 50),
      {
        name: 'max latency',
        metric: { kind: 'latency', stat: 'max' },
        bound: 'max',
        limit: 100,
        endpoint: null,
      },
      {
        name: 'mean latency',
        metric: { kind: 'latency', stat: 'mean' },
        bound: 'max',
        limit: 2,
        endpoint: null,
      },
    ],
    verdict: 'fail',
    reason: '1 of 3 SLOs breached: mean latency 2.08 ms > 2 ms',
    actuals: [2, 80, 2.078],
  },
];

describe('evaluate', () => {
  for (const c of cases) {
    it(c.name, () => {
      const judgement = evaluate(snapshotOf(c.snapshot), {
        slos: c.slos,
        errorClass: c.errorClass ?? 'unexpected',
        minSamplesFactor: 10,
      });
      assert.equal(judgement.reason, c.reason);
      assert.equal(judgement.verdict, c.verdict);
      if (c.actuals) {
        assert.deepEqual(
          judgement.slos.map((s) => (s.actual === null ? null : Math.round(s.actual * 1000) / 1000)),
          c.actuals,
        );
      }
    });
  }

  it('reports samples and samples needed per percentile', () => {
    const judgement = evaluate(snapshotOf({ latenciesMs: times(5000, 1) }), {
      slos: [pct(50, 9), pct(95, 9), pct(99, 9), pct(99.9, 9)],
      errorClass: 'unexpected',
      minSamplesFactor: 10,
    });
    assert.deepEqual(
      judgement.slos.map((s) => [s.samples, s.samplesNeeded, s.passed]),
      [
        [5000, 20, true],
        [5000, 200, true],
        [5000, 1000, true],
        [5000, 10000, null],
      ],
    );
  });
});
