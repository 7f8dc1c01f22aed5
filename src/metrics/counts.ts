// Request counts kept as flat arrays in the hot path (no string keys per request), turned into the
// contract's Counts shape only when a snapshot is taken.
import { type Counts, ERROR_KIND_NAMES, ErrorKind } from './types.js';

/** Statuses are 3 digits in HTTP/1.1; index 0 = no response. */
export const STATUS_SLOTS = 1000;
export const ERROR_KIND_SLOTS = Object.keys(ERROR_KIND_NAMES).length;
export const NO_RESPONSE_CLASS = 'none';

export interface CountsData {
  requests: number;
  errors: number;
  bytes: number;
  /** status → count; index 0 = no response arrived */
  statuses: Float64Array;
  /** ErrorKind → count */
  kinds: Float64Array;
}

export function emptyCounts(): CountsData {
  return {
    requests: 0,
    errors: 0,
    bytes: 0,
    statuses: new Float64Array(STATUS_SLOTS),
    kinds: new Float64Array(ERROR_KIND_SLOTS),
  };
}

export function addCount(
  c: CountsData,
  status: number,
  kind: ErrorKind,
  isError: boolean,
  bytes: number,
): void {
  c.requests++;
  if (isError) c.errors++;
  c.bytes += bytes;
  c.statuses[status > 0 && status < STATUS_SLOTS ? status : 0]++;
  c.kinds[kind]++;
}

export function mergeCounts(into: CountsData, from: CountsData): void {
  into.requests += from.requests;
  into.errors += from.errors;
  into.bytes += from.bytes;
  for (let i = 0; i < STATUS_SLOTS; i++) into.statuses[i] += from.statuses[i];
  for (let i = 0; i < ERROR_KIND_SLOTS; i++) into.kinds[i] += from.kinds[i];
}

/** The contract's shape: statusClasses '1xx'..'5xx' + 'none' (all present), codes and kinds sparse. */
export function toCounts(c: CountsData): Counts {
  const statusClasses: Record<string, number> = { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
  statusClasses[NO_RESPONSE_CLASS] = c.statuses[0];
  const statusCodes: Record<string, number> = {};
  for (let s = 1; s < STATUS_SLOTS; s++) {
    const n = c.statuses[s];
    if (n === 0) continue;
    statusCodes[String(s)] = n;
    const cls = `${Math.floor(s / 100)}xx`;
    statusClasses[cls] = (statusClasses[cls] ?? 0) + n;
  }
  const errorKinds: Record<string, number> = {};
  for (let k = 1; k < ERROR_KIND_SLOTS; k++) {
    if (c.kinds[k] > 0) errorKinds[ERROR_KIND_NAMES[k as ErrorKind]] = c.kinds[k];
  }
  return { requests: c.requests, errors: c.errors, statusClasses, statusCodes, errorKinds, bytes: c.bytes };
}
