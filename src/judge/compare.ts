// Canary vs baseline, metric by metric: latency percentiles by a paired bootstrap over the
// seconds both arms shared, the error rate by Newcombe's interval for a difference of rates.
// A metric fails only when its whole confidence interval lies beyond the allowance.
import type { SecondLatency, Snapshot } from '../metrics/types.js';
import { pairedBootstrap, quantile } from './bootstrap.js';
import type { CanaryPolicy, ErrorRateLimit, LatencyLimit, MetricComparison } from './canary-types.js';
import { formatCount, formatValue } from '../format.js';
import { newcombeDifference } from './proportion.js';
import { errorCount, percentileSamplesNeeded } from './select.js';

/** Fewer shared seconds than this and a bootstrap over them says little: not judged. */
export const MIN_PAIRED_SECONDS = 10;

const signed = (value: number, unit: string): string =>
  `${value >= 0 ? '+' : '−'}${formatValue(Math.abs(value), unit)}`;

export function compareMetrics(
  canary: Snapshot,
  baseline: Snapshot,
  policy: CanaryPolicy,
): MetricComparison[] {
  const latency = policy.metrics.filter((m): m is LatencyLimit => m.kind === 'latency');
  const latencyResults = compareLatency(canary, baseline, latency, policy);
  return policy.metrics.map((m) =>
    m.kind === 'latency' ? latencyResults.get(m)! : compareErrorRate(canary, baseline, m, policy),
  );
}

export function latencyLimitText(limit: Pick<LatencyLimit, 'maxIncreasePercent' | 'maxIncreaseMs'>): string {
  return `+${formatValue(limit.maxIncreasePercent, '%')} and +${formatValue(limit.maxIncreaseMs, 'ms')}`;
}

function compareLatency(
  canary: Snapshot,
  baseline: Snapshot,
  limits: readonly LatencyLimit[],
  policy: CanaryPolicy,
): Map<LatencyLimit, MetricComparison> {
  const results = new Map<LatencyLimit, MetricComparison>();
  const judged: LatencyLimit[] = [];
  const canarySeconds = canary.latencyBySecond();
  const baselineSeconds = baseline.latencyBySecond();
  const paired = pairedSeconds(canarySeconds, baselineSeconds);
  for (const limit of limits) {
    const needed = percentileSamplesNeeded(limit.percentile, policy.minSamplesFactor);
    const samples = {
      canary: canary.overall.latency.count,
      baseline: baseline.overall.latency.count,
      needed,
    };
    const base: MetricComparison = {
      name: limit.name,
      unit: 'ms',
      critical: limit.critical,
      canary: samples.canary > 0 ? canary.overall.latency.percentileMs(limit.percentile) : null,
      baseline: samples.baseline > 0 ? baseline.overall.latency.percentileMs(limit.percentile) : null,
      difference: null,
      interval: null,
      allowed: null,
      limit: latencyLimitText(limit),
      classification: 'nodata',
      samples,
      reason: '',
    };
    if (samples.canary < needed || samples.baseline < needed) {
      base.reason =
        `not judged: ${limit.name} needs ${formatCount(needed)} samples per arm, ` +
        `canary had ${formatCount(samples.canary)}, baseline ${formatCount(samples.baseline)}`;
    } else if (paired < MIN_PAIRED_SECONDS) {
      base.reason = `not judged: the paired bootstrap needs ${MIN_PAIRED_SECONDS} measured seconds, had ${paired}`;
    } else {
      judged.push(limit);
    }
    results.set(limit, base);
  }
  if (judged.length === 0) return results;
  const ordered = [...judged].sort((a, b) => a.percentile - b.percentile);
  const draws = pairedBootstrap(
    canarySeconds,
    baselineSeconds,
    ordered.map((l) => l.percentile),
    policy.resamples,
    policy.seed,
  );
  const tail = (1 - policy.confidencePercent / 100) / 2;
  ordered.forEach((limit, i) => {
    const result = results.get(limit)!;
    const c = draws.canary[i];
    const b = draws.baseline[i];
    const differences = new Float64Array(draws.count);
    const excesses = new Float64Array(draws.count);
    for (let r = 0; r < draws.count; r++) {
      differences[r] = c[r] - b[r];
      excesses[r] = differences[r] - allowedGrowth(limit, b[r]);
    }
    const canaryMs = result.canary!;
    const baselineMs = result.baseline!;
    const difference = canaryMs - baselineMs;
    const allowed = allowedGrowth(limit, baselineMs);
    const interval = {
      low: quantile(differences, draws.count, tail),
      high: quantile(differences, draws.count, 1 - tail),
    };
    const failed = quantile(excesses, draws.count, tail) > 0;
    const relative = baselineMs > 0 ? (100 * difference) / baselineMs : 0;
    const ci = `${formatValue(policy.confidencePercent, '%')} CI ${signed(interval.low, 'ms')} … ${signed(interval.high, 'ms')}`;
    const head = `${formatValue(canaryMs, 'ms')} vs ${formatValue(baselineMs, 'ms')}: ${signed(relative, '%')} (${signed(difference, 'ms')}), ${ci}`;
    let verdict: string;
    if (failed)
      verdict = `beyond the allowed +${formatValue(allowed, 'ms')} (${result.limit}) across the whole interval`;
    else if (difference > allowed)
      verdict = `above the allowed +${formatValue(allowed, 'ms')} (${result.limit}) but not significantly: the interval reaches back to ${signed(interval.low, 'ms')}`;
    else verdict = `within the allowed +${formatValue(allowed, 'ms')} (${result.limit})`;
    Object.assign(result, {
      difference,
      interval,
      allowed,
      classification: failed ? 'fail' : 'pass',
      reason: `${head}; ${verdict}`,
    });
  });
  return results;
}

