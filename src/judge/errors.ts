// The failures of a run explained: one entry per error kind (timeout, tls …) and per HTTP status
// that counts as an error under the configured error class, with its count, its first and most
// common message and the endpoints it hit. Largest first. Pure.
import type { ErrorClass } from '../config/types.js';
import { formatCount, formatValue } from '../format.js';
import type { Snapshot } from '../metrics/types.js';

export interface ErrorEntry {
  /** An error kind name (timeout, connection_refused …) or `http_<status>`. */
  kind: string;
  count: number;
  firstMessage: string;
  /** The most common message and how many failures said it. */
  topMessage: string;
  topMessageCount: number;
  /** Endpoint names that had this error. */
  endpoints: string[];
}

/** Whether a status is an error under the error class ('unexpected': outside expect_status). */
function statusErrors(snapshot: Snapshot, errorClass: ErrorClass): Record<string, number> {
  if (errorClass === 'unexpected') return { ...snapshot.unexpectedStatuses };
  const out: Record<string, number> = {};
  for (const [code, n] of Object.entries(snapshot.overall.counts.statusCodes)) {
    if (code >= '500' || (errorClass === '4xx+5xx' && code >= '400')) out[code] = n;
  }
  return out;
}

export function errorEntries(snapshot: Snapshot, errorClass: ErrorClass): ErrorEntry[] {
  const entries: ErrorEntry[] = [];
  for (const [kind, count] of Object.entries(snapshot.overall.counts.errorKinds)) {
    const m = snapshot.errorMessages[kind];
    const endpoints = snapshot.endpoints
      .filter((e) => (e.counts.errorKinds[kind] ?? 0) > 0)
      .map((e) => e.name);
    entries.push({
      kind,
      count,
      firstMessage: m?.firstMessage ?? kind,
      topMessage: m?.topMessage ?? kind,
      topMessageCount: m?.topMessageCount ?? count,
      endpoints,
    });
  }
  for (const [code, count] of Object.entries(statusErrors(snapshot, errorClass))) {
    const message = `HTTP ${code}`;
    const endpoints = snapshot.endpoints
      .filter((e) => (e.counts.statusCodes[code] ?? 0) > 0)
      .map((e) => e.name);
    entries.push({
      kind: `http_${code}`,
      count,
      firstMessage: message,
      topMessage: message,
      topMessageCount: count,
      endpoints,
    });
  }
  return entries.sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : 1));
}

/** `tls × 3,570 (100 % of errors): "self-signed certificate"` — the largest error, for a verdict. */
export function dominantError(entries: readonly ErrorEntry[]): string | null {
  const top = entries[0];
  if (top === undefined) return null;
  const total = entries.reduce((sum, e) => sum + e.count, 0);
  const share = formatValue((100 * top.count) / total, '%', 0);
  const said = top.kind.startsWith('http_') ? '' : `: ${JSON.stringify(top.topMessage)}`;
  return `${top.kind} × ${formatCount(top.count)} (${share} of errors)${said}`;
}

/** One log line per entry: `timeout × 600 on list users: first "…"; most common "…" (590)`. */
export function errorLogLine(e: ErrorEntry): string {
  const where = e.endpoints.length > 0 ? ` on ${e.endpoints.join(', ')}` : '';
  const top =
    e.topMessage === e.firstMessage
      ? ''
      : `; most common ${JSON.stringify(e.topMessage)} (${formatCount(e.topMessageCount)})`;
  return `error ${e.kind} × ${formatCount(e.count)}${where}: first ${JSON.stringify(e.firstMessage)}${top}`;
}
