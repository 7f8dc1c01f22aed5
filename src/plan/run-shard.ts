// Runner shards: one run split over several machines (a GitHub Actions matrix). Runner shard i of
// n (1-based, written "i/n") owns users u ≡ i−1 (mod n) and arrivals k ≡ i−1 (mod n) — the same
// division rule as the worker-thread shards inside one run (shardShare), so the union of all
// runner shards is exactly the configured load: no user or arrival counted twice or lost.
// Inside runner shard i with W worker threads, worker w owns lane (i−1) + n·w of n·W lanes.
import type { RunShard } from '../settings/run-shard.js';
import { shardShare } from './patterns.js';

export { formatRunShard, WHOLE_RUN, type RunShard } from '../settings/run-shard.js';

/** Of `total` users (or in-flight places) numbered 0..total−1, how many this runner shard owns. */
export function runShardShare(total: number, shard: RunShard): number {
  return shardShare(total, shard.index - 1, shard.count);
}

/** Of the arrivals numbered from..to−1, how many this runner shard owns. */
export function runShardArrivals(from: number, to: number, shard: RunShard): number {
  return runShardShare(to, shard) - runShardShare(from, shard);
}

/** The worker-thread lane of worker `worker` (0-based) of `workers` inside this runner shard. */
export function laneOf(shard: RunShard, worker: number, workers: number): { lane: number; lanes: number } {
  return { lane: shard.index - 1 + shard.count * worker, lanes: shard.count * workers };
}

/**
 * HTTP/2: the most streams one connection carries among this runner shard's `workers` lanes — each
 * lane's users over its connections, both split over the lanes as the shards split them.
 */
export function streamsPerConnection(
  users: number,
  connections: number,
  shard: RunShard,
  workers: number,
): number {
  let most = 0;
  for (let worker = 0; worker < workers; worker++) {
    const { lane, lanes } = laneOf(shard, worker, workers);
    const laneConnections = Math.max(1, shardShare(connections, lane, lanes));
    most = Math.max(most, Math.ceil(shardShare(users, lane, lanes) / laneConnections));
  }
  return most;
}
