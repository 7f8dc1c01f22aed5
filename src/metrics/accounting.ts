// The request accounting: every request sent is recorded (completed or failed) or was still in
// flight when the load stopped. The shards count what they sent and what an abort cancelled; the
// records say what completed and failed; the two are compared here.
import { formatCount } from '../format.js';
import { ERROR_KIND_NAMES, ErrorKind, type Counts, type RequestAccounting } from './types.js';

const NOT_SENT = ERROR_KIND_NAMES[ErrorKind.NotSent];

/** `measured` and `warmUp` together are every record of the run. */
export function requestAccounting(
  measured: Counts,
  warmUp: Counts,
  sent: number,
  inFlightAtEnd: number,
): RequestAccounting {
  let records = 0;
  let failures = 0;
  let notSent = 0;
  for (const c of [measured, warmUp]) {
    records += c.requests;
    for (const [kind, n] of Object.entries(c.errorKinds)) {
      if (kind === NOT_SENT) notSent += n;
      else failures += n;
    }
  }
  const completed = records - failures - notSent;
  return {
    sent,
    completed,
    failed: failures,
    inFlightAtEnd,
    notSent,
    balanced: balances(sent, completed, failures, inFlightAtEnd),
  };
}

/** Every request sent was recorded as completed or failed, or was still in flight at the end. */
function balances(sent: number, completed: number, failed: number, inFlightAtEnd: number): boolean {
  return sent === completed + failed + inFlightAtEnd;
}

/** The accounting of several runs together (runner shards); null when one of them has none. */
export function sumAccounting(
  all: readonly (RequestAccounting | null | undefined)[],
): RequestAccounting | null {
  if (all.length === 0 || all.some((a) => a === null || a === undefined)) return null;
  const sum = (key: 'sent' | 'completed' | 'failed' | 'inFlightAtEnd' | 'notSent'): number =>
    all.reduce((n, a) => n + a![key], 0);
  const sent = sum('sent');
  const completed = sum('completed');
  const failed = sum('failed');
  const inFlightAtEnd = sum('inFlightAtEnd');
  return {
    sent,
    completed,
    failed,
    inFlightAtEnd,
    notSent: sum('notSent'),
    balanced: balances(sent, completed, failed, inFlightAtEnd),
  };
}

/** One line for the log and the summary, shown when something is off (unbalanced, or requests left in flight). */
export function accountingNote(a: RequestAccounting): string | null {
  if (a.balanced && a.inFlightAtEnd === 0) return null;
  return a.balanced
    ? `${formatCount(a.inFlightAtEnd)} of ${formatCount(a.sent)} sent requests were still in flight when the load stopped (not recorded)`
    : `request accounting does not add up: sent ${formatCount(a.sent)} ≠ ${formatCount(a.completed)} completed + ` +
        `${formatCount(a.failed)} failed + ${formatCount(a.inFlightAtEnd)} in flight at the end`;
}
