// The open model: the pacer sends arrival n at intendedSendUs(n), whatever the responses do. When
// every in-flight place is busy the arrival waits in a FIFO for the next place that frees, and its
// wait counts as latency (latency runs from the intended send time). At the planned end, arrivals
// still waiting are recorded as NotSent. No allocation per arrival.
import type { LoadConfig } from '../config/types.js';
import type { HotHistogram } from '../metrics/hot-histogram.js';
import { intendedSendUs, totalArrivals, US_PER_SECOND } from '../plan/patterns.js';
import type { Clock, Timer } from './clock.js';
import type { Driver, DriverHost, DriverInit } from './driver.js';
import { Fifo } from './fifo.js';
import type { LoadSlot } from './slot.js';

/** A next arrival closer than this is sent from setImmediate rather than a timer. */
export const IMMEDIATE_THRESHOLD_US = 200;

export class OpenDriver implements Driver {
  private readonly host: DriverHost;
  private readonly clock: Clock;
  private readonly load: LoadConfig;
  private readonly lag: HotHistogram;
  private readonly warmUpUs: number;
  /** Arrival numbers of this shard: shard, shard + shards, … below `arrivals`. */
  private readonly step: number;
  private readonly arrivals: number;
  private nextArrival: number;
  /** In-flight places not in use; the last one pushed is used first. */
  private readonly free: LoadSlot[] = [];
  /** Intended send times (µs) of arrivals waiting for a place, oldest first. */
  private readonly waiting = new Fifo();
  private queuedSinceTake = 0;
  private ending = false;
  private paceTimer: Timer | undefined;

  constructor(init: DriverInit) {
    this.host = init.host;
    this.clock = init.clock;
    this.load = init.load;
    this.lag = init.lag;
    this.warmUpUs = init.load.warmUpSeconds * US_PER_SECOND;
    this.step = init.shards;
    this.arrivals = totalArrivals(init.load);
    this.nextArrival = init.shard;
    for (let i = init.slots.length - 1; i >= 0; i--) this.free.push(init.slots[i]);
  }

  start(): void {
    this.pace();
  }

  private readonly paceBound = (): void => this.pace();

  private pace(): void {
    if (this.ending) return;
    const load = this.load;
    const now = this.clock.nowUs();
    while (this.nextArrival < this.arrivals) {
      const intendedUs = intendedSendUs(load, this.nextArrival);
      if (intendedUs > now) break;
      this.nextArrival += this.step;
      const slot = this.free.pop();
      if (slot) {
        if (intendedUs >= this.warmUpUs) this.lag.record(now - intendedUs);
        this.host.send(slot, intendedUs, now);
      } else {
        this.waiting.push(intendedUs);
        this.queuedSinceTake++;
      }
    }
    if (this.nextArrival >= this.arrivals) return;
    const waitUs = intendedSendUs(load, this.nextArrival) - this.clock.nowUs();
    if (waitUs < IMMEDIATE_THRESHOLD_US) this.clock.setImmediate(this.paceBound);
    else this.paceTimer = this.clock.setTimeout(this.paceBound, Math.max(1, Math.floor(waitUs / 1000)));
  }

  next(slot: LoadSlot, nowUs: number): void {
    const intendedUs = this.waiting.shift();
    if (intendedUs >= 0) this.host.send(slot, intendedUs, nowUs);
    else this.free.push(slot);
  }

  end(): void {
    // The end timer can run before the pacer's last turn: arrivals already due go out now (their
    // latency still counts from the intended time) instead of silently vanishing.
    this.pace();
    this.ending = true;
    this.clock.clear(this.paceTimer);
    this.waiting.drain(this.notSentBound);
  }

  private readonly notSentBound = (intendedUs: number): void => this.host.recordNotSent(intendedUs);

  stop(): void {
    this.waiting.clear();
    this.ending = true;
    this.clock.clear(this.paceTimer);
  }

  takeQueued(): number {
    const queued = this.queuedSinceTake;
    this.queuedSinceTake = 0;
    return queued;
  }
}
