// What every report says about the transport when it matters: certificate checks off, a proxy in
// the path (and how long a connection through it took to open), a resolve override, HTTP/2, and a
// TLS failure named in one line with its count.
import { formatCount, formatValue } from '../format.js';
import type { RunReport } from './types.js';

export function transportNotes(report: RunReport): string[] {
  const t = report.transport;
  const notes: string[] = [];
  if (t.insecureTls) notes.push('insecure-tls: certificate checks were OFF (any certificate was accepted)');
  const tls = report.errors.find((e) => e.kind === 'tls');
  if (tls !== undefined) {
    notes.push(
      `TLS failed: ${tls.firstMessage} — ${tls.count} request${tls.count === 1 ? '' : 's'} with error tls`,
    );
  }
  if (t.proxy !== null)
    notes.push(`proxy in the path: ${t.proxy} (latencies include it)${tunnelTime(report)}`);
  if (t.resolve.length > 0) notes.push(`resolve ${t.resolve.join(', ')} (Host and SNI kept the URL's name)`);
  if (t.httpVersion === '2') notes.push(`HTTP/2 over ${t.connections ?? 0} connections`);
  return notes;
}

/** Through a proxy every connection is a tunnel: how long opening one took (TCP to the proxy, CONNECT, TLS through it). */
function tunnelTime(report: RunReport): string {
  const c = report.connections;
  if (c.opened === 0) return '';
  const ms = c.connectTimeMs;
  return `; opening a connection through it took p50 ${formatValue(ms.p50, 'ms')}, p99 ${formatValue(ms.p99, 'ms')}, max ${formatValue(ms.max, 'ms')} (${formatCount(c.opened)} connections)`;
}
