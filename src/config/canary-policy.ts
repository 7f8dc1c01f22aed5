// The canary policy: how a canary may differ from its baseline — what the config's `canary:`
// resolves to (defaults in canary-defaults.ts) and what the canary judge (src/judge/) applies.
import type { ErrorClass } from './types.js';

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

/** What a marginal or inconclusive canary verdict does (`canary.on_marginal` / `on_inconclusive`). */
export type VerdictPolicy = 'promote' | 'hold' | 'rollback';
