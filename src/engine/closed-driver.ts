// The closed model: a control tick activates users as the pattern asks; each active user sends,
// waits for its response (and its think time), then sends again. A user with no think time waits
// for its send turn in a FIFO flushed from setImmediate, at most SENDS_PER_TURN per loop turn, so
// the event loop reads every ready response before writing the next requests. At 10,000 users,
// sending each next request inline from its response callback made loop turns of ~150 ms (event-
// loop delay p99 150–600 ms: responses waiting in the kernel, timers late); 1,000 per turn kept it
// at 20–55 ms at the same throughput (docs/BENCHMARKS.md). No allocation per request.
import type { LoadConfig } from '../config/types.js';
import type { HotHistogram } from '../metrics/hot-histogram.js';
import { activeUsersAt, shardShare, US_PER_SECOND } from '../plan/patterns.js';
import type { Clock, Timer } from './clock.js';
import type { Driver, DriverHost, DriverInit } from './driver.js';
import { Fifo } from './fifo.js';
import type { LoadSlot } from './slot.js';

/** How often the active-user count is re-evaluated. */
export const CONTROL_INTERVAL_MS = 10;
/**
 * Users activated per control tick at most (per shard). A step to 10,000 users opens its
 * connections over ~100 ms instead of in one blocking burst.
 */
export const MAX_ACTIVATIONS_PER_TICK = 1000;
/** Users whose next request goes out per loop turn at most. */
export const SENDS_PER_TURN = 1000;

export class ClosedDriver implements Driver {
  private readonly host: DriverHost;
  private readonly clock: Clock;
  private readonly load: LoadConfig;
  private readonly shard: number;
  private readonly shards: number;
  private readonly slots: readonly LoadSlot[];
  private readonly lag: HotHistogram;
  private readonly endUs: number;
  private readonly warmUpUs: number;
  private readonly thinkMs: number;
  /** Users 0 … activeUsers − 1 are switched on. */
  private activeUsers = 0;
  /** Per user: waiting for its think time or its send turn (not to be activated twice). */
  private readonly waiting: Uint8Array;
  /** Per user: when it became ready for its next request, µs (0 = not timed: first send, switched off). */
  private readonly readyUs: Float64Array;
  /** Users (indices) waiting for their send turn, oldest first. */
  private readonly turn = new Fifo();
  private flushScheduled = false;
  private ending = false;
  private controlTimer: Timer | undefined;

  constructor(init: DriverInit) {
    this.host = init.host;
    this.clock = init.clock;
    this.load = init.load;
    this.shard = init.shard;
    this.shards = init.shards;
    this.slots = init.slots;
    this.lag = init.lag;
    this.endUs = init.load.durationSeconds * US_PER_SECOND;
    this.warmUpUs = init.load.warmUpSeconds * US_PER_SECOND;
    this.thinkMs = init.load.thinkTimeMs;
    this.waiting = new Uint8Array(init.slots.length);
    this.readyUs = new Float64Array(init.slots.length);
  }

  start(): void {
    this.controlTimer = this.clock.setInterval(() => this.control(), CONTROL_INTERVAL_MS);
    this.control();
  }

  private control(): void {
    if (this.ending) return;
    const users = activeUsersAt(this.load, this.clock.nowUs());
    const before = this.activeUsers;
    this.activeUsers = Math.min(
      before + MAX_ACTIVATIONS_PER_TICK,
      shardShare(users, this.shard, this.shards),
    );
    // users below `before` keep themselves busy; only newly activated ones need a first send
    for (let i = before; i < this.activeUsers; i++) {
      const slot = this.slots[i];
      if (!slot.busy && this.waiting[i] === 0) this.sendUser(slot);
    }
  }

  private sendUser(slot: LoadSlot): void {
    const i = slot.index;
    this.waiting[i] = 0;
    const now = this.clock.nowUs();
    // nothing starts at or after the planned end, even while the end timer is still pending
    if (this.ending || now >= this.endUs || i >= this.activeUsers) {
      this.readyUs[i] = 0; // switched off (burst, ramp): its idle time is the pattern's, not lag
      return;
    }
    // A ready user that waited for the generator (its send turn, a late think-time timer) is load
    // the target never saw: it is not latency, but it counts as scheduling lag (health) — over
    // the measured window only, like every other figure.
    const readyUs = this.readyUs[i];
    if (readyUs > 0 && now >= this.warmUpUs) this.lag.record(now - readyUs);
    this.host.send(slot, now, now);
  }

  private readonly sendUserBound = (slot: LoadSlot): void => this.sendUser(slot);

  next(slot: LoadSlot, nowUs: number): void {
    const i = slot.index;
    this.readyUs[i] = nowUs + this.thinkMs * 1000;
    this.waiting[i] = 1;
    if (this.thinkMs > 0) {
      this.clock.setTimeout(this.sendUserBound, this.thinkMs, slot);
      return;
    }
    this.turn.push(i);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.clock.setImmediate(this.flushBound);
    }
  }

  private readonly flushBound = (): void => this.flush();

  private flush(): void {
    // sends never complete synchronously, so nothing joins the queue during this loop
    for (let n = 0; n < SENDS_PER_TURN; n++) {
      const i = this.turn.shift();
      if (i < 0) break;
      this.sendUser(this.slots[i]);
    }
    if (this.turn.length === 0) this.flushScheduled = false;
    else this.clock.setImmediate(this.flushBound);
  }

  end(): void {
    this.stop();
  }

  stop(): void {
    this.ending = true;
    this.clock.clear(this.controlTimer);
  }

  takeQueued(): number {
    return 0;
  }
}
