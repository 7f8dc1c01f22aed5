// A finished (or in-progress) measurement, as the judge and the reports see it.

/** Latency distribution of one set of requests. All values in milliseconds. */
export interface LatencyStats {
  count: number;
  /** Any percentile, 0 < p <= 100. NaN when count is 0. */
  percentileMs(p: number): number;
  minMs: number;
  maxMs: number;
  meanMs: number;
  /** Base64 of the compressed HDR histogram (µs), for merging across workers, shards and runs. */
  encoded(): string;
}

export interface Counts {
  requests: number;
  /** Requests that count as errors (transport errors + statuses outside the endpoint's expectStatus). */
  errors: number;
  /** '1xx' … '5xx', plus 'none' for no response. */
  statusClasses: Readonly<Record<string, number>>;
  /** HTTP status code → count, for responses that arrived. */
  statusCodes: Readonly<Record<string, number>>;
  /** Error kind name (timeout, connection_reset …) → count. */
  errorKinds: Readonly<Record<string, number>>;
  bytes: number;
}

export interface EndpointSnapshot {
  name: string;
  counts: Counts;
  latency: LatencyStats;
}

/** One second of the run (all traffic, warm-up included, flagged). */
export interface TimelineBucket {
  second: number;
  warmUp: boolean;
  requests: number;
  errors: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface GeneratorHealth {
  /** Worker threads that generated the load. */
  workers: number;
  /** Requests the plan intended to start in the measured window (open model), null for closed. */
  intendedRequests: number | null;
  /** Requests actually started. */
  sentRequests: number;
  /** sent / intended (open model) or null. */
  achievedRatio: number | null;
  /** p99 of (actual send − intended send), ms. */
  schedulingLagP99Ms: number;
  /** p99 event-loop delay of the busiest worker, ms. */
  eventLoopDelayP99Ms: number;
  /** Mean CPU use of the generator process over the run, percent: 100 per fully busy core (0..100 × cores). */
  cpuPercent: number;
  /** Non-empty when the generator could not produce a trustworthy measurement. */
  saturatedReasons: readonly string[];
}

export interface Snapshot {
  startedAt: string;
  /** Length of the measured window (after warm-up), seconds. */
  measuredSeconds: number;
  /** Whole run, warm-up included, seconds. */
  elapsedSeconds: number;
  /** Post-warm-up traffic: what SLOs are judged on. */
  overall: { counts: Counts; latency: LatencyStats; throughputRps: number };
  endpoints: readonly EndpointSnapshot[];
  /** Warm-up traffic counts (not judged). */
  warmUp: Counts;
  timeline: readonly TimelineBucket[];
  health: GeneratorHealth;
  /** Set when the load was stopped before its planned end. */
  aborted: { reason: string; atSeconds: number } | null;
}
