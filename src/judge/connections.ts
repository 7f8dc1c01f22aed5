// What the connections say about a run, in one line: the server closing connections under the
// load (announced or not), resets, failed connects, reconnects. Shown by every reporter when
// something happened (null otherwise: users that kept their connections need no line), and named
// in the verdict before the generator is blamed: a server that drops the users' idle connections
// makes them reconnect, and the reconnects are work the generator then falls behind on. Pure.
import { formatCount, formatValue } from '../format.js';
import type { ConnectionCounts } from '../metrics/connections.js';
import type { Snapshot } from '../metrics/types.js';

/** Reconnects at least this share of the requests: the server's closes changed the load. */
export const CHURN_RECONNECT_SHARE = 0.01;

const plural = (n: number, one: string, many: string): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "the server closed 13,216 idle connections unannounced; users reconnected 7,032 times; …", or null. */
export function describeConnections(c: ConnectionCounts): string | null {
  const parts: string[] = [];
  if (c.serverClosedIdle > 0)
    parts.push(
      `the server closed ${plural(c.serverClosedIdle, 'idle keep-alive connection', 'idle keep-alive connections')} without announcing it`,
    );
  if (c.serverClosedAnnounced > 0)
    parts.push(
      `the server closed ${plural(c.serverClosedAnnounced, 'connection', 'connections')} after announcing it (Connection: close, or HTTP/2 GOAWAY)`,
    );
  if (c.refusedRetries > 0)
    parts.push(
      `the server refused ${plural(c.refusedRetries, 'request', 'requests')} unprocessed (HTTP/2 REFUSED_STREAM or GOAWAY), sent once more (only a second refusal is an error)`,
    );
  if (c.reset > 0)
    parts.push(
      `${plural(c.reset, 'connection was lost with a request on it', 'connections were lost with a request on them')} (reset)`,
    );
  if (c.connectErrors > 0) parts.push(`${plural(c.connectErrors, 'connect', 'connects')} failed`);
  if (parts.length === 0) return null;
  if (c.reconnects > 0) parts.push(`users reconnected ${plural(c.reconnects, 'time', 'times')}`);
  if (c.staleRetries > 0)
    parts.push(
      `${plural(c.staleRetries, 'request', 'requests')} met an idle close on the way and ${c.staleRetries === 1 ? 'was' : 'were'} retried on a new connection (not errors)`,
    );
  return parts.join('; ');
}

/**
 * The connection line with the connect time, for the reporters (results.json's `connections`);
 * null when nothing happened, or for results written before connections were counted.
 */
export function connectionsLine(
  c: (ConnectionCounts & { connectTimeMs: { p50: number | null; p99: number | null } }) | undefined,
): string | null {
  const line = c === undefined ? null : describeConnections(c);
  if (line === null || c === undefined) return null;
  const t = c.connectTimeMs;
  if (t.p50 === null || t.p99 === null) return line;
  return `${line}; connect time p50 ${formatValue(t.p50, 'ms')}, p99 ${formatValue(t.p99, 'ms')}`;
}

/**
 * The server closed connections often enough to change the load (reconnects ≥ 1 % of the requests,
 * whole run): the sentence that comes before any blame of the generator; null otherwise.
 */
export function serverChurn(snapshot: Pick<Snapshot, 'connections' | 'overall' | 'warmUp'>): string | null {
  const c = snapshot.connections.counts;
  const closes = c.serverClosedIdle + c.serverClosedAnnounced + c.reset;
  const requests = snapshot.overall.counts.requests + snapshot.warmUp.requests;
  if (closes === 0 || c.reconnects < CHURN_RECONNECT_SHARE * Math.max(1, requests)) return null;
  return (
    `${describeConnections(c)} — the server did not keep the users' connections open ` +
    '(a connection limit such as nginx worker_connections, or a short keep-alive timeout), so the load it carried was not the load configured'
  );
}
