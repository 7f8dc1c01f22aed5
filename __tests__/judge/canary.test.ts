import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SloSpec } from '../../src/config/types.js';
import { DEFAULT_CANARY_POLICY } from '../../src/config/canary-defaults.js';
import { judgeCanary } from '../../src/judge/canary.js';
import { decide, type DecisionPolicy } from '../../src/judge/decision.js';
import type { Verdict } from '../../src/judge/types.js';
import type { Snapshot } from '../../src/metrics/types.js';
import { simulate, type ArmShape } from '../__fixtures__/canary-sim.js';

const NO_SLOS = { slos: [] as SloSpec[], errorClass: 'unexpected' as const, minSamplesFactor: 10 };
const p95Slo = (limit: number): SloSpec => ({
  name: 'p95 latency',
  metric: { kind: 'latency', stat: 'percentile', percentile: 95 },
  bound: 'max',
  limit,
  endpoint: null,
});

function arms(canary: ArmShape, ratePerArm = 100, seconds = 30, baseline: ArmShape = {}) {
  const sim = simulate({ seed: 11, ratePerArm, seconds, canaries: [canary], baseline });
  return { canary: sim.canaries[0], baseline: sim.baseline };
}
const saturated = (s: Snapshot, reason: string): Snapshot => ({
  ...s,
  health: { ...s.health, saturatedReasons: [reason] },
});
// 10 ms more for the requests between the 30th and the 60th percentile: p50 moves, p95/p99 do not
const medianOnly: ArmShape = { latency: (ms, u) => (u > 0.3 && u < 0.6 ? ms + 10 : ms) };

describe('judgeCanary verdicts', () => {
  it('too few samples for p99 on either arm: inconclusive, naming what p99 needed and had', () => {
    const { canary, baseline } = arms({}, 50, 15);
    const j = judgeCanary(canary, baseline, DEFAULT_CANARY_POLICY, NO_SLOS);
    assert.equal(j.verdict, 'inconclusive');
    const p99 = j.metrics.find((m) => m.name === 'p99')!;
    assert.equal(p99.classification, 'nodata');
    assert.equal(p99.reason, 'not judged: p99 needs 1,000 samples per arm, canary had 750, baseline 750');
    assert.equal(j.reason, `1 checks could not be judged: p99 ${p99.reason}`);
    assert.equal(j.score, 100);
  });

  it('a saturated generator on the baseline arm: inconclusive, even when the canary looks fine', () => {
    const { canary, baseline } = arms({});
    const j = judgeCanary(
      canary,
      saturated(baseline, 'event-loop delay p99 150 ms'),
      DEFAULT_CANARY_POLICY,
      NO_SLOS,
    );
    assert.equal(j.verdict, 'inconclusive');
    assert.equal(
      j.reason,
      'the load generator was saturated on the baseline arm: event-loop delay p99 150 ms',
    );
  });

  it('a baseline that answered nothing as expected: inconclusive, not a pass for the canary', () => {
    const { canary, baseline } = arms({}, 100, 30, { errorRate: 1 });
    const j = judgeCanary(canary, baseline, DEFAULT_CANARY_POLICY, NO_SLOS);
    assert.equal(j.verdict, 'inconclusive');
    assert.equal(
      j.reason,
      'the baseline answered none of its 3,000 requests as expected: there is nothing to compare against',
    );
  });

  it('only p50 (not critical) regressed: score 75, marginal', () => {
    const { canary, baseline } = arms(medianOnly);
    const j = judgeCanary(canary, baseline, DEFAULT_CANARY_POLICY, NO_SLOS);
    assert.deepEqual(
      j.metrics.map((m) => [m.name, m.classification]),
      [
        ['p50', 'fail'],
        ['p95', 'pass'],
        ['p99', 'pass'],
        ['error_rate', 'pass'],
      ],
    );
    assert.equal(j.score, 75);
    assert.equal(j.verdict, 'marginal');
    assert.deepEqual(j.failedMetrics, ['p50']);
    assert.match(j.reason, /^score 75 < 95 \(pass\) but ≥ 75: p50 .* beyond the allowed \+5 ms/);
  });

  it('the same regression with marginal at 80: fail by score', () => {
    const { canary, baseline } = arms(medianOnly);
    const j = judgeCanary(canary, baseline, { ...DEFAULT_CANARY_POLICY, scoreMarginal: 80 }, NO_SLOS);
    assert.equal(j.verdict, 'fail');
    assert.match(j.reason, /^score 75 < 80 \(marginal\): p50 /);
  });

  it('the canary breaching its own SLO fails whatever the comparison says', () => {
    const { canary, baseline } = arms({});
    const j = judgeCanary(canary, baseline, DEFAULT_CANARY_POLICY, { ...NO_SLOS, slos: [p95Slo(30)] });
    assert.equal(j.verdict, 'fail');
    assert.match(j.reason, /^the canary failed its own SLOs: 1 of 1 SLOs breached: p95 latency /);
    assert.deepEqual(j.failedMetrics, ['p95 latency']);
    assert.equal(j.score, 100);
  });

  it('growth inside the absolute margin never counts: +4 ms on a 20 ms median passes although it is +20 %', () => {
    const { canary, baseline } = arms({ latency: (ms) => ms + 4 });
    const j = judgeCanary(canary, baseline, DEFAULT_CANARY_POLICY, NO_SLOS);
    const p50 = j.metrics.find((m) => m.name === 'p50')!;
    assert.equal(p50.classification, 'pass');
    assert.ok(p50.difference! > 3.5 && p50.difference! < 4.5, `difference ${p50.difference}`);
    assert.match(p50.reason, /within the allowed \+5 ms \(\+10% and \+5 ms\)$/);
  });
});

describe('decide: what a verdict does', () => {
  const policy: DecisionPolicy = { autoRollback: true, onMarginal: 'hold', onInconclusive: 'hold' };
  const cases: Array<[string, Verdict, Partial<DecisionPolicy>, ReturnType<typeof decide>]> = [
    ['pass promotes', 'pass', {}, { promote: true, rollback: false, succeeds: true }],
    [
      'fail rolls back when auto-rollback is on',
      'fail',
      {},
      { promote: false, rollback: true, succeeds: false },
    ],
    [
      'fail without auto-rollback only fails',
      'fail',
      { autoRollback: false },
      { promote: false, rollback: false, succeeds: false },
    ],
    ['marginal holds by default', 'marginal', {}, { promote: false, rollback: false, succeeds: false }],
    [
      'marginal with on-marginal promote',
      'marginal',
      { onMarginal: 'promote' },
      { promote: true, rollback: false, succeeds: true },
    ],
    [
      'marginal with on-marginal rollback',
      'marginal',
      { onMarginal: 'rollback' },
      { promote: false, rollback: true, succeeds: false },
    ],
    [
      'inconclusive holds by default',
      'inconclusive',
      {},
      { promote: false, rollback: false, succeeds: false },
    ],
    [
      'inconclusive with on-inconclusive rollback',
      'inconclusive',
      { onInconclusive: 'rollback' },
      { promote: false, rollback: true, succeeds: false },
    ],
    ['error rolls back', 'error', {}, { promote: false, rollback: true, succeeds: false }],
  ];
  for (const [name, verdict, overrides, expected] of cases) {
    it(name, () => assert.deepEqual(decide(verdict, { ...policy, ...overrides }), expected));
  }
});
