// The canary judge's vocabulary: how a canary may differ from its baseline, and what was found.
import type { ErrorClass } from '../config/types.js';
import type { SloResult, Verdict } from './types.js';

/** A latency percentile that may grow by at most BOTH margins before the growth counts. */
export interface LatencyLimit {
  kind: 'latency';
  /** Display name and config key, e.g. "p95". */
  name: string;
  percentile: number;
  /** Allowed growth relative to the baseline's value, percent (10 = canary may be 10 % slower). */
  maxIncreasePercent: number;
  /** Allowed growth in absolute terms, ms: growth below this never counts, whatever the ratio. */
  maxIncreaseMs: number;
  critical: boolean;
}

/** The error rate may exceed the baseline's by at most this many percentage points. */
export interface ErrorRateLimit {
  kind: 'error_rate';
  name: string;
  maxIncreasePoints: number;
  critical: boolean;
}

export type MetricLimit = LatencyLimit | ErrorRateLimit;

export interface CanaryPolicy {
  metrics: readonly MetricLimit[];
  /** Score (0–100) at or above which the canary passes. */
  scorePass: number;
  /** Score at or above which (and below scorePass) it is marginal; below: fail. */
  scoreMarginal: number;
  /** Two-sided confidence of the intervals, percent (95: a metric fails when the whole interval is beyond its allowance). */
  confidencePercent: number;
  /** Bootstrap resamples of the paired seconds. */
  resamples: number;
  /** Seed of the bootstrap's PRNG: the same data always gives the same verdict. */
  seed: number;
  /** A percentile p needs ceil(factor / (1 − p/100)) samples per arm (10: p99 → 1,000). */
  minSamplesFactor: number;
  errorClass: ErrorClass;
}

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
