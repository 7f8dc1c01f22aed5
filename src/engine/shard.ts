// One load shard: the hot loop of a worker thread (or of the main thread when workers = 0).
// Closed model: a control tick activates users as the pattern asks; each user sends, waits for the
// response (and its think time), sends again. Open model: the pacer sends arrival n at
// intendedSendUs(n); when the in-flight cap is full the arrival queues and its wait counts as latency.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { isOpenModel } from '../config/keys.js';
import { Recorder } from '../metrics/recorder.js';
import { createHistogram, encodeHistogram, recordUs } from '../metrics/histogram.js';
import {
  activeUsersAt,
  intendedSendUs,
  maxUsers,
  shardShare,
  totalArrivals,
  US_PER_SECOND,
} from '../plan/patterns.js';
import { WeightedPicker } from '../plan/weights.js';
import type { ShardHealthDelta, ShardInit, ToMain } from './messages.js';
import type { PreparedRequest } from './request.js';
import { ArrivalQueue } from './arrival-queue.js';
import { SendQueue } from './send-queue.js';
import type { LoadSlot, SlotOwner } from './slot.js';
import { createSlots, prepareRequests } from './slots.js';
import { ErrorKind, type ResultRecord } from '../metrics/types.js';

/** Closed model: how often the active-user count is re-evaluated. */
const CONTROL_INTERVAL_MS = 10;
/**
 * Closed model: users activated per control tick at most (per shard). A step to 10,000 users opens
 * its connections over ~100 ms instead of in one blocking burst.
 */
const MAX_ACTIVATIONS_PER_TICK = 1000;
/** Open model: a next arrival closer than this is sent from setImmediate rather than a timer. */
const IMMEDIATE_THRESHOLD_US = 200;

