// Picks the numbers an SLO is judged on out of a snapshot, and how many samples it needs.
import type { Config, ErrorClass, SloSpec } from '../config/types.js';
import type { Counts, LatencyParts, LatencyStats, Snapshot } from '../metrics/types.js';

export interface Traffic {
  counts: Counts;
  latency: LatencyStats;
  parts: LatencyParts;
  throughputRps: number;
}

/** The traffic an SLO looks at: all of it, or one endpoint's. Null when the endpoint is unknown. */
export function trafficFor(slo: SloSpec, snapshot: Snapshot): Traffic | null {
  if (slo.endpoint === null) return snapshot.overall;
  const endpoint = snapshot.endpoints.find((e) => e.name === slo.endpoint);
  if (!endpoint) return null;
  const seconds = snapshot.measuredSeconds;
  return {
    counts: endpoint.counts,
    latency: endpoint.latency,
    parts: endpoint.parts,
    throughputRps: goodputRps(endpoint.counts, seconds),
  };
}

/**
 * Throughput as the SLO and the outputs mean it: successful responses (not errors) per second of
 * the measured window, so a service that fails fast cannot meet a throughput minimum.
 */
export function goodputRps(counts: Counts, seconds: number): number {
  return seconds > 0 ? (counts.requests - counts.errors) / seconds : 0;
}

/** Failed requests under the configured error class. Transport errors (no response) always count. */
export function errorCount(counts: Counts, errorClass: ErrorClass): number {
  const cls = (name: string): number => counts.statusClasses[name] ?? 0;
  switch (errorClass) {
    case '5xx':
      return cls('none') + cls('5xx');
    case '4xx+5xx':
      return cls('none') + cls('4xx') + cls('5xx');
    case 'unexpected':
      return counts.errors;
  }
}

export function errorRatePercent(counts: Counts, errorClass: ErrorClass): number {
  return counts.requests === 0 ? 0 : (100 * errorCount(counts, errorClass)) / counts.requests;
}

/**
 * Samples needed before an SLO can be judged. A percentile p needs factor / (1 - p/100) samples
 * (factor 10: p50 → 20, p95 → 200, p99 → 1,000, p99.9 → 10,000), so that at least `factor`
 * samples lie beyond it. Max needs one sample, mean `factor`; error rate and throughput one request.
 */
export function samplesNeeded(slo: SloSpec, config: Pick<Config, 'minSamplesFactor'>): number {
  const metric = slo.metric;
  if (metric.kind !== 'latency') return 1;
  if (metric.stat === 'percentile')
    return percentileSamplesNeeded(metric.percentile, config.minSamplesFactor);
  return metric.stat === 'max' ? 1 : Math.ceil(config.minSamplesFactor);
}

/** ceil(factor / (1 − p/100)): the samples percentile p needs so that `factor` lie beyond it. */
export function percentileSamplesNeeded(percentile: number, factor: number): number {
  // Rounded to 9 significant digits first: 100 − 99.9 is not exactly 0.1 in floating point.
  return Math.ceil(Number(((factor * 100) / (100 - percentile)).toPrecision(9)));
}

/** The SLO's measured value, in its unit. */
export function actualValue(slo: SloSpec, traffic: Traffic, errorClass: ErrorClass): number {
  const metric = slo.metric;
  switch (metric.kind) {
    case 'error_rate':
      return errorRatePercent(traffic.counts, errorClass);
    case 'throughput':
      return traffic.throughputRps;
    case 'latency': {
      const times = timesOf(slo, traffic);
      if (metric.stat === 'percentile') return times.percentileMs(metric.percentile);
      return metric.stat === 'max' ? times.maxMs : times.meanMs;
    }
  }
}

/** The distribution a latency-kind SLO judges: the latency itself, the service time or the ttfb. */
export function timesOf(slo: SloSpec, traffic: Traffic): LatencyStats {
  const measure = slo.metric.kind === 'latency' ? slo.metric.measure : undefined;
  if (measure === 'service_time') return traffic.parts.serviceTime;
  if (measure === 'ttfb') return traffic.parts.ttfb;
  return traffic.latency;
}

/** How many samples the SLO is judged on: latency → timed requests, others → requests. */
export function sampleCount(slo: SloSpec, traffic: Traffic): number {
  return slo.metric.kind === 'latency' ? timesOf(slo, traffic).count : traffic.counts.requests;
}

export function unitOf(slo: SloSpec): 'ms' | '%' | 'req/s' {
  return slo.metric.kind === 'latency' ? 'ms' : slo.metric.kind === 'error_rate' ? '%' : 'req/s';
}
