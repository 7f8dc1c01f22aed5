import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromText, type LoadConfigOptions } from '../../src/config/load.js';

const F = 'perf.yml';
const options = (stage: string | null = null): LoadConfigOptions => ({
  path: F,
  explicit: true,
  environment: 'staging',
  stage,
  overrides: {},
  env: {},
});

describe('canary, rollout and stages config', () => {
  it('canary: metrics override the defaults key by key, false drops one, policies and score', () => {
    const config = configFromText(
      [
        'canary:',
        '  metrics:',
        '    p50: false',
        '    p95: { max_increase_percent: 20 }',
        '    p99.9: { max_increase_percent: 50, max_increase_ms: 20, critical: true }',
        '    error_rate: { max_increase_points: 0.5 }',
        '  score: { pass: 90, marginal: 60 }',
        '  confidence: 99',
        '  on_marginal: promote',
        '  on_inconclusive: rollback',
        '  auto_rollback: false',
      ].join('\n'),
      options(),
    );
    assert.deepEqual(config.canary, {
      metrics: [
        {
          kind: 'latency',
          name: 'p95',
          percentile: 95,
          maxIncreasePercent: 20,
          maxIncreaseMs: 5,
          critical: false,
        },
        {
          kind: 'latency',
          name: 'p99',
          percentile: 99,
          maxIncreasePercent: 10,
          maxIncreaseMs: 5,
          critical: true,
        },
        { kind: 'error_rate', name: 'error_rate', maxIncreasePoints: 0.5, critical: true },
        {
          kind: 'latency',
          name: 'p99.9',
          percentile: 99.9,
          maxIncreasePercent: 50,
          maxIncreaseMs: 20,
          critical: true,
        },
      ],
      scorePass: 90,
      scoreMarginal: 60,
      confidencePercent: 99,
      resamples: 1000,
      seed: 1,
      onMarginal: 'promote',
      onInconclusive: 'rollback',
      autoRollback: false,
    });
  });

  it('stages.<label> overrides apply after the base for that stage only; other stages are validated', () => {
    const text = [
      'thresholds: { latency: { p95: 250 } }',
      'stages:',
      '  "10": { thresholds: { latency: { p95: 100 } }, canary: { score: { pass: 99 } } }',
      '  "100":',
    ].join('\n');
    const p95 = (stage: string | null) =>
      configFromText(text, options(stage)).slos.find((s) => s.name === 'p95 latency')!.limit;
    assert.deepEqual([p95('10'), p95('100'), p95('50'), p95(null)], [100, 250, 250, 250]);
    assert.equal(configFromText(text, options('10')).canary.scorePass, 99);
    assert.equal(configFromText(text, options('10')).stage, '10');
    assert.equal(configFromText(text, options('50')).stage, null);
    assert.throws(
      () => configFromText(`${text}\n  "25": { thresholds: { latency: { p95: fast } } }`, options('10')),
      {
        message: `${F}:5:41: thresholds.latency.p95: expected a positive number of milliseconds, got "fast" (stage 25)`,
      },
    );
  });

  it('rollout: stages, commands and settle', () => {
    const config = configFromText(
      'rollout: { deployment: backend-v2, stages: [10, 25, 50, 100], shift_command: "shift {weight}", rollback_command: "shift 0", settle: 30s }',
      options(),
    );
    assert.deepEqual(config.rollout, {
      deployment: 'backend-v2',
      stages: [10, 25, 50, 100],
      shiftCommand: 'shift {weight}',
      rollbackCommand: 'shift 0',
      settleSeconds: 30,
    });
  });

  const errors: Array<[string, string, string]> = [
    [
      'a percentile key out of range',
      'canary: { metrics: { p100: { max_increase_ms: 1 } } }',
      `${F}:1:22: canary.metrics.p100: unknown comparison: expected error_rate or a percentile p<number> with 0 < number < 100`,
    ],
    [
      'marginal above pass',
      'canary: { score: { pass: 80, marginal: 90 } }',
      `${F}:1:40: canary.score.marginal: expected a score ≤ pass (80), got 90`,
    ],
    [
      'an unknown policy',
      'canary: { on_marginal: maybe }',
      `${F}:1:24: canary.on_marginal: expected one of promote, hold, rollback, got "maybe"`,
    ],
    [
      'a stage weight above 100',
      'rollout: { stages: [10, 150] }',
      `${F}:1:25: rollout.stages[1]: expected a weight above 0 and at most 100, got 150`,
    ],
  ];
  for (const [name, text, message] of errors) {
    it(`config error: ${name}`, () => assert.throws(() => configFromText(text, options()), { message }));
  }
});
