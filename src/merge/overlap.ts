// Did the runner shards load together? Each shard's measured window (after its warm-up) in wall-
// clock time, and how long all of them overlapped: the union is only one load if they did.
import type { RunReport } from '../report/types.js';

/** The shards' measured windows must overlap for at least this share of the shortest one. */
export const MIN_OVERLAP_RATIO = 0.9;

export interface ShardWindow {
  index: number;
  startMs: number;
  endMs: number;
}

export interface Overlap {
  windows: ShardWindow[];
  /** Time all windows shared, seconds (0 when they do not all overlap). */
  overlapSeconds: number;
  /** overlapSeconds / the shortest window (1 = they ran together throughout). */
  ratio: number;
  /** From the earliest window start to the latest window end, seconds. */
  spanSeconds: number;
}

export function windowOf(r: RunReport): ShardWindow {
  const startMs = Date.parse(r.startedAt) + r.load.warmUpSeconds * 1000;
  return { index: r.shard.index, startMs, endMs: startMs + r.totals.durationSeconds * 1000 };
}

export function overlapOf(reports: readonly RunReport[]): Overlap {
  const windows = reports.map(windowOf);
  const start = Math.max(...windows.map((w) => w.startMs));
  const end = Math.min(...windows.map((w) => w.endMs));
  const shortest = Math.min(...windows.map((w) => w.endMs - w.startMs));
  const overlapMs = Math.max(0, end - start);
  return {
    windows,
    overlapSeconds: overlapMs / 1000,
    ratio: shortest > 0 ? overlapMs / shortest : 0,
    spanSeconds:
      (Math.max(...windows.map((w) => w.endMs)) - Math.min(...windows.map((w) => w.startMs))) / 1000,
  };
}

/** Null when the shards loaded together; else why the union is not one load. */
export function overlapProblem(o: Overlap): string | null {
  if (o.ratio >= MIN_OVERLAP_RATIO) return null;
  return (
    `the runner shards' measured windows overlap for ${o.overlapSeconds.toFixed(1)} s, ` +
    `${(100 * o.ratio).toFixed(0)} % of the shortest (at least ${100 * MIN_OVERLAP_RATIO} % needed): ` +
    `they did not load the target together (start them with start-at)`
  );
}
