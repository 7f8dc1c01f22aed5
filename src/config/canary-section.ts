// `canary:` -> how a canary may differ from its baseline (relative limits, critical metrics, score
// thresholds, policies); `rollout:` -> the progressive rollout's stages and commands.
import { DEFAULT_CANARY_METRICS, DEFAULT_CANARY_POLICY, DEFAULT_DECISION } from './canary-defaults.js';
import {
  fail,
  readBool,
  readDurationMs,
  readEnum,
  readInt,
  readMap,
  readNumber,
  readString,
  type Ctx,
} from './fields.js';
import {
  CANARY_ERROR_RATE_KEYS,
  CANARY_KEYS,
  CANARY_LATENCY_KEYS,
  CANARY_SCORE_KEYS,
  PERCENTILE_KEY,
  ROLLOUT_KEYS,
  VERDICT_POLICIES,
} from './keys.js';
import { child, configError } from './messages.js';
import type { Node } from './tree.js';
import type { CanaryConfig, MetricLimit, RolloutConfig } from './types.js';

export function readCanary(ctx: Ctx, node: Node | undefined): CanaryConfig {
  const entries = node === undefined ? new Map() : readMap(ctx, node, 'canary', CANARY_KEYS);
  const get = (key: string): Node | undefined => entries.get(key)?.value;
  const num = (key: string, expected: string, ok: (n: number) => boolean, fallback: number): number => {
    const n = get(key);
    return n === undefined ? fallback : readNumber(ctx, n, child('canary', key), expected, ok);
  };
  const score = readScore(ctx, get('score'));
  const policy = (key: 'on_marginal' | 'on_inconclusive', fallback: CanaryConfig['onMarginal']) => {
    const n = get(key);
    return n === undefined ? fallback : readEnum(ctx, n, child('canary', key), VERDICT_POLICIES);
  };
  const rollbackNode = get('auto_rollback');
  const resamplesNode = get('resamples');
  const seedNode = get('seed');
  return {
    metrics: readMetrics(ctx, get('metrics')),
    scorePass: score.pass,
    scoreMarginal: score.marginal,
    confidencePercent: num(
      'confidence',
      'a percentage between 50 and 99.9',
      (n) => n >= 50 && n <= 99.9,
      DEFAULT_CANARY_POLICY.confidencePercent,
    ),
    resamples:
      resamplesNode === undefined
        ? DEFAULT_CANARY_POLICY.resamples
        : readInt(ctx, resamplesNode, 'canary.resamples', 100, 100_000),
    seed:
      seedNode === undefined
        ? DEFAULT_CANARY_POLICY.seed
        : readInt(ctx, seedNode, 'canary.seed', 0, 2 ** 32 - 1),
    onMarginal: policy('on_marginal', DEFAULT_DECISION.onMarginal),
    onInconclusive: policy('on_inconclusive', DEFAULT_DECISION.onInconclusive),
    autoRollback: rollbackNode === undefined ? null : readBool(ctx, rollbackNode, 'canary.auto_rollback'),
  };
}

function readScore(ctx: Ctx, node: Node | undefined): { pass: number; marginal: number } {
  const path = 'canary.score';
  const entries = node === undefined ? new Map() : readMap(ctx, node, path, CANARY_SCORE_KEYS);
  const read = (key: string, fallback: number): number => {
    const n = entries.get(key)?.value;
    return n === undefined
      ? fallback
      : readNumber(ctx, n, child(path, key), 'a score from 0 to 100', (x) => x >= 0 && x <= 100);
  };
  const pass = read('pass', DEFAULT_CANARY_POLICY.scorePass);
  const marginal = read('marginal', DEFAULT_CANARY_POLICY.scoreMarginal);
  if (marginal > pass)
    fail(ctx, entries.get('marginal')?.value ?? node!, child(path, 'marginal'), `a score ≤ pass (${pass})`);
  return { pass, marginal };
}

