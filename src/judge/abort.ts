// Early abort: decides, from a live snapshot, whether a breach can no longer recover however the
// rest of the run goes. Then the load is stopped to save runner minutes and spare the target.
import type { Config, SloSpec } from '../config/types.js';
import type { LatencyStats, Snapshot } from '../metrics/types.js';
import { formatCount, formatValue } from '../format.js';
import { errorCount, sampleCount, samplesNeeded, trafficFor } from './select.js';

type AbortConfig = Pick<Config, 'slos' | 'errorClass' | 'minSamplesFactor' | 'abort' | 'load' | 'endpoints'>;

/**
 * Returns why the run cannot pass any more, or null. `expectedRequests` is how many requests the
 * whole measured window will hold: exact in the open model, Infinity in the closed model (where
 * the future rate is unknown, so only `max` can be certain).
 *
 * - error rate ≤ L%: errors so far already exceed L% of the expected total;
 * - percentile p ≤ L ms: requests slower than L already exceed (100 − p)% of the expected total;
 * - max ≤ L ms: one request slower than L;
 * - mean ≤ L ms: the latency sum so far already exceeds L × expected total.
 * Throughput minimums are never aborted on (the rest of the run could still make them up).
 */
export function unrecoverableBreach(
  snapshot: Snapshot,
  config: AbortConfig,
  expectedRequests: number,
): string | null {
  if (!config.abort.enabled) return null;
  const sinceWarmUp = snapshot.elapsedSeconds - config.load.warmUpSeconds;
  if (sinceWarmUp < config.abort.graceSeconds) return null;
  for (const slo of config.slos) {
    const reason = sloCannotRecover(slo, snapshot, config, expectedRequests);
    if (reason) return reason;
  }
  return null;
}

function sloCannotRecover(
  slo: SloSpec,
  snapshot: Snapshot,
  config: AbortConfig,
  expectedTotal: number,
): string | null {
  const traffic = trafficFor(slo, snapshot);
  if (!traffic || slo.bound !== 'max') return null;
  // A per-endpoint SLO sees its weight's share of the expected total (the picker is deterministic).
  const expected = Math.max(expectedTotal * weightShare(slo.endpoint, config), traffic.counts.requests);
  // Only once the SLO could be judged on what is already in: then the final evaluation, over no
  // more requests than expected, is certain to find the same breach.
  if (sampleCount(slo, traffic) < samplesNeeded(slo, config)) return null;
  const metric = slo.metric;
  if (metric.kind === 'error_rate') {
    const errors = errorCount(traffic.counts, config.errorClass);
    const floor = (100 * errors) / expected;
    return floor > slo.limit
      ? `${slo.name}: ${formatCount(errors)} errors already make at least ${formatValue(floor, '%')} of the ${formatCount(Math.round(expected))} expected requests (limit ${formatValue(slo.limit, '%')})`
      : null;
  }
  if (metric.kind !== 'latency') return null;
  if (metric.stat === 'max') {
    return traffic.latency.maxMs > slo.limit
      ? `${slo.name}: a request already took ${formatValue(traffic.latency.maxMs, 'ms')} (limit ${formatValue(slo.limit, 'ms')})`
      : null;
  }
  if (metric.stat !== 'percentile') {
    const floor = (traffic.latency.meanMs * traffic.latency.count) / expected;
    return floor > slo.limit
      ? `${slo.name}: the latency so far already makes a mean of at least ${formatValue(floor, 'ms')} (limit ${formatValue(slo.limit, 'ms')})`
      : null;
  }
  const slower = countAbove(traffic.latency, slo.limit);
  const allowed = ((100 - metric.percentile) / 100) * expected;
  return slower > allowed
    ? `${slo.name}: ${formatCount(slower)} requests already slower than ${formatValue(slo.limit, 'ms')}, more than the ${formatCount(Math.floor(allowed))} that ${formatCount(Math.round(expected))} expected requests allow`
    : null;
}

function weightShare(endpoint: string | null, config: Pick<Config, 'endpoints'>): number {
  if (endpoint === null) return 1;
  const total = config.endpoints.reduce((sum, e) => sum + e.weight, 0);
  const weight = config.endpoints.find((e) => e.name === endpoint)?.weight ?? 0;
  return total > 0 ? weight / total : 0;
}

/** Requests slower than `limitMs`, found by bisecting the percentile function (to 1 in 10^6). */
export function countAbove(latency: LatencyStats, limitMs: number): number {
  if (latency.count === 0 || latency.maxMs <= limitMs) return 0;
  let low = 0; // percentile known to be ≤ limit (or 0)
  let high = 100; // percentile known to be > limit
  for (let i = 0; i < 40 && high - low > 1e-6; i++) {
    const mid = (low + high) / 2;
    if (latency.percentileMs(mid) <= limitMs) low = mid;
    else high = mid;
  }
  return Math.round(((100 - low) / 100) * latency.count);
}
