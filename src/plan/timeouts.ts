// The timeouts a request to an endpoint runs under: its own (endpoints[].timeout,
// connect_timeout, first_byte_timeout) where it sets them, else the load's. Pure; the shard's
// timeout sweep and the plan's log lines read them from here.
import type { EndpointConfig, LoadConfig } from '../config/types.js';
import { formatNumber } from '../format.js';

export interface RequestTimeouts {
  /** The whole request, ms from its send. */
  totalMs: number;
  /** Until the connection is established (TCP, TLS; HTTP/2 session; proxy tunnel); null: none. */
  connectMs: number | null;
  /** Until the first response byte (HTTP/2 and proxy: the response head); null: none. */
  firstByteMs: number | null;
}

export function requestTimeouts(
  load: Pick<LoadConfig, 'timeoutMs' | 'connectTimeoutMs' | 'firstByteTimeoutMs'>,
  endpoint: Pick<EndpointConfig, 'timeoutMs' | 'connectTimeoutMs' | 'firstByteTimeoutMs'>,
): RequestTimeouts {
  const totalMs = endpoint.timeoutMs ?? load.timeoutMs;
  // a phase at least as long as the total never fires first: the total alone decides
  const phase = (ms: number | undefined): number | null => (ms === undefined || ms >= totalMs ? null : ms);
  return {
    totalMs,
    connectMs: phase(endpoint.connectTimeoutMs ?? load.connectTimeoutMs),
    firstByteMs: phase(endpoint.firstByteTimeoutMs ?? load.firstByteTimeoutMs),
  };
}

/** The shortest timeout of any phase of any endpoint, ms (how often the sweep must look). */
export function shortestTimeoutMs(timeouts: readonly RequestTimeouts[]): number {
  return Math.min(
    ...timeouts.map((t) => Math.min(t.totalMs, t.connectMs ?? Infinity, t.firstByteMs ?? Infinity)),
  );
}

export function sameTimeouts(a: RequestTimeouts, b: RequestTimeouts): boolean {
  return a.totalMs === b.totalMs && a.connectMs === b.connectMs && a.firstByteMs === b.firstByteMs;
}

/** `10,000 ms` or `2,000 ms (connect 200 ms, first byte 500 ms)`. */
export function describeTimeouts(t: RequestTimeouts): string {
  const phases = [
    t.connectMs === null ? null : `connect ${formatNumber(t.connectMs)} ms`,
    t.firstByteMs === null ? null : `first byte ${formatNumber(t.firstByteMs)} ms`,
  ].filter((p) => p !== null);
  return `${formatNumber(t.totalMs)} ms${phases.length > 0 ? ` (${phases.join(', ')})` : ''}`;
}
