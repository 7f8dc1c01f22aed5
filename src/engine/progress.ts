// One progress line per tick: "elapsed 12/60s · 4,210 req/s · p95 12.3 ms · errors 0 (0%)".
import { formatCount, formatValue } from '../format.js';
import type { Snapshot } from '../metrics/types.js';

export function formatProgress(snapshot: Snapshot, plannedSeconds: number): string {
  const elapsed = Math.min(Math.floor(snapshot.elapsedSeconds), plannedSeconds);
  // the last complete second of the timeline gives the current rate; until a complete second has
  // arrived from the workers (their deltas lag a tick), the mean rate so far — never "0 req/s"
  // while requests complete
  const complete = snapshot.timeline.filter((b) => b.second + 1 <= snapshot.elapsedSeconds);
  const last = complete.at(-1);
  const all = snapshot.overall.counts.requests + snapshot.warmUp.requests;
  const anyComplete = complete.some((b) => b.requests > 0);
  const rps = anyComplete ? last!.requests : snapshot.elapsedSeconds > 0 ? all / snapshot.elapsedSeconds : 0;
  const errors = snapshot.overall.counts.errors + snapshot.warmUp.errors;
  const p95 =
    snapshot.overall.latency.count > 0 ? snapshot.overall.latency.percentileMs(95) : (last?.p95Ms ?? null);
  const pct = all > 0 ? (100 * errors) / all : 0;
  return (
    `elapsed ${elapsed}/${plannedSeconds}s · ${formatCount(rps)} req/s · ` +
    `p95 ${formatValue(p95, 'ms', 1)} · errors ${formatCount(errors)} (${formatValue(pct, '%')})`
  );
}
