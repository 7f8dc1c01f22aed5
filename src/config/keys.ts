// Every key and enumerated word of performance_config.yml, named once. scripts/gen-schema.ts
// writes the enums and patterns into schemas/performance-config.schema.json (npm run schema);
// __tests__/config/schema.test.ts checks the schema's keys against these lists.
import type { ErrorClass, HttpVersion, PatternName, TlsMinVersion } from './types.js';

export const TOP_KEYS = [
  'thresholds',
  'load',
  'endpoints',
  'slo',
  'tls',
  'http',
  'canary',
  'rollout',
  'environments',
  'stages',
] as const;
/** What an environments.<name> or a stages.<label> block may override. */
export const ENVIRONMENT_KEYS = ['load', 'endpoints', 'thresholds', 'slo', 'tls', 'http', 'canary'] as const;
export const CANARY_KEYS = [
  'metrics',
  'score',
  'confidence',
  'resamples',
  'seed',
  'on_marginal',
  'on_inconclusive',
  'auto_rollback',
] as const;
export const CANARY_SCORE_KEYS = ['pass', 'marginal'] as const;
export const CANARY_LATENCY_KEYS = ['max_increase_percent', 'max_increase_ms', 'critical'] as const;
export const CANARY_ERROR_RATE_KEYS = ['max_increase_points', 'critical'] as const;
export const VERDICT_POLICIES = ['promote', 'hold', 'rollback'] as const;
export const ROLLOUT_KEYS = ['deployment', 'stages', 'shift_command', 'rollback_command', 'settle'] as const;
export const LOAD_KEYS = [
  'pattern',
  'concurrency',
  'duration',
  'rate',
  'start_rate',
  'ramp_up',
  'start_concurrency',
  'burst',
  'think_time',
  'warm_up',
  'timeout',
  'connect_timeout',
  'first_byte_timeout',
  'workers',
] as const;
export const BURST_KEYS = ['base', 'peak', 'spike', 'period'] as const;
export const ENDPOINT_KEYS = [
  'name',
  'method',
  'path',
  'headers',
  'body',
  'weight',
  'expect_status',
  'timeout',
  'connect_timeout',
  'first_byte_timeout',
  'thresholds',
] as const;
/**
 * Threshold keys with the latency grammar (p<number>, max, mean): latency itself and its parts the
 * SLOs may name, service time (actual send → response end) and time to first byte.
 */
export const LATENCY_PART_KEYS = ['service_time', 'ttfb'] as const;
export const LATENCY_MEASURE_KEYS = ['latency', ...LATENCY_PART_KEYS] as const;
export const THRESHOLD_KEYS = [...LATENCY_MEASURE_KEYS, 'error_rate', 'error_class', 'throughput'] as const;
/** Per-endpoint thresholds: the same as the top level except error_class, which is global. */
export const ENDPOINT_THRESHOLD_KEYS = [...LATENCY_MEASURE_KEYS, 'error_rate', 'throughput'] as const;
/** Latency keys besides p<number>. */
export const LATENCY_STAT_KEYS = ['max', 'mean'] as const;
export const SLO_KEYS = ['abort_on_breach', 'grace_period', 'min_samples_factor'] as const;

export const TLS_KEYS = [
  'ca_cert',
  'client_cert',
  'client_key',
  'servername',
  'insecure',
  'min_version',
] as const;
export const HTTP_KEYS = ['version', 'connections', 'resolve', 'proxy'] as const;
export const HTTP_VERSIONS: readonly HttpVersion[] = ['1.1', '2'];
export const TLS_MIN_VERSIONS: readonly TlsMinVersion[] = ['TLSv1.2', 'TLSv1.3'];

export const PATTERNS: readonly PatternName[] = ['sustained', 'ramp-up', 'burst', 'rate', 'ramp-rate'];
/** Open models send at an arrival rate (load.rate); the others keep a number of users busy. */
export const OPEN_MODEL_PATTERNS: readonly PatternName[] = ['rate', 'ramp-rate'];
/** Patterns that ramp from a start level to the target over load.ramp_up. */
export const RAMP_PATTERNS: readonly PatternName[] = ['ramp-up', 'ramp-rate'];

/** Takes a string so results.json's `load.pattern` (a plain string there) can ask too. */
export function isOpenModel(load: { pattern: string }): boolean {
  return (OPEN_MODEL_PATTERNS as readonly string[]).includes(load.pattern);
}
export const ERROR_CLASSES: readonly ErrorClass[] = ['unexpected', '5xx', '4xx+5xx'];
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export const MAX_CONCURRENCY = 100_000;
/**
 * Limits on values no real run needs (per runner): past them a value is a typo or a unit mistake,
 * refused with a clear message instead of a run that cannot work. docs/CONTRACTS.md lists them.
 */
export const LIMITS = {
  concurrency: MAX_CONCURRENCY,
  /** Arrivals per second (load.rate, load.start_rate). */
  rate: 1_000_000,
  /** Every duration of the config, inputs and flags: 24 h. */
  durationSeconds: 86_400,
  endpoints: 1_000,
  /** endpoints[].weight */
  weight: 1_000_000,
  /** Headers per endpoint. */
  headers: 100,
  /** One header value, after ${VAR} expansion. */
  headerValueBytes: 8_192,
  /** One request body, after ${VAR} expansion and JSON encoding: 1 MiB. */
  bodyBytes: 1_048_576,
} as const;
/** Worker threads: the same cap as the `workers` input / --workers flag. */
export const MAX_WORKERS = 64;
export const MIN_STATUS = 100;
export const MAX_STATUS = 599;
/**
 * tchar (RFC 9110 §5.6.2) besides ASCII letters and digits: what a header (field) name may contain.
 * The one header-name rule: request headers in the config (HEADER_NAME, and the JSON Schema's
 * pattern) and the response parser's byte table (engine/http1-syntax.ts) are built from it.
 */
export const TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";
export const HEADER_NAME = new RegExp(`^[0-9A-Za-z${TCHAR_SYMBOLS.replace(/[-^\\\]]/g, '\\$&')}]+$`);
/**
 * Percentile keys of latency / service_time / ttfb: p<number> with 0 < number < 100 (p95, p99.9,
 * p0.5; p100 and p0 are not percentiles we can judge). Also the JSON Schema's pattern.
 */
export const PERCENTILE_KEY = /^p(?:0*[1-9]\d?(?:\.\d+)?|0+\.\d*[1-9]\d*)$/;
/** Header values go on the wire as ASCII: visible characters, space and tab. */
export const HEADER_VALUE = /^[\t\x20-\x7e]*$/;
export const CONTENT_TYPE = 'content-type';
export const JSON_CONTENT_TYPE = 'application/json';
