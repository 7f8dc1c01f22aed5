// Load patterns as pure functions of elapsed time (µs since the run's start) — no clocks, no state.
// Closed models (sustained, ramp-up, burst) answer "how many users are active now"; open models
// (rate, ramp-rate) answer "when is the n-th arrival due" and "how many arrivals are due by now".
import { isOpenModel } from '../config/keys.js';
import type { LoadConfig } from '../config/types.js';

export const US_PER_SECOND = 1_000_000;

/**
 * Connection set-up is spread so that many users do not stampede: user i starts no earlier than
 * i × userStartStepUs (at most 100 µs apart, the whole set within 1 s).
 */
export const MAX_USER_START_STEP_US = 100;
export const MAX_USER_START_SPREAD_US = US_PER_SECOND;

export function userStartStepUs(maxUsers: number): number {
  if (maxUsers <= 1) return 0;
  return Math.min(MAX_USER_START_STEP_US, MAX_USER_START_SPREAD_US / maxUsers);
}

/** The burst peak is capped at `concurrency` (the plan says so when it applies). */
export function burstLevels(load: LoadConfig): { base: number; peak: number } {
  const burst = load.burst ?? {
    base: load.concurrency,
    peak: load.concurrency,
    spikeSeconds: 0,
    periodSeconds: 1,
  };
  return { base: Math.min(burst.base, load.concurrency), peak: Math.min(burst.peak, load.concurrency) };
}

/** Largest number of users the pattern ever asks for (closed model). */
export function maxUsers(load: LoadConfig): number {
  if (load.pattern === 'burst') {
    const { base, peak } = burstLevels(load);
    return Math.max(base, peak);
  }
  if (load.pattern === 'ramp-up') return Math.max(load.startConcurrency, load.concurrency);
  return load.concurrency;
}

/**
 * The slots a run opens: its most users (closed model) or its in-flight places (open model:
 * concurrency). Shards split these with shardShare.
 */
export function slotCount(load: LoadConfig): number {
  return isOpenModel(load) ? load.concurrency : maxUsers(load);
}

/**
 * Users the pattern asks for at elapsedUs, before connection spreading.
 * - sustained: concurrency
 * - ramp-up: startConcurrency → concurrency linearly over rampUpSeconds (floor), then concurrency
 * - burst: each period starts at `base`; its last spikeSeconds run at `peak`
 */
export function patternUsersAt(load: LoadConfig, elapsedUs: number): number {
  switch (load.pattern) {
    case 'ramp-up': {
      const rampUs = load.rampUpSeconds * US_PER_SECOND;
      if (elapsedUs >= rampUs) return load.concurrency;
      const span = load.concurrency - load.startConcurrency;
      return load.startConcurrency + Math.floor((span * elapsedUs) / rampUs);
    }
    case 'burst': {
      const { base, peak } = burstLevels(load);
      const burst = load.burst;
      if (!burst) return base;
      const periodUs = burst.periodSeconds * US_PER_SECOND;
      const phaseUs = elapsedUs % periodUs;
      return phaseUs >= periodUs - burst.spikeSeconds * US_PER_SECOND ? peak : base;
    }
    default:
      return load.concurrency;
  }
}

/** Users active at elapsedUs: the pattern's level, limited by the connection set-up spread. */
export function activeUsersAt(load: LoadConfig, elapsedUs: number): number {
  const users = patternUsersAt(load, elapsedUs);
  const stepUs = userStartStepUs(maxUsers(load));
  if (stepUs === 0) return users;
  return Math.min(users, Math.floor(elapsedUs / stepUs) + 1);
}

/** Of `users` numbered 0..users-1, those with index ≡ shard (mod shards). */
export function shardShare(users: number, shard: number, shards: number): number {
  return users > shard ? Math.floor((users - shard - 1) / shards) + 1 : 0;
}

/** Cumulative intended arrivals Λ(t) (a real number) by elapsedUs. */
function cumulative(load: LoadConfig, elapsedUs: number): number {
  const r1 = load.rate ?? 0;
  const t = elapsedUs / US_PER_SECOND;
  if (load.pattern !== 'ramp-rate' || load.rampUpSeconds <= 0) return r1 * t;
  const r0 = load.startRate ?? 0;
  const T = load.rampUpSeconds;
  if (t <= T) return r0 * t + ((r1 - r0) * t * t) / (2 * T);
  return r0 * T + ((r1 - r0) * T) / 2 + r1 * (t - T);
}

/** Open model: intended send time (µs) of arrival n (0-based): Λ⁻¹(n). Arrival 0 is at t = 0. */
export function intendedSendUs(load: LoadConfig, n: number): number {
  const r1 = load.rate ?? 0;
  if (load.pattern !== 'ramp-rate' || load.rampUpSeconds <= 0) return (n * US_PER_SECOND) / r1;
  const r0 = load.startRate ?? 0;
  const T = load.rampUpSeconds;
  const rampArrivals = r0 * T + ((r1 - r0) * T) / 2;
  if (n > rampArrivals) return (T + (n - rampArrivals) / r1) * US_PER_SECOND;
  const a = (r1 - r0) / (2 * T);
  if (Math.abs(a) < 1e-12) return (n / r0) * US_PER_SECOND;
  const t = (-r0 + Math.sqrt(Math.max(0, r0 * r0 + 4 * a * n))) / (2 * a);
  return t * US_PER_SECOND;
}

/** Open model: arrivals with intended time ≤ elapsedUs and < the end of the run. */
export function arrivalsDue(load: LoadConfig, elapsedUs: number): number {
  const endUs = load.durationSeconds * US_PER_SECOND;
  const total = totalArrivals(load);
  if (elapsedUs >= endUs) return total;
  // floor(Λ(t)) + 1, corrected for floating-point error against the exact inverse
  let n = Math.min(total, Math.floor(cumulative(load, elapsedUs) + 1e-9) + 1);
  while (n > 0 && intendedSendUs(load, n - 1) > elapsedUs) n--;
  while (n < total && intendedSendUs(load, n) <= elapsedUs) n++;
  return n;
}

/** Open model: arrivals whose intended time falls within [0, duration). */
export function totalArrivals(load: LoadConfig): number {
  const endUs = load.durationSeconds * US_PER_SECOND;
  let n = Math.ceil(cumulative(load, endUs) - 1e-9);
  while (n > 0 && intendedSendUs(load, n - 1) >= endUs) n--;
  while (intendedSendUs(load, n) < endUs) n++;
  return n;
}

/** Open model: arrivals with intended time < elapsedUs (e.g. those inside the warm-up). */
export function arrivalsBefore(load: LoadConfig, elapsedUs: number): number {
  const n = arrivalsDue(load, elapsedUs);
  return n > 0 && intendedSendUs(load, n - 1) >= elapsedUs ? n - 1 : n;
}
