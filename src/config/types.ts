// The validated configuration: what performance_config.yml (plus environment overrides and
// action inputs / CLI flags) resolves to. Produced once by loadConfig(); immutable afterwards.
import type { CanaryPolicy, VerdictPolicy } from './canary-policy.js';

export type {
  CanaryPolicy,
  ErrorRateLimit,
  LatencyLimit,
  MetricLimit,
  VerdictPolicy,
} from './canary-policy.js';

/** Closed models keep a fixed number of users busy; open models send at an arrival rate. */
export type PatternName = 'sustained' | 'ramp-up' | 'burst' | 'rate' | 'ramp-rate';

export interface BurstShape {
  /** Level between spikes (users in closed model). */
  base: number;
  /** Level during a spike. */
  peak: number;
  /** How long one spike lasts, seconds. */
  spikeSeconds: number;
  /** Time from the start of one spike to the start of the next, seconds. */
  periodSeconds: number;
}

/** Load options given on the command line or as inputs; they override the config file's `load`. */
export interface LoadOverrides {
  pattern?: PatternName;
  concurrency?: number;
  durationSeconds?: number;
  rate?: number;
  rampUpSeconds?: number;
  burst?: BurstShape;
  thinkTimeMs?: number;
  workers?: number;
  timeoutMs?: number;
  connectTimeoutMs?: number;
  firstByteTimeoutMs?: number;
  warmUpSeconds?: number;
  abortOnBreach?: boolean;
  /**
   * How the user named each override (`--connect-timeout`, `input connect-timeout`): a refused
   * override's message names the flag or input. Absent: `override load.<key>`.
   */
  labels?: Partial<Record<LoadOverrideField, string>>;
}

/** The load fields an input or flag can override (each has its own label in messages). */
export type LoadOverrideField = Exclude<keyof LoadOverrides, 'labels' | 'abortOnBreach'>;

export interface LoadConfig {
  pattern: PatternName;
  /** Users in the closed model (sustained, ramp-up, burst peak cap); in-flight cap in the open model. */
  concurrency: number;
  durationSeconds: number;
  /** Open model: arrivals per second (target rate for ramp-rate). */
  rate: number | null;
  /** ramp-rate: arrivals per second at t=0. */
  startRate: number | null;
  /** ramp-up (users) and ramp-rate (rate): seconds to go linearly from the start level to the target. */
  rampUpSeconds: number;
  /** ramp-up: users at t=0. */
  startConcurrency: number;
  burst: BurstShape | null;
  /** Closed model: pause per user between a response and its next request, ms. */
  thinkTimeMs: number;
  /** Records whose intended start falls in the first warmUpSeconds are excluded from the SLOs. */
  warmUpSeconds: number;
  /** Per-request timeout, ms: a request taking longer is an error of kind 'timeout'. */
  timeoutMs: number;
  /** Set (at most timeoutMs): a connection not established this long after the send is a timeout. */
  connectTimeoutMs?: number;
  /** Set (at most timeoutMs): no response byte this long after the send is a timeout. */
  firstByteTimeoutMs?: number;
  /** Worker threads; null = derived from the CPU count. */
  workers: number | null;
}

export interface EndpointConfig {
  name: string;
  method: string;
  /** Path (with query) appended to the target URL's origin and base path; ${VAR}s expanded. What is sent. */
  path: string;
  /**
   * The path exactly as written in the file, ${VAR}s NOT expanded (secrets in query strings stay
   * out of logs and reports). What is printed.
   */
  displayPath: string;
  headers: Readonly<Record<string, string>>;
  body: string | null;
  weight: number;
  /** Statuses counted as success; default 200-399. */
  expectStatus: readonly number[];
  /**
   * This endpoint's own timeouts, ms (endpoints[].timeout, connect_timeout, first_byte_timeout):
   * set where the file sets them, and then they apply to its requests instead of the load's. Each
   * phase is at most the endpoint's total timeout (its own, else load.timeout).
   */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  firstByteTimeoutMs?: number;
}

/** The per-request timeouts that are not the load's own: the ones an endpoint may set. */
export type TimeoutField = 'timeoutMs' | 'connectTimeoutMs' | 'firstByteTimeoutMs';

/** Which statuses count as errors in the error-rate SLO (transport errors always count). */
export type ErrorClass = '5xx' | '4xx+5xx' | 'unexpected';

