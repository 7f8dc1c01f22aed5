// What the main thread and the load shards (worker threads or in-thread) say to each other.
import type { EndpointConfig, LoadConfig } from '../config/types.js';
import type { ConnectionsDelta } from '../metrics/connections.js';
import type { Buckets } from '../metrics/hot-histogram.js';
import type { RecorderDelta } from '../metrics/recorder.js';
import type { TransportSpec } from './transport.js';

export interface ShardInit {
  targetHref: string;
  endpoints: EndpointConfig[];
  load: LoadConfig;
  /** This shard's index; it owns users i ≡ shard (mod shards) and arrivals n ≡ shard (mod shards). */
  shard: number;
  shards: number;
  maxBodyBytes: number;
  tickMs: number;
  transport: TransportSpec;
}

export interface ShardHealthDelta {
  /** Requests actually dispatched since the previous delta. */
  sent: number;
  /** Requests in flight as this delta was taken (its records are in the delta, theirs are not). */
  inFlight: number;
  /** Requests in flight when the load was stopped, cancelled and not recorded, since the previous delta. */
  abandoned: number;
  /** Open model: arrivals that found the in-flight cap full and queued, since the previous delta. */
  queued: number;
  /** Buckets (µs) of actual − intended (or ready) send time since the previous delta; null if none. */
  lag: Buckets | null;
  /** p99 event-loop delay of this shard so far, ms. */
  eventLoopP99Ms: number;
}

export type ToMain =
  | { type: 'ready' }
  | { type: 'tick'; delta: RecorderDelta; health: ShardHealthDelta; connections: ConnectionsDelta }
  | { type: 'done'; delta: RecorderDelta; health: ShardHealthDelta; connections: ConnectionsDelta }
  | { type: 'error'; message: string };

export type ToShard =
  /** runStartEpochMs = performance.timeOrigin + performance.now() of the main thread at t = 0. */
  { type: 'start'; runStartEpochMs: number } | { type: 'stop'; reason: string };
