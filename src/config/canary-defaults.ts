// The canary judge's defaults (config `canary:`), named once. Kayenta's suggested thresholds for
// the score; relative AND absolute margins so that neither a tiny ratio on a slow service nor a
// tiny absolute growth on a fast one counts as a regression.
import type { CanaryPolicy, MetricLimit, VerdictPolicy } from './canary-policy.js';

export const DEFAULT_CANARY_METRICS: readonly MetricLimit[] = [
  { kind: 'latency', name: 'p50', percentile: 50, maxIncreasePercent: 10, maxIncreaseMs: 5, critical: false },
  { kind: 'latency', name: 'p95', percentile: 95, maxIncreasePercent: 10, maxIncreaseMs: 5, critical: false },
  { kind: 'latency', name: 'p99', percentile: 99, maxIncreasePercent: 10, maxIncreaseMs: 5, critical: true },
  { kind: 'error_rate', name: 'error_rate', maxIncreasePoints: 0.1, critical: true },
];

export const DEFAULT_CANARY_POLICY: CanaryPolicy = {
  metrics: DEFAULT_CANARY_METRICS,
  scorePass: 95,
  scoreMarginal: 75,
  confidencePercent: 95,
  resamples: 1000,
  seed: 1,
  minSamplesFactor: 10,
  errorClass: 'unexpected',
};

/** Marginal and inconclusive hold the rollout for a human: neither promoted nor rolled back. */
export const DEFAULT_DECISION: { onMarginal: VerdictPolicy; onInconclusive: VerdictPolicy } = {
  onMarginal: 'hold',
  onInconclusive: 'hold',
};