/**
 * What a latency-kind SLO judges: the latency itself (intended send → response end), the service
 * time (actual send → response end) or the time to first byte (actual send → first byte).
 */
export type LatencyMeasure = 'latency' | 'service_time' | 'ttfb';

/** Latency-kind metrics carry `measure`; absent means the latency itself. */
export type SloMetric =
  | { kind: 'latency'; stat: 'percentile'; percentile: number; measure?: LatencyMeasure } // p50, p99.9 …
  | { kind: 'latency'; stat: 'max' | 'mean'; measure?: LatencyMeasure }
  | { kind: 'error_rate' } // percent
  | { kind: 'throughput' }; // requests per second, a minimum

export interface SloSpec {
  /** Stable display name, e.g. "p95 latency", "checkout p99 latency", "error rate". */
  name: string;
  metric: SloMetric;
  /** 'max' means actual must be <= limit; 'min' means actual must be >= limit (throughput). */
  bound: 'max' | 'min';
  /** ms for latency, percent for error rate, requests/s for throughput. */
  limit: number;
  /** Endpoint name for a per-endpoint SLO; null = all traffic. */
  endpoint: string | null;
}

export interface AbortConfig {
  enabled: boolean;
  /** No abort decision before this many seconds after warm-up. */
  graceSeconds: number;
}

export type HttpVersion = '1.1' | '2';
export type TlsMinVersion = 'TLSv1.2' | 'TLSv1.3';

/** `resolve` (like curl --resolve): connect to `address` for host:port; Host and SNI keep the URL's name. */
export interface ResolveEntry {
  host: string;
  port: number;
  address: string;
}

/** `tls` and `http`: how the load reaches the target. Paths are as written (read before the load). */
export interface TransportConfig {
  httpVersion: HttpVersion;
  /** HTTP/2: connections the users' streams are spread over; null = derived from the users. */
  connections: number | null;
  resolve: readonly ResolveEntry[];
  /** Explicit proxy URL; null = HTTPS_PROXY / HTTP_PROXY / NO_PROXY decide. */
  proxy: string | null;
  tls: {
    /** PEM file of extra CAs, trusted besides the default roots. */
    caCert: string | null;
    clientCert: string | null;
    clientKey: string | null;
    servername: string | null;
    /** Certificate checks off: explicit opt-in, warned about in the log and every report. */
    insecure: boolean;
    minVersion: TlsMinVersion | null;
  };
}

/** `canary:` — the comparison policy (judge/canary-types.ts) plus what marginal/inconclusive do. */
export interface CanaryConfig extends Omit<CanaryPolicy, 'errorClass' | 'minSamplesFactor'> {
  onMarginal: VerdictPolicy;
  onInconclusive: VerdictPolicy;
  /** canary.auto_rollback; null = not set in the file (the input / flag decides). */
  autoRollback: boolean | null;
}

/** `rollout:` — a progressive rollout's stages and commands (flags override each). */
export interface RolloutConfig {
  deployment: string | null;
  /** Traffic weights, percent, in order. */
  stages: number[] | null;
  /** Shell command that moves traffic; `{weight}` is replaced by the stage's weight. */
  shiftCommand: string | null;
  rollbackCommand: string | null;
  /** Wait after a shift before the stage's gate starts; null = not set (the flag's default). */
  settleSeconds: number | null;
}

export interface Config {
  /** The file the config came from, or null for the built-in defaults. */
  path: string | null;
  /** sha256 of the file's bytes (or of the defaults' canonical JSON). */
  digest: string;
  environment: string;
  load: LoadConfig;
  endpoints: readonly EndpointConfig[];
  slos: readonly SloSpec[];
  errorClass: ErrorClass;
  abort: AbortConfig;
  /** Minimum post-warm-up samples required to judge percentile p: ceil(minSamplesFactor / (1 - p/100)). */
  minSamplesFactor: number;
  transport: TransportConfig;
  canary: CanaryConfig;
  rollout: RolloutConfig | null;
  /** The progressive-rollout stage whose `stages.<label>` overrides were applied; null = none. */
  stage: string | null;
  /**
   * Values to mask in the action's log: what ${VAR}s expanded to, credential-like header values
   * and the forms derived from them (config/secrets.ts).
   */
  secrets?: readonly string[];
}
