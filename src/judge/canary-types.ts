// The canary judge's vocabulary: what was found. How a canary may differ from its baseline (the
// policy) is config's: src/config/canary-policy.ts, re-exported here for the judge's files.
import type { SloResult, Verdict } from './types.js';

export type { CanaryPolicy, ErrorRateLimit, LatencyLimit, MetricLimit } from '../config/canary-policy.js';

/** pass / fail: judged; nodata: too few samples on an arm, never a pass. */
export type Classification = 'pass' | 'fail' | 'nodata';

export interface MetricComparison {
  name: string;
  unit: 'ms' | '%';
  critical: boolean;
  /** The canary's and the baseline's value (ms or percent); null without data. */
  canary: number | null;
  baseline: number | null;
  /** canary − baseline (ms, or percentage points), and its confidence interval. */
  difference: number | null;
  interval: { low: number; high: number } | null;
  /** The growth allowed at the baseline's value (ms, or percentage points). */
  allowed: number | null;
  /** The limit as written: "+10 % and +5 ms", "+0.1 pp". */
  limit: string;
  classification: Classification;
  samples: { canary: number; baseline: number; needed: number };
  /** One line: why this classification. */
  reason: string;
}

export interface CanaryJudgement {
  verdict: Verdict;
  /** One line naming what decided the verdict. */
  reason: string;
  /** 100 × passing / judged metrics; null when no metric could be judged. */
  score: number | null;
  metrics: readonly MetricComparison[];
  /** The canary's absolute SLOs (the config's thresholds), judged as the single-target gate does. */
  slos: readonly SloResult[];
  /** Names of the failed comparisons and breached SLOs. */
  failedMetrics: readonly string[];
}
