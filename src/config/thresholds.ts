// `thresholds` (top level and per endpoint) -> SloSpec[].
//
// Grammar of the keys of latency, service_time and ttfb (one grammar for all three):
//   key := "p" number  (0 < number < 100, e.g. p50, p99.9) | "max" | "mean"
// Values: latency, service time and ttfb in ms (> 0), error_rate in percent (0..100), throughput
// in requests/s (> 0).
// Order of the result: latency, service time, ttfb (each: percentiles ascending, max, mean), error
// rate, throughput.
import {
  ENDPOINT_THRESHOLD_KEYS,
  ERROR_CLASSES,
  LATENCY_PART_KEYS,
  LATENCY_STAT_KEYS,
  THRESHOLD_KEYS,
  PERCENTILE_KEY,
} from './keys.js';
import { child, configError, quote } from './messages.js';
import { readEnum, readMap, readNumber, type Ctx } from './fields.js';
import type { Node } from './tree.js';
import type { ErrorClass, LatencyMeasure, SloMetric, SloSpec } from './types.js';

const LATENCY_EXPECTED = 'a positive number of milliseconds';
const ERROR_RATE_EXPECTED = 'a percentage from 0 to 100';
const THROUGHPUT_EXPECTED = 'a positive number of requests per second';
const LATENCY_KEY_EXPECTED = 'p<number> with 0 < number < 100 (e.g. p95, p99.9), max or mean';

/** Built-in thresholds, used for any key the top-level block leaves out. */
export const DEFAULT_LATENCY_MS: ReadonlyMap<number, number> = new Map([
  [50, 100],
  [95, 250],
  [99, 400],
]);
export const DEFAULT_ERROR_RATE_PERCENT = 1;
export const DEFAULT_ERROR_CLASS: ErrorClass = 'unexpected';

export interface Thresholds {
  slos: SloSpec[];
  errorClass: ErrorClass;
}

type LatencyKey = { percentile: number } | { stat: 'max' | 'mean' };

/** How SLO names say each measure: "p99 latency", "p99 service time", "p99 time to first byte". */
const MEASURE_NAMES: Record<LatencyMeasure, string> = {
  latency: 'latency',
  service_time: 'service time',
  ttfb: 'time to first byte',
};

function latencyName(key: LatencyKey, measure: LatencyMeasure): string {
  const what = MEASURE_NAMES[measure];
  return 'percentile' in key ? `p${key.percentile} ${what}` : `${key.stat} ${what}`;
}

function rank(key: LatencyKey): number {
  return 'percentile' in key ? key.percentile : key.stat === 'max' ? 1000 : 1001;
}

function spec(name: string, metric: SloMetric, limit: number, endpoint: string | null): SloSpec {
  const prefix = endpoint === null ? '' : `${endpoint} `;
  return {
    name: prefix + name,
    metric,
    bound: metric.kind === 'throughput' ? 'min' : 'max',
    limit,
    endpoint,
  };
}

function latencySlos(
  ctx: Ctx,
  node: Node,
  path: string,
  endpoint: string | null,
  measure: LatencyMeasure,
): SloSpec[] {
  const found: { key: LatencyKey; limit: number }[] = [];
  for (const [key, entry] of readMap(ctx, node, path, null)) {
    const keyPath = child(path, key);
    const parsed: LatencyKey | null = PERCENTILE_KEY.test(key)
      ? { percentile: Number(key.slice(1)) }
      : (LATENCY_STAT_KEYS as readonly string[]).includes(key)
        ? { stat: key as 'max' | 'mean' }
        : null;
    const keyOrigin = { kind: 'file', file: ctx.file, pos: entry.keyPos } as const;
    if (parsed === null)
      throw configError(
        keyOrigin,
        keyPath,
        `expected a ${measure} key ${LATENCY_KEY_EXPECTED}, got ${quote(key)}`,
      );
    if (found.some((f) => rank(f.key) === rank(parsed))) {
      throw configError(keyOrigin, keyPath, `duplicate threshold "${latencyName(parsed, measure)}"`);
    }
    found.push({ key: parsed, limit: readNumber(ctx, entry.value, keyPath, LATENCY_EXPECTED, (n) => n > 0) });
  }
  return found
    .sort((a, b) => rank(a.key) - rank(b.key))
    .map(({ key, limit }) => spec(latencyName(key, measure), latencyMetric(key, measure), limit, endpoint));
}

/** The latency itself carries no `measure` (its absence means latency). */
function latencyMetric(key: LatencyKey, measure: LatencyMeasure): SloMetric {
  const of = measure === 'latency' ? {} : { measure };
  return 'percentile' in key
    ? { kind: 'latency', stat: 'percentile', percentile: key.percentile, ...of }
    : { kind: 'latency', stat: key.stat, ...of };
}

function defaultLatencySlos(): SloSpec[] {
  return [...DEFAULT_LATENCY_MS].map(([percentile, limit]) =>
    spec(`p${percentile} latency`, { kind: 'latency', stat: 'percentile', percentile }, limit, null),
  );
}

/**
 * Top level (`endpoint` null): omitted latency / error_rate take the built-in defaults; an empty
 * `latency: {}` means no latency SLOs. Per endpoint: only what is written.
 */
export function readThresholds(
  ctx: Ctx,
  node: Node | undefined,
  path: string,
  endpoint: string | null,
): Thresholds {
  const topLevel = endpoint === null;
  const misplaced = !topLevel && node?.kind === 'map' ? node.entries.get('error_class') : undefined;
  if (misplaced) {
    const origin = { kind: 'file', file: ctx.file, pos: misplaced.keyPos } as const;
    throw configError(
      origin,
      child(path, 'error_class'),
      'applies to all traffic, set it in the top-level thresholds',
    );
  }
  const entries =
    node === undefined
      ? new Map()
      : readMap(ctx, node, path, topLevel ? THRESHOLD_KEYS : ENDPOINT_THRESHOLD_KEYS);
  const latency = entries.get('latency')?.value;
  const errorRate = entries.get('error_rate')?.value;
  const throughput = entries.get('throughput')?.value;
  const errorClass = entries.get('error_class')?.value;
  const slos: SloSpec[] = [];
  if (latency !== undefined)
    slos.push(...latencySlos(ctx, latency, child(path, 'latency'), endpoint, 'latency'));
  else if (topLevel) slos.push(...defaultLatencySlos());
  // the parts have no defaults: only what is written
  for (const part of LATENCY_PART_KEYS) {
    const node = entries.get(part)?.value;
    if (node !== undefined) slos.push(...latencySlos(ctx, node, child(path, part), endpoint, part));
  }
  if (errorRate !== undefined) {
    const limit = readNumber(
      ctx,
      errorRate,
      child(path, 'error_rate'),
      ERROR_RATE_EXPECTED,
      (n) => n >= 0 && n <= 100,
    );
    slos.push(spec('error rate', { kind: 'error_rate' }, limit, endpoint));
  } else if (topLevel) {
    slos.push(spec('error rate', { kind: 'error_rate' }, DEFAULT_ERROR_RATE_PERCENT, null));
  }
  if (throughput !== undefined) {
    const limit = readNumber(ctx, throughput, child(path, 'throughput'), THROUGHPUT_EXPECTED, (n) => n > 0);
    slos.push(spec('throughput', { kind: 'throughput' }, limit, endpoint));
  }
  return {
    slos,
    errorClass:
      errorClass === undefined
        ? DEFAULT_ERROR_CLASS
        : readEnum(ctx, errorClass, child(path, 'error_class'), ERROR_CLASSES),
  };
}