/** Growth counts only beyond BOTH margins: the larger of the relative and the absolute one. */
function allowedGrowth(limit: LatencyLimit, baselineMs: number): number {
  return Math.max((limit.maxIncreasePercent / 100) * baselineMs, limit.maxIncreaseMs);
}

function pairedSeconds(canary: readonly SecondLatency[], baseline: readonly SecondLatency[]): number {
  const c = new Set(canary.map((s) => s.second));
  return baseline.filter((s) => c.has(s.second)).length;
}

function compareErrorRate(
  canary: Snapshot,
  baseline: Snapshot,
  limit: ErrorRateLimit,
  policy: CanaryPolicy,
): MetricComparison {
  const n1 = canary.overall.counts.requests;
  const n2 = baseline.overall.counts.requests;
  const x1 = errorCount(canary.overall.counts, policy.errorClass);
  const x2 = errorCount(baseline.overall.counts, policy.errorClass);
  const base: MetricComparison = {
    name: limit.name,
    unit: '%',
    critical: limit.critical,
    canary: n1 > 0 ? (100 * x1) / n1 : null,
    baseline: n2 > 0 ? (100 * x2) / n2 : null,
    difference: null,
    interval: null,
    allowed: limit.maxIncreasePoints,
    limit: `+${formatValue(limit.maxIncreasePoints, 'pp')}`,
    classification: 'nodata',
    samples: { canary: n1, baseline: n2, needed: 1 },
    reason: '',
  };
  if (n1 === 0 || n2 === 0) {
    return {
      ...base,
      reason: `not judged: no requests after warm-up on the ${n1 === 0 ? 'canary' : 'baseline'}`,
    };
  }
  const d = newcombeDifference(x1, n1, x2, n2, policy.confidencePercent);
  const interval = { low: 100 * d.low, high: 100 * d.high };
  const difference = 100 * d.difference;
  const failed = interval.low > limit.maxIncreasePoints;
  const head =
    `${formatValue(base.canary!, '%')} (${formatCount(x1)}/${formatCount(n1)}) vs ${formatValue(base.baseline!, '%')} ` +
    `(${formatCount(x2)}/${formatCount(n2)}): ${signed(difference, 'pp')}, ` +
    `${formatValue(policy.confidencePercent, '%')} CI ${signed(interval.low, 'pp')} … ${signed(interval.high, 'pp')}`;
  const verdict = failed
    ? `beyond the allowed ${base.limit} across the whole interval`
    : difference > limit.maxIncreasePoints
      ? `above the allowed ${base.limit} but not significantly`
      : `within the allowed ${base.limit}`;
  return {
    ...base,
    difference,
    interval,
    classification: failed ? 'fail' : 'pass',
    reason: `${head}; ${verdict}`,
  };
}
