// Seeded simulations of the canary judge: 100 seeds, 200 req/s per arm for 60 s, per-request
// latencies recorded into the real Recorder, judged with the default canary policy.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DEFAULT_CANARY_POLICY } from '../../src/config/canary-defaults.js';
import type { CanaryJudgement } from '../../src/judge/canary-types.js';
import { judgeCanary } from '../../src/judge/canary.js';
import { simulate, type ArmShape } from '../__fixtures__/canary-sim.js';

const SEEDS = 100;
const NO_SLOS = { slos: [], errorClass: 'unexpected' as const, minSamplesFactor: 10 };

const SCENARIOS = {
  aa: {},
  slower30: { latency: (ms) => ms * 1.3 },
  // the slowest 3 % doubled: p99 ×2, p50 and p95 unchanged
  tailOnly: { latency: (ms, u) => (u > 0.97 ? 2 * ms : ms) },
  errors1: { errorRate: 0.01 },
  blip005: { errorRate: 0.0005 },
} satisfies Record<string, ArmShape>;
type Scenario = keyof typeof SCENARIOS;

const results = new Map<Scenario, CanaryJudgement[]>();
const failures = (s: Scenario): number => results.get(s)!.filter((j) => j.verdict === 'fail').length;
const metric = (j: CanaryJudgement, name: string) => j.metrics.find((m) => m.name === name)!;

describe('canary judge, seeded simulations (200 req/s per arm, 60 s, 100 seeds)', () => {
  before(() => {
    const names = Object.keys(SCENARIOS) as Scenario[];
    for (const name of names) results.set(name, []);
    for (let seed = 1; seed <= SEEDS; seed++) {
      const sim = simulate({
        seed,
        ratePerArm: 200,
        seconds: 60,
        canaries: names.map((n) => SCENARIOS[n]),
      });
      names.forEach((name, i) =>
        results.get(name)!.push(judgeCanary(sim.canaries[i], sim.baseline, DEFAULT_CANARY_POLICY, NO_SLOS)),
      );
    }
  });

  it('+30 % p95 at 200 req/s per arm for 60 s is judged fail in ≥ 95 of 100 seeded runs', (t) => {
    const failed = failures('slower30');
    t.diagnostic(`failed in ${failed} of ${SEEDS}`);
    assert.ok(failed >= 95, `failed in ${failed} of ${SEEDS}`);
    // the p95 comparison itself is a fail in every such run, with its growth named
    for (const j of results.get('slower30')!) {
      if (j.verdict === 'fail') assert.equal(metric(j, 'p95').classification, 'fail');
    }
  });

  it('an identical canary (A/A) at 200 req/s per arm for 60 s fails in ≤ 2 of 100 seeded runs', (t) => {
    const failed = failures('aa');
    const passed = results.get('aa')!.filter((j) => j.verdict === 'pass').length;
    t.diagnostic(`failed in ${failed} of ${SEEDS}, passed in ${passed}`);
    assert.ok(failed <= 2, `failed in ${failed} of ${SEEDS}`);
    assert.ok(passed >= 95, `passed in ${passed} of ${SEEDS}`);
  });

  it('a tail-only regression (p99 ×2, p50 unchanged) is judged fail in ≥ 95 of 100 seeded runs, on p99 alone', (t) => {
    const failed = failures('tailOnly');
    const p50Passed = results
      .get('tailOnly')!
      .filter((j) => metric(j, 'p50').classification === 'pass').length;
    t.diagnostic(`failed in ${failed} of ${SEEDS}; p50 passed in ${p50Passed}`);
    assert.ok(failed >= 95, `failed in ${failed} of ${SEEDS}`);
    assert.ok(p50Passed >= 95, `p50 passed in ${p50Passed} of ${SEEDS}`);
    for (const j of results.get('tailOnly')!.filter((x) => x.verdict === 'fail')) {
      assert.equal(metric(j, 'p99').classification, 'fail');
      assert.match(j.reason, /^critical metric failed: p99 /);
    }
  });

  it('+1 % errors over a 0 % baseline is judged fail in ≥ 95 of 100 seeded runs', (t) => {
    const failed = failures('errors1');
    t.diagnostic(`failed in ${failed} of ${SEEDS}`);
    assert.ok(failed >= 95, `failed in ${failed} of ${SEEDS}`);
    for (const j of results.get('errors1')!.filter((x) => x.verdict === 'fail')) {
      assert.equal(metric(j, 'error_rate').classification, 'fail');
    }
  });

  it('a 0.05 % error blip over a 0 % baseline fails in ≤ 2 of 100 seeded runs', (t) => {
    const failed = failures('blip005');
    t.diagnostic(`failed in ${failed} of ${SEEDS}`);
    assert.ok(failed <= 2, `failed in ${failed} of ${SEEDS}`);
  });

  it('the same data gives the same verdict, score and intervals (seeded bootstrap)', () => {
    const names = Object.keys(SCENARIOS) as Scenario[];
    const sim = simulate({ seed: 7, ratePerArm: 200, seconds: 60, canaries: names.map((n) => SCENARIOS[n]) });
    const i = names.indexOf('slower30');
    const a = judgeCanary(sim.canaries[i], sim.baseline, DEFAULT_CANARY_POLICY, NO_SLOS);
    const b = judgeCanary(sim.canaries[i], sim.baseline, DEFAULT_CANARY_POLICY, NO_SLOS);
    assert.deepEqual(a, b);
    assert.deepEqual(a, results.get('slower30')![6]);
  });
});
