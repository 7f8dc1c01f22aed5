// One load shard: the hot loop of a worker thread (or of the main thread when workers = 0).
//
// The seams other parts build on:
// - ShardInit (messages.ts): everything a shard is told — target, endpoints, load, its share
//   (shard / shards), body cap, tick interval, transport. Structured-clonable.
// - Shard (this file): the run lifecycle only — start, the planned end, the drain of in-flight
//   requests, stop (abort), timeouts, recording each finished request and the tick / done
//   messages. It owns the clock and counts what is in flight; when to send is the driver's.
// - Driver (driver.ts): the load model — ClosedDriver (closed-driver.ts) or OpenDriver
//   (open-driver.ts), chosen once here; it owns all scheduling state and sends through
//   DriverHost.send.
// - LoadSlot / SlotOwner (slot.ts): a slot is one connection carrying one request at a time, of
//   any transport (createSlots in slots.ts picks it). It sets its own `busy`, and calls
//   SlotOwner.finish (this shard) exactly once per request, never from inside send().
// - ShardDeps: the clock and the slot factory, injected so that tests drive the real shard and
//   drivers with a fake clock and scripted slots (__tests__/__fixtures__/clock.ts, fake-slots.ts).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isOpenModel } from '../config/keys.js';
import { ConnectionStats } from '../metrics/connections.js';
import { Recorder } from '../metrics/recorder.js';
import { HotHistogram } from '../metrics/hot-histogram.js';
import { ErrorKind, type ResultRecord } from '../metrics/types.js';
import { shardShare, slotCount, US_PER_SECOND } from '../plan/patterns.js';
import { requestTimeouts, shortestTimeoutMs } from '../plan/timeouts.js';
import { WeightedPicker } from '../plan/weights.js';
import { SystemClock, type Clock, type Timer } from './clock.js';
import { ClosedDriver } from './closed-driver.js';
import type { Driver, DriverHost } from './driver.js';
import type { ShardHealthDelta, ShardInit, ToMain } from './messages.js';
import { OpenDriver } from './open-driver.js';
import type { PreparedRequest } from './request.js';
import type { LoadSlot, SlotOwner } from './slot.js';
import { createSlots, prepareRequests } from './slots.js';

/** What a shard runs on, chosen at the entry (worker.ts, spawn.ts) or by a test. */
export interface ShardDeps {
  clock: Clock;
  createSlots(init: ShardInit, owner: SlotOwner, count: number): LoadSlot[];
}

export function systemDeps(): ShardDeps {
  return { clock: new SystemClock(), createSlots };
}