/** `metrics:` overrides the defaults key by key; `pNN: false` drops a comparison. */
function readMetrics(ctx: Ctx, node: Node | undefined): MetricLimit[] {
  const byName = new Map<string, MetricLimit>(DEFAULT_CANARY_METRICS.map((m) => [m.name, m]));
  if (node === undefined) return [...byName.values()];
  for (const [name, entry] of readMap(ctx, node, 'canary.metrics', null)) {
    const path = child('canary.metrics', name);
    const value = entry.value;
    const percentile = PERCENTILE_KEY.test(name) ? Number(name.slice(1)) : null;
    if (name !== 'error_rate' && percentile === null) {
      throw configError(
        { kind: 'file', file: ctx.file, pos: entry.keyPos },
        path,
        'unknown comparison: expected error_rate or a percentile p<number> with 0 < number < 100',
      );
    }
    if (value.kind === 'scalar' && value.value === false) {
      byName.delete(name);
      continue;
    }
    const fields = readMap(
      ctx,
      value,
      path,
      name === 'error_rate' ? CANARY_ERROR_RATE_KEYS : CANARY_LATENCY_KEYS,
    );
    const field = (key: string): Node | undefined => fields.get(key)?.value;
    const nonNegative = (key: string, fallback: number): number => {
      const n = field(key);
      return n === undefined ? fallback : readNumber(ctx, n, child(path, key), 'a number ≥ 0', (x) => x >= 0);
    };
    const previous = byName.get(name);
    const criticalNode = field('critical');
    const critical =
      criticalNode === undefined
        ? (previous?.critical ?? false)
        : readBool(ctx, criticalNode, child(path, 'critical'));
    if (name === 'error_rate') {
      const before = previous?.kind === 'error_rate' ? previous.maxIncreasePoints : 0.1;
      byName.set(name, {
        kind: 'error_rate',
        name,
        critical,
        maxIncreasePoints: nonNegative('max_increase_points', before),
      });
    } else {
      const before = previous?.kind === 'latency' ? previous : { maxIncreasePercent: 10, maxIncreaseMs: 5 };
      byName.set(name, {
        kind: 'latency',
        name,
        percentile: percentile!,
        critical,
        maxIncreasePercent: nonNegative('max_increase_percent', before.maxIncreasePercent),
        maxIncreaseMs: nonNegative('max_increase_ms', before.maxIncreaseMs),
      });
    }
  }
  return [...byName.values()];
}

export function readRollout(ctx: Ctx, node: Node | undefined): RolloutConfig | null {
  if (node === undefined) return null;
  const entries = readMap(ctx, node, 'rollout', ROLLOUT_KEYS);
  const get = (key: string): Node | undefined => entries.get(key)?.value;
  const text = (key: string): string | null => {
    const n = get(key);
    if (n === undefined) return null;
    const value = readString(ctx, n, child('rollout', key), 'a non-empty string');
    if (value.trim() === '') fail(ctx, n, child('rollout', key), 'a non-empty string');
    return value;
  };
  const stagesNode = get('stages');
  let stages: number[] | null = null;
  if (stagesNode !== undefined) {
    if (stagesNode.kind !== 'seq' || stagesNode.items.length === 0)
      fail(ctx, stagesNode, 'rollout.stages', 'a list of traffic weights, e.g. [10, 25, 50, 100]');
    stages = stagesNode.items.map((item, i) =>
      readNumber(
        ctx,
        item,
        `rollout.stages[${i}]`,
        'a weight above 0 and at most 100',
        (n) => n > 0 && n <= 100,
      ),
    );
  }
  const settle = get('settle');
  return {
    deployment: text('deployment'),
    stages,
    shiftCommand: text('shift_command'),
    rollbackCommand: text('rollback_command'),
    settleSeconds: settle === undefined ? null : readDurationMs(ctx, settle, 'rollout.settle', false) / 1000,
  };
}
