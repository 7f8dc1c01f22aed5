// The seam between a shard's run lifecycle (shard.ts) and the load model that decides when each
// slot sends: the closed model (closed-driver.ts) or the open model (open-driver.ts). The shard
// picks one at construction; nothing on the hot path asks which one it is.
import type { LoadConfig } from '../config/types.js';
import type { HotHistogram } from '../metrics/hot-histogram.js';
import type { Clock } from './clock.js';
import type { LoadSlot } from './slot.js';

/** What a driver may ask of the shard it drives. */
export interface DriverHost {
  /** Picks the next endpoint and sends it on `slot`; counted as sent and in flight. */
  send(slot: LoadSlot, intendedUs: number, nowUs: number): void;
  /** An arrival that could not be sent before the planned end: recorded as NotSent. */
  recordNotSent(intendedUs: number): void;
}

/** What every driver is built from; the shard owns all of it. */
export interface DriverInit {
  host: DriverHost;
  clock: Clock;
  load: LoadConfig;
  /** This shard's index and the number of shards (users / arrivals ≡ shard mod shards are ours). */
  shard: number;
  shards: number;
  /** The shard's slots; slot i is user i (closed) or an in-flight place (open). */
  slots: readonly LoadSlot[];
  /** Scheduling lag (actual − intended or ready send time, µs), measured window only. */
  lag: HotHistogram;
}

/**
 * A load model's scheduling. The driver alone owns its scheduling state (who is active, thinking,
 * waiting, free); slots only carry the request in flight.
 */
export interface Driver {
  /** t = 0 has come: start sending. */
  start(): void;
  /** `slot`'s request ended at nowUs and was recorded; the run goes on: give the slot its next work. */
  next(slot: LoadSlot, nowUs: number): void;
  /** The planned end: what is already due goes out, then nothing more is sent; waiting arrivals become NotSent. */
  end(): void;
  /** Abort: nothing more is sent and what waits is forgotten. */
  stop(): void;
  /** Open model: arrivals that found every in-flight place busy since the previous call (0 for closed). */
  takeQueued(): number;
}