export class Shard implements SlotOwner {
  readonly maxBodyBytes: number;
  private readonly recorder: Recorder;
  private readonly requests: PreparedRequest[];
  private readonly picker: WeightedPicker;
  private readonly slots: LoadSlot[];
  private readonly free: LoadSlot[] = [];
  private readonly queue = new ArrivalQueue();
  private readonly record: ResultRecord = {
    endpoint: 0,
    status: 0,
    errorKind: 0,
    intendedStartUs: 0,
    latencyUs: 0,
    serviceUs: 0,
    ttfbUs: -1,
    bytes: 0,
  };
  private readonly lag = createHistogram();
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  private readonly open: boolean;
  private readonly endUs: number;
  private readonly timeoutUs: number;
  private readonly warmUpUs: number;
  private offsetMs = 0;
  private inFlight = 0;
  private activeUsers = 0;
  private nextArrival: number;
  private readonly arrivals: number;
  private sent = 0;
  private ending = false;
  private stopped = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private paceTimer: NodeJS.Timeout | undefined;
  private resolveDone!: () => void;
  readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve));

  constructor(
    private readonly init: ShardInit,
    private readonly emit: (message: ToMain) => void,
  ) {
    const { load } = init;
    this.maxBodyBytes = init.maxBodyBytes;
    this.recorder = new Recorder(init.endpoints, load.warmUpSeconds * US_PER_SECOND);
    this.requests = prepareRequests(init);
    this.picker = new WeightedPicker(init.endpoints.map((e) => e.weight));
    this.open = isOpenModel(load);
    this.endUs = load.durationSeconds * US_PER_SECOND;
    this.timeoutUs = load.timeoutMs * 1000;
    this.warmUpUs = load.warmUpSeconds * US_PER_SECOND;
    this.nextArrival = init.shard;
    this.arrivals = this.open ? totalArrivals(load) : 0;
    const slotCount = shardShare(this.open ? load.concurrency : maxUsers(load), init.shard, init.shards);
    this.slots = createSlots(init, this, slotCount);
    for (let i = slotCount - 1; i >= 0; i--) this.free.push(this.slots[i]);
  }

  private nowUs(): number {
    return (performance.now() + this.offsetMs) * 1000;
  }

  start(runStartEpochMs: number): void {
    this.offsetMs = performance.timeOrigin - runStartEpochMs;
    this.loopDelay.enable();
    const sweepMs = Math.max(5, Math.min(100, Math.floor(this.init.load.timeoutMs / 10)));
    this.timers.push(setInterval(() => this.sweepTimeouts(), sweepMs));
    this.timers.push(
      setInterval(
        () => this.emit({ type: 'tick', delta: this.recorder.exportDelta(), health: this.healthDelta() }),
        this.init.tickMs,
      ),
    );
    this.timers.push(setTimeout(() => this.end(), Math.max(0, this.endUs - this.nowUs()) / 1000));
    // event-loop delay describes the measured window, like every other figure: warm-up excluded
    const warmUpUs = this.warmUpUs;
    if (warmUpUs > 0) {
      this.timers.push(setTimeout(() => this.loopDelay.reset(), Math.max(0, warmUpUs - this.nowUs()) / 1000));
    }
    if (this.open) {
      this.pace();
    } else {
      this.timers.push(setInterval(() => this.control(), CONTROL_INTERVAL_MS));
      this.control();
    }
  }

  // ── closed model ──────────────────────────────────────────────────────────
  private control(): void {
    if (this.ending) return;
    const users = activeUsersAt(this.init.load, this.nowUs());
    const before = this.activeUsers;
    this.activeUsers = Math.min(
      before + MAX_ACTIVATIONS_PER_TICK,
      shardShare(users, this.init.shard, this.init.shards),
    );
    // users below `before` keep themselves busy; only newly activated ones need a first send
    for (let i = before; i < this.activeUsers; i++) {
      const slot = this.slots[i];
      if (!slot.busy && !slot.thinking) this.sendClosed(slot);
    }
  }

  private sendClosed(slot: LoadSlot): void {
    slot.thinking = false;
    const now = this.nowUs();
    // nothing starts at or after the planned end, even while the end timer is still pending
    if (this.ending || now >= this.endUs || slot.index >= this.activeUsers) {
      slot.readyUs = 0; // switched off (burst, ramp): its idle time is the pattern's, not lag
      return;
    }
    // A ready user that waited for the generator (send queue, a late think-time timer) is load
    // the target never saw: it is not latency, but it counts as scheduling lag (health) — over
    // the measured window only, like every other figure.
    if (slot.readyUs > 0 && now >= this.warmUpUs) recordUs(this.lag, Math.max(0, now - slot.readyUs));
    const endpoint = this.picker.next();
    this.inFlight++;
    this.sent++;
    slot.send(this.requests[endpoint], endpoint, now, now);
  }

  // ── open model ────────────────────────────────────────────────────────────
  private readonly paceBound = (): void => this.pace();

  private pace(): void {
    if (this.ending) return;
    const load = this.init.load;
    const step = this.init.shards;
    const now = this.nowUs();
    while (this.nextArrival < this.arrivals) {
      const intendedUs = intendedSendUs(load, this.nextArrival);
      if (intendedUs > now) break;
      this.nextArrival += step;
      const slot = this.free.pop();
      if (slot) {
        if (intendedUs >= this.warmUpUs) recordUs(this.lag, now - intendedUs);
        this.sendOpen(slot, intendedUs, now);
      } else {
        this.queue.push(intendedUs);
      }
    }
    if (this.nextArrival >= this.arrivals) return;
    const waitUs = intendedSendUs(load, this.nextArrival) - this.nowUs();
    if (waitUs < IMMEDIATE_THRESHOLD_US) setImmediate(this.paceBound);
    else this.paceTimer = setTimeout(this.paceBound, Math.max(1, Math.floor(waitUs / 1000)));
  }

  private sendOpen(slot: LoadSlot, intendedUs: number, nowUs: number): void {
    const endpoint = this.picker.next();
    this.inFlight++;
    this.sent++;
    slot.send(this.requests[endpoint], endpoint, intendedUs, nowUs);
  }

  // ── completion ────────────────────────────────────────────────────────────
  finish(slot: LoadSlot, kind: ErrorKind): void {
    // A timeout is found by a periodic sweep: it ended at sent + timeout, not when the sweep ran.
    const now = this.nowUs();
    const doneUs = kind === ErrorKind.Timeout ? Math.min(now, slot.sentUs + this.timeoutUs) : now;
    slot.busy = false;
    this.inFlight--;
    if (!slot.discard) {
      const r = this.record;
      r.endpoint = slot.endpoint;
      r.status = slot.status;
      r.errorKind = kind;
      r.intendedStartUs = slot.intendedUs;
      r.latencyUs = doneUs - slot.intendedUs;
      r.serviceUs = doneUs - slot.sentUs;
      r.bytes = slot.bytes;
      this.recorder.add(r);
    }
    if (this.ending) {
      if (this.inFlight === 0) this.finishRun();
      return;
    }
    if (this.open) {
      const intendedUs = this.queue.shift();
      if (intendedUs >= 0) this.sendOpen(slot, intendedUs, now);
      else this.free.push(slot);
      return;
    }
    const thinkMs = this.init.load.thinkTimeMs;
    slot.readyUs = now + thinkMs * 1000;
    if (thinkMs > 0) {
      slot.thinking = true;
      setTimeout(this.sendClosedBound, thinkMs, slot);
    } else {
      // the next request goes out after this poll phase (SendQueue): the loop reads every ready
      // response first and its turns stay short enough for timers, reads and sends to interleave
      slot.thinking = true; // waiting for its turn: not to be activated twice by control()
      this.sendQueue.push(slot);
    }
  }

  private readonly sendClosedBound = (slot: LoadSlot): void => this.sendClosed(slot);
  private readonly sendQueue = new SendQueue(this.sendClosedBound);

  private sweepTimeouts(): void {
    const now = this.nowUs();
    for (const slot of this.slots) {
      if (slot.busy && now - slot.sentUs >= this.timeoutUs) slot.timeout();
    }
  }

  /** The planned end: stop sending; queued arrivals become NotSent; in-flight requests finish. */
  private end(): void {
    if (this.ending) return;
    const earlyUs = this.endUs - this.nowUs();
    if (earlyUs > 0) {
      // timers round to whole ms and may fire a little early: the run ends at endUs, not before
      this.timers.push(setTimeout(() => this.end(), Math.ceil(earlyUs / 1000)));
      return;
    }
    // The end timer can run before the pacer's last turn: arrivals already due go out now (their
    // latency still counts from the intended time) instead of silently vanishing.
    if (this.open) this.pace();
    this.ending = true;
    this.queue.drain(this.recordNotSentBound);
    if (this.inFlight === 0) this.finishRun();
  }

  /** An arrival still waiting for an in-flight place when the run ended: an error, not forgotten. */
  private recordNotSent(intendedUs: number): void {
    const r = this.record;
    r.endpoint = this.picker.next();
    r.status = 0;
    r.errorKind = ErrorKind.NotSent;
    r.intendedStartUs = intendedUs;
    r.latencyUs = this.endUs - intendedUs;
    r.serviceUs = 0;
    r.ttfbUs = -1;
    r.bytes = 0;
    this.recorder.add(r);
  }

  private readonly recordNotSentBound = (intendedUs: number): void => this.recordNotSent(intendedUs);

  /** Abort: in-flight requests are cancelled and dropped; what was recorded is reported. */
  stop(): void {
    if (this.stopped) return;
    this.queue.clear();
    this.ending = true;
    for (const slot of this.slots) {
      if (slot.busy) {
        slot.discard = true;
        slot.cancel(new Error('load stopped'));
      }
    }
    if (this.inFlight === 0) this.finishRun();
  }

  private finishRun(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    clearTimeout(this.paceTimer);
    this.loopDelay.disable();
    this.emit({ type: 'done', delta: this.recorder.exportDelta(), health: this.healthDelta() });
    void Promise.all(this.slots.map((s) => s.close())).then(() => this.resolveDone());
  }

  private healthDelta(): ShardHealthDelta {
    const delta: ShardHealthDelta = {
      sent: this.sent,
      queued: this.queue.queuedSinceTick,
      lag: this.lag.totalCount > 0 ? encodeHistogram(this.lag) : null,
      eventLoopP99Ms: this.loopDelay.count > 0 ? this.loopDelay.percentile(99) / 1e6 : 0,
    };
    this.sent = 0;
    this.queue.queuedSinceTick = 0;
    this.lag.reset();
    return delta;
  }
}
