// RunReport: the one finished value every reporter renders. It is also, verbatim, results.json
// (schemaVersion 1; JSON Schema in schemas/results.schema.json).
import type { ErrorEntry } from '../judge/errors.js';
import type { MetricComparison } from '../judge/canary-types.js';
import type { Calibration } from '../engine/calibrate.js';
import type { SloResult, Verdict } from '../judge/types.js';
import type { ConnectionCounts, ConnectionSecond } from '../metrics/connections.js';
import type { Counts, GeneratorHealth, RequestAccounting, TimelineBucket } from '../metrics/types.js';
import type { RunContext } from '../settings/types.js';
import type { TransportFacts } from '../plan/transport.js';

export interface LatencyMs {
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

/** Base64 compressed HDR histograms (µs, post-warm-up) of the latency parts, for exact merging. */
export interface PartHistogramsB64 {
  serviceTime: string;
  queueWait: string;
  ttfb: string;
}

/**
 * Latency in parts, beside latencyMs (same shape): service time (actual send → response end), queue
 * wait (intended → actual send; 0 in the closed model) and time to first byte.
 */
export interface LatencyPartsMs {
  serviceTimeMs: LatencyMs;
  queueWaitMs: LatencyMs;
  ttfbMs: LatencyMs;
  partHistograms: PartHistogramsB64;
}

export interface ReportEndpoint extends LatencyPartsMs {
  name: string;
  method: string;
  path: string;
  requests: number;
  errors: number;
  errorRatePercent: number;
  throughputRps: number;
  latencyMs: LatencyMs;
  statusCodes: Record<string, number>;
  /** Base64 compressed HDR histogram of latency in µs (post-warm-up). */
  histogram: string;
}

/** One judged SLO, exactly as the judge produced it. */
export type ReportSlo = SloResult;

export interface RunReport extends LatencyPartsMs {
  /** The generator's own latency floor measured before the load (input calibrate), or null. */
  calibration: Calibration | null;
  schemaVersion: 1;
  tool: { name: string; version: string };
  verdict: Verdict;
  passed: boolean;
  rollback: boolean;
  reason: string;
  target: string;
  environment: string;
  /** Progressive-rollout stage label, if any. */
  stage: string | null;
  config: { path: string | null; digest: string };
  load: {
    pattern: string;
    concurrency: number;
    durationSeconds: number;
    rate: number | null;
    warmUpSeconds: number;
    workers: number;
  };
  startedAt: string;
  finishedAt: string;
  totals: {
    requests: number;
    errors: number;
    errorRatePercent: number;
    throughputRps: number;
    durationSeconds: number;
    bytes: number;
    warmUpRequests: number;
  };
  latencyMs: LatencyMs;
  statusCodes: Record<string, number>;
  errorKinds: Record<string, number>;
  /** Every error kind and error status explained: count, first and most common message, endpoints. Largest first. */
  errors: ErrorEntry[];
  endpoints: ReportEndpoint[];
  slos: ReportSlo[];
  timeline: ReportTimelineBucket[];
  /** The generator's health (its worker count is load.workers). */
  generator: Omit<GeneratorHealth, 'workers'>;
  aborted: { reason: string; atSeconds: number } | null;
  /**
   * Every request of the run, warm-up included: sent = completed + failed + inFlightAtEnd (and the
   * arrivals never sent). Null in a merge of results written before it was recorded.
   */
  requests: RequestAccounting | null;
  /** How the load reached the target: HTTP version, client, proxy, resolve, TLS warnings. */
  transport: TransportFacts & {
    /**
     * Deprecated (kept for schemaVersion 1 readers): the first message of the `tls` entry of
     * `errors`, null without one. Error messages live in `errors`.
     */
    tlsError: string | null;
  };
  /** What happened to the connections, whole run (warm-up included). */
  connections: ReportConnections;
  /** Base64 compressed HDR histogram of all post-warm-up latencies in µs. */
  histogram: string;
  run: RunContext;
  /** Which part of the load this run sent, and when it was told to start (input start-at). */
  shard: ReportShard;
  /** The exact counts as recorded, so that runner shards merge without loss. */
  counts: { overall: Counts; endpoints: Counts[]; warmUp: Counts };
  /** Set when this report is the merge of runner shards (slo-loadtest merge / the merge action). */
  merge: MergeInfo | null;
  /** The new version may be promoted (a pass, or a verdict whose policy says promote). */
  promote?: boolean;
  /** Progressive rollout: the traffic weight (percent) of the stage, if given. */
  trafficWeight?: number | null;
  /** Canary mode: the comparison against the baseline (the top-level figures are the canary's). */
  canary?: CanaryReport;
}

/** The connection accounting (src/metrics/connections.ts): counts, connect time, seconds with events. */
export interface ReportConnections extends ConnectionCounts {
  /** Time to establish a connection (TCP connect; over TLS, handshake included), ms. */
  connectTimeMs: LatencyMs;
  /** Base64 compressed HDR histogram of connect times (µs), for exact merging; null when none. */
  connectTimeHistogram: string | null;
  /** Seconds of the run (as in timeline[]) with any connection event, in order. */
  timeline: ConnectionSecond[];
}

export interface MergeInfo {
  shards: number;
  /** Time all shards' measured windows shared, seconds, and its share of the shortest window. */
  overlapSeconds: number;
  overlapRatio: number;
  /** Each shard's measured window (wall clock, ISO). */
  windows: Array<{ shard: string; start: string; end: string }>;
}

/** One arm's figures: the same shapes as the top level, for every arm of the run. */
export interface ArmFigures {
  role: 'canary' | 'baseline';
  target: string;
  totals: RunReport['totals'];
  latencyMs: LatencyMs;
  statusCodes: Record<string, number>;
  errorKinds: Record<string, number>;
  generator: RunReport['generator'];
  aborted: RunReport['aborted'];
  /** Base64 compressed HDR histogram of the arm's post-warm-up latencies, µs. */
  histogram: string;
}

export interface CanaryReport {
  /** A/A: both arms loaded the baseline (a false-alarm check). */
  aa: boolean;
  score: number | null;
  scorePass: number;
  scoreMarginal: number;
  confidencePercent: number;
  resamples: number;
  seed: number;
  onMarginal: string;
  onInconclusive: string;
  autoRollback: boolean;
  failedMetrics: string[];
  /** One row per compared metric, with its one-line reason. */
  comparisons: MetricComparison[];
  /** Every arm, canary first. */
  arms: ArmFigures[];
}

export interface ReportShard {
  /** 1-based; 1 of 1 for a run that is not split over runners. */
  index: number;
  count: number;
  /** The shared start the run waited for (ISO), null when it started as soon as it was ready. */
  plannedStartAt: string | null;
}

/** One second of the timeline, with its latencies as an encoded HDR histogram (µs; null when empty). */
export interface ReportTimelineBucket extends TimelineBucket {
  histogram: string | null;
}
