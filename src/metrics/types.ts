// What the metrics stage consumes and owns: the per-request record the engine's hot loop produces,
// and the finished (or in-progress) measurement, as the judge and the reports see it.
import type { ConnectionsSnapshot } from './connections.js';

/** Why a request did not produce a usable response. 0 = none (a response arrived). */
export const ErrorKind = {
  None: 0,
  Timeout: 1,
  ConnectionRefused: 2,
  ConnectionReset: 3,
  Dns: 4,
  Tls: 5,
  BodyTooLarge: 6,
  Protocol: 7,
  Other: 8,
  /** Open model: the request could not be sent before the run ended (generator saturated). */
  NotSent: 9,
  /** The generator ran out of local resources (file descriptors, ports, buffers, memory). */
  Generator: 10,
  /** HTTP/2: the server reset the stream (RST_STREAM) before the response was complete. */
  StreamReset: 11,
  /** HTTP/2: the server's GOAWAY refused the stream (not processed; the session is reopened). */
  GoAway: 12,
  /**
   * HTTP/2: timed out with the request body still unsent — the server's flow-control window for it
   * stayed closed (the server did not read it).
   */
  FlowControlStall: 13,
} as const;
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind];

export const ERROR_KIND_NAMES: Record<ErrorKind, string> = {
  0: 'none',
  1: 'timeout',
  2: 'connection_refused',
  3: 'connection_reset',
  4: 'dns',
  5: 'tls',
  6: 'body_too_large',
  7: 'protocol',
  8: 'other',
  9: 'not_sent',
  10: 'generator_resources',
  11: 'stream_reset',
  12: 'goaway',
  13: 'flow_control_stall',
};

export interface ResultRecord {
  /** Index into the plan's endpoints. */
  endpoint: number;
  /** HTTP status, 0 when no response arrived. */
  status: number;
  errorKind: ErrorKind;
  /** Intended send time, µs since the run's start (open model: from the pacer; closed: actual send). */
  intendedStartUs: number;
  /** From the intended send time to the last body byte, µs (includes any queueing in the generator). */
  latencyUs: number;
  /** From the actual send to the last body byte, µs. */
  serviceUs: number;
  /** From the actual send to the first response byte, µs; -1 when no response byte arrived. */
  ttfbUs: number;
  bytes: number;
  /** Why it failed, one line ('' or absent when errorKind is None); read only for failures. */
  message?: string;
}

/** What the failures of one error kind said: the first message and the most common one. */
export interface KindMessageSummary {
  firstMessage: string;
  topMessage: string;
  /** how many failures said topMessage (distinct messages are counted up to a small cap) */
  topMessageCount: number;
}

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

/**
 * The parts of latency (latency = queue wait + service time for each sent request). Service time:
 * actual send → response end; queue wait: intended → actual send (in-flight cap and generator lag in
 * the open model, 0 in the closed model, an unsent arrival's whole wait); ttfb: actual send → first
 * response byte (only requests that got one).
 */
export interface LatencyParts {
  serviceTime: LatencyStats;
  queueWait: LatencyStats;
  ttfb: LatencyStats;
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
  parts: LatencyParts;
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
  /** Mean queue wait and mean service time of the second (they stack to its mean latency), ms. */
  queueMeanMs: number | null;
  serviceMeanMs: number | null;
  serviceP99Ms: number | null;
}

/**
 * The latency distribution of one measured second, as (value, count) pairs in µs (the HDR
 * histogram's recorded values, ascending): what the canary judge resamples.
 */
export interface SecondLatency {
  second: number;
  valuesUs: readonly number[];
  counts: readonly number[];
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

/**
 * Every request of the run (warm-up included), accounted for at the end: sent = completed + failed +
 * inFlightAtEnd. `sent` and `inFlightAtEnd` are counted by the shards as requests go out and as the
 * load stops; `completed` and `failed` are the records the recorder received — two independent
 * counts, so a lost or doubled record shows as `balanced: false`.
 */
export interface RequestAccounting {
  /** Requests written to the target. */
  sent: number;
  /** Recorded with a response (any status, expected or not). */
  completed: number;
  /** Recorded as a transport failure (timeout, reset, refused, protocol, body too large …). */
  failed: number;
  /** Still in flight when the load stopped (an abort cancels them unrecorded); 0 after a normal end. */
  inFlightAtEnd: number;
  /** Open model: arrivals that never got an in-flight place (recorded as not_sent, never sent). */
  notSent: number;
  /** sent === completed + failed + inFlightAtEnd */
  balanced: boolean;
}

export interface Snapshot {
  startedAt: string;
  /** Length of the measured window (after warm-up), seconds. */
  measuredSeconds: number;
  /** Whole run, warm-up included, seconds. */
  elapsedSeconds: number;
  /** Post-warm-up traffic: what SLOs are judged on. */
  overall: { counts: Counts; latency: LatencyStats; parts: LatencyParts; throughputRps: number };
  endpoints: readonly EndpointSnapshot[];
  /** Warm-up traffic counts (not judged). */
  warmUp: Counts;
  timeline: readonly TimelineBucket[];
  /** Base64 compressed HDR histogram (µs) of each timeline second, null for an empty one (encoded when called: call it on a final snapshot). */
  encodeTimeline(): (string | null)[];
  health: GeneratorHealth;
  /**
   * Post-warm-up seconds with their latency distributions, in second order: the canary judge's
   * paired time buckets (read when called, like encodeTimeline: call it on a final snapshot).
   */
  latencyBySecond(): readonly SecondLatency[];
  /** Set when the load was stopped before its planned end. */
  aborted: { reason: string; atSeconds: number } | null;
  /** The request accounting; null for a merge of results written before it was recorded. */
  accounting: RequestAccounting | null;
  /** Post-warm-up failures' messages, by error kind name (the keys of overall.counts.errorKinds). */
  errorMessages: Readonly<Record<string, KindMessageSummary>>;
  /** Post-warm-up responses whose status is outside their endpoint's expectStatus: status → count. */
  unexpectedStatuses: Readonly<Record<string, number>>;
  /** What happened to the connections (whole run, warm-up included). */
  connections: ConnectionsSnapshot;
}