export class Shard implements SlotOwner, DriverHost {
  readonly maxBodyBytes: number;
  readonly connections: ConnectionStats;
  private readonly clock: Clock;
  private readonly recorder: Recorder;
  private readonly requests: PreparedRequest[];
  private readonly picker: WeightedPicker;
  private readonly slots: LoadSlot[];
  private readonly driver: Driver;
  private readonly record: ResultRecord = {
    endpoint: 0,
    status: 0,
    errorKind: 0,
    intendedStartUs: 0,
    latencyUs: 0,
    serviceUs: 0,
    ttfbUs: -1,
    bytes: 0,
    message: '',
  };
  private readonly lag = new HotHistogram();
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  private readonly endUs: number;
  /**
   * By endpoint (its own timeouts, else the load's; plan/timeouts.ts), µs: the whole request's and
   * the phases' (connect, first byte), Infinity for a phase without one.
   */
  private readonly timeoutUs: Float64Array;
  private readonly connectTimeoutUs: Float64Array;
  private readonly firstByteTimeoutUs: Float64Array;
  private readonly sweepMs: number;
  /** By slot index: the deadline (µs) the sweep found passed, until the slot finishes; else -1. */
  private readonly passedDeadlineUs: number[];
  private readonly warmUpUs: number;
  private inFlight = 0;
  private sent = 0;
  private abandoned = 0;
  /** The planned end has come or the run was stopped: nothing more is sent. */
  private ending = false;
  /** Stopped (abort): requests that finish from now on are dropped, not recorded. */
  private aborted = false;
  /** The run is over and 'done' was sent. */
  private stopped = false;
  private readonly timers: Timer[] = [];
  private resolveDone!: () => void;
  readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve));

  constructor(
    private readonly init: ShardInit,
    private readonly emit: (message: ToMain) => void,
    deps: ShardDeps = systemDeps(),
  ) {
    const { load } = init;
    this.clock = deps.clock;
    this.connections = new ConnectionStats(() => this.clock.nowUs());
    this.maxBodyBytes = init.maxBodyBytes;
    this.recorder = new Recorder(init.endpoints, load.warmUpSeconds * US_PER_SECOND);
    this.requests = prepareRequests(init);
    this.picker = new WeightedPicker(init.endpoints.map((e) => e.weight));
    this.endUs = load.durationSeconds * US_PER_SECOND;
    const timeouts = init.endpoints.map((e) => requestTimeouts(load, e));
    this.timeoutUs = Float64Array.from(timeouts, (t) => t.totalMs * 1000);
    this.connectTimeoutUs = Float64Array.from(timeouts, (t) => (t.connectMs ?? Infinity) * 1000);
    this.firstByteTimeoutUs = Float64Array.from(timeouts, (t) => (t.firstByteMs ?? Infinity) * 1000);
    this.sweepMs = Math.max(5, Math.min(100, Math.floor(shortestTimeoutMs(timeouts) / 10)));
    this.warmUpUs = load.warmUpSeconds * US_PER_SECOND;
    const open = isOpenModel(load);
    this.slots = deps.createSlots(init, this, shardShare(slotCount(load), init.shard, init.shards));
    this.passedDeadlineUs = this.slots.map(() => -1);
    const driverInit = { ...init, host: this, clock: this.clock, slots: this.slots, lag: this.lag };
    this.driver = open ? new OpenDriver(driverInit) : new ClosedDriver(driverInit);
  }

  start(runStartEpochMs: number): void {
    const clock = this.clock;
    clock.startRun(runStartEpochMs);
    this.loopDelay.enable();
    this.timers.push(clock.setInterval(() => this.sweepTimeouts(), this.sweepMs));
    this.timers.push(
      clock.setInterval(
        () =>
          this.emit({
            type: 'tick',
            delta: this.recorder.exportDelta(),
            health: this.healthDelta(),
            connections: this.connections.exportDelta(),
          }),
        this.init.tickMs,
      ),
    );
    this.timers.push(clock.setTimeout(() => this.end(), Math.max(0, this.endUs - clock.nowUs()) / 1000));
    // event-loop delay describes the measured window, like every other figure: warm-up excluded
    if (this.warmUpUs > 0) {
      const resetMs = Math.max(0, this.warmUpUs - clock.nowUs()) / 1000;
      this.timers.push(clock.setTimeout(() => this.loopDelay.reset(), resetMs));
    }
    this.driver.start();
  }

  // DriverHost
  send(slot: LoadSlot, intendedUs: number, nowUs: number): void {
    const endpoint = this.picker.next();
    this.inFlight++;
    this.sent++;
    slot.send(this.requests[endpoint], endpoint, intendedUs, nowUs);
  }

  /** An arrival still waiting for an in-flight place when the run ended: an error, not forgotten. */
  recordNotSent(intendedUs: number): void {
    const r = this.record;
    r.endpoint = this.picker.next();
    r.status = 0;
    r.errorKind = ErrorKind.NotSent;
    r.intendedStartUs = intendedUs;
    r.latencyUs = this.endUs - intendedUs;
    r.serviceUs = 0;
    r.ttfbUs = -1;
    r.bytes = 0;
    r.message = 'still waiting for an in-flight place when the run ended';
    this.recorder.add(r);
  }

  // SlotOwner
  nowUs(): number {
    return this.clock.nowUs();
  }

  finish(slot: LoadSlot, kind: ErrorKind, atUs?: number): void {
    // A timeout is found by a periodic sweep: it ended at the deadline it passed, not when the sweep ran.
    const now = atUs ?? this.clock.nowUs();
    const passed = this.passedDeadlineUs[slot.index] ?? -1;
    this.passedDeadlineUs[slot.index] = -1;
    const deadline = passed >= 0 ? passed : slot.sentUs + this.timeoutUs[slot.endpoint]!;
    const timedOut = kind === ErrorKind.Timeout || kind === ErrorKind.FlowControlStall;
    const doneUs = timedOut ? Math.min(now, deadline) : now;
    this.inFlight--;
    if (this.aborted) this.abandoned++;
    else {
      const r = this.record;
      r.endpoint = slot.endpoint;
      r.status = slot.status;
      r.errorKind = kind;
      r.intendedStartUs = slot.intendedUs;
      r.latencyUs = doneUs - slot.intendedUs;
      r.serviceUs = doneUs - slot.sentUs;
      r.ttfbUs = slot.firstByteUs < 0 ? -1 : slot.firstByteUs - slot.sentUs;
      r.bytes = slot.bytes;
      r.message = kind === ErrorKind.None ? '' : slot.message;
      this.recorder.add(r);
    }
    if (this.ending) {
      if (this.inFlight === 0) this.finishRun();
      return;
    }
    this.driver.next(slot, now);
  }

  private sweepTimeouts(): void {
    const now = this.clock.nowUs();
    for (const slot of this.slots) {
      if (!slot.busy) continue;
      const deadline = this.deadlineOf(slot);
      if (now < deadline) continue;
      this.passedDeadlineUs[slot.index] = deadline;
      slot.timeout();
    }
  }

  /** When the request in flight times out: the whole request's timeout, or a phase's that is shorter. */
  private deadlineOf(slot: LoadSlot): number {
    const e = slot.endpoint;
    let limit = this.timeoutUs[e]!;
    if (slot.firstByteUs < 0) {
      limit = Math.min(limit, this.firstByteTimeoutUs[e]!);
      if (slot.connecting) limit = Math.min(limit, this.connectTimeoutUs[e]!);
    }
    return slot.sentUs + limit;
  }

  /** The planned end: stop sending; waiting arrivals become NotSent; in-flight requests finish. */
  private end(): void {
    if (this.ending) return;
    const earlyUs = this.endUs - this.clock.nowUs();
    if (earlyUs > 0) {
      // timers round to whole ms and may fire a little early: the run ends at endUs, not before
      this.timers.push(this.clock.setTimeout(() => this.end(), Math.ceil(earlyUs / 1000)));
      return;
    }
    this.driver.end();
    this.ending = true;
    if (this.inFlight === 0) this.finishRun();
  }

  /** Abort: in-flight requests are cancelled and dropped; what was recorded is reported. */
  stop(): void {
    if (this.stopped) return;
    this.driver.stop();
    this.ending = true;
    this.aborted = true;
    for (const slot of this.slots) {
      if (slot.busy) slot.cancel(new Error('load stopped'));
    }
    if (this.inFlight === 0) this.finishRun();
  }

  private finishRun(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) this.clock.clear(t);
    this.driver.stop();
    this.loopDelay.disable();
    // the slots' connections are closed first, so that the last delta counts those closes too
    void Promise.all(this.slots.map((s) => s.close())).then(() => {
      this.emit({
        type: 'done',
        delta: this.recorder.exportDelta(),
        health: this.healthDelta(),
        connections: this.connections.exportDelta(),
      });
      this.resolveDone();
    });
  }

  private healthDelta(): ShardHealthDelta {
    const delta: ShardHealthDelta = {
      sent: this.sent,
      inFlight: this.inFlight,
      abandoned: this.abandoned,
      queued: this.driver.takeQueued(),
      lag: this.lag.take(),
      eventLoopP99Ms: this.loopDelay.count > 0 ? this.loopDelay.percentile(99) / 1e6 : 0,
    };
    this.sent = 0;
    this.abandoned = 0;
    return delta;
  }
}
