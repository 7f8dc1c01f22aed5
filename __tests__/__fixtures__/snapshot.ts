// Hand-built snapshots for judge tests: exact latencies in, exact percentiles out
// (nearest-rank, as HDR reports them at these values).
import { goodputRps } from '../../src/judge/select.js';
import { emptyConnectionCounts, type ConnectionCounts } from '../../src/metrics/connections.js';
import type {
  Counts,
  EndpointSnapshot,
  LatencyParts,
  LatencyStats,
  Snapshot,
} from '../../src/metrics/types.js';

export function latencyOf(valuesMs: readonly number[]): LatencyStats {
  const sorted = [...valuesMs].sort((a, b) => a - b);
  const count = sorted.length;
  return {
    count,
    percentileMs: (p) =>
      count === 0 ? NaN : sorted[Math.max(0, Math.ceil(Number(((p / 100) * count).toPrecision(12))) - 1)]!,
    minMs: count ? sorted[0]! : NaN,
    maxMs: count ? sorted[count - 1]! : NaN,
    meanMs: count ? sorted.reduce((a, b) => a + b, 0) / count : NaN,
    encoded: () => '',
  };
}

/** n copies of a value, for building latency lists. */
export function times(n: number, valueMs: number): number[] {
  return new Array<number>(n).fill(valueMs);
}

export function countsOf(requests: number, byClass: Record<string, number> = {}, errors?: number): Counts {
  const classes: Record<string, number> = {
    '2xx': requests - Object.values(byClass).reduce((a, b) => a + b, 0),
    ...byClass,
  };
  const failed = errors ?? (classes['none'] ?? 0) + (classes['4xx'] ?? 0) + (classes['5xx'] ?? 0);
  return { requests, errors: failed, statusClasses: classes, statusCodes: {}, errorKinds: {}, bytes: 0 };
}

/**
 * Parts of a set of requests: service times as given (default: the latencies, as in the closed
 * model), queue wait = latency − service per request, ttfb as given (default: the service times).
 */
export function partsOf(
  latenciesMs: readonly number[],
  serviceMs: readonly number[] = latenciesMs,
  ttfbMs: readonly number[] = serviceMs,
): LatencyParts {
  return {
    serviceTime: latencyOf(serviceMs),
    queueWait: latencyOf(latenciesMs.map((l, i) => l - (serviceMs[i] ?? l))),
    ttfb: latencyOf(ttfbMs),
  };
}

export interface SnapshotSpec {
  latenciesMs: readonly number[];
  /** Connection counts (default: none). */
  connections?: Partial<ConnectionCounts>;
  serviceMs?: readonly number[];
  ttfbMs?: readonly number[];
  byClass?: Record<string, number>;
  measuredSeconds?: number;
  elapsedSeconds?: number;
  endpoints?: Array<{
    name: string;
    latenciesMs: readonly number[];
    serviceMs?: readonly number[];
    ttfbMs?: readonly number[];
    byClass?: Record<string, number>;
  }>;
  saturated?: string[];
  eventLoopDelayP99Ms?: number;
  schedulingLagP99Ms?: number;
  aborted?: Snapshot['aborted'];
  accounting?: Snapshot['accounting'];
  errorMessages?: Snapshot['errorMessages'];
  unexpectedStatuses?: Snapshot['unexpectedStatuses'];
}

export function snapshotOf(spec: SnapshotSpec): Snapshot {
  const measuredSeconds = spec.measuredSeconds ?? 10;
  const requests = spec.latenciesMs.length;
  const endpoints: EndpointSnapshot[] = (spec.endpoints ?? []).map((e) => ({
    name: e.name,
    counts: countsOf(e.latenciesMs.length, e.byClass),
    latency: latencyOf(e.latenciesMs),
    parts: partsOf(e.latenciesMs, e.serviceMs, e.ttfbMs),
  }));
  const counts = countsOf(requests, spec.byClass);
  return {
    startedAt: '2026-11-28T06:00:00.000Z',
    measuredSeconds,
    elapsedSeconds: spec.elapsedSeconds ?? measuredSeconds,
    overall: {
      counts,
      latency: latencyOf(spec.latenciesMs),
      parts: partsOf(spec.latenciesMs, spec.serviceMs, spec.ttfbMs),
      throughputRps: goodputRps(counts, measuredSeconds),
    },
    endpoints,
    warmUp: countsOf(0),
    timeline: [],
    encodeTimeline: () => [],
    latencyBySecond: () => [],
    health: {
      workers: 1,
      intendedRequests: null,
      sentRequests: requests,
      achievedRatio: null,
      schedulingLagP99Ms: spec.schedulingLagP99Ms ?? 0,
      eventLoopDelayP99Ms: spec.eventLoopDelayP99Ms ?? 0,
      cpuPercent: 0,
      saturatedReasons: spec.saturated ?? [],
    },
    aborted: spec.aborted ?? null,
    accounting: spec.accounting ?? null,
    errorMessages: spec.errorMessages ?? {},
    unexpectedStatuses: spec.unexpectedStatuses ?? {},
    connections: {
      counts: { ...emptyConnectionCounts(), ...spec.connections },
      connectTime: latencyOf([]),
      seconds: [],
    },
  };
}
