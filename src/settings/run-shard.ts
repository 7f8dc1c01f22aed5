// The runner shard a run is (input shard / --shard "i/n"): which part of the whole load this
// runner sends. How the load is divided is plan/run-shard.ts.

export interface RunShard {
  /** 1-based. */
  index: number;
  count: number;
}

export const WHOLE_RUN: RunShard = Object.freeze({ index: 1, count: 1 });

/** Largest number of runner shards one run can be split into. */
export const MAX_RUN_SHARDS = 256;

/** "2/4" → { index: 2, count: 4 }; null when the text is not i/n with 1 ≤ i ≤ n ≤ MAX_RUN_SHARDS. */
export function parseRunShard(text: string): RunShard | null {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (index < 1 || count < 1 || index > count || count > MAX_RUN_SHARDS) return null;
  return Object.freeze({ index, count });
}

export function formatRunShard(shard: RunShard): string {
  return `${shard.index}/${shard.count}`;
}
