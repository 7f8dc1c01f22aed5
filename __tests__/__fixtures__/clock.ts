// A fake clock for the engine's Clock interface: time only moves when the test says so. Timers
// run in order of due time, then of arming; an interval re-arms at due + interval (no drift); an
// immediate runs one loop turn (turnUs) after it was asked for, so that code which polls with
// setImmediate still sees time pass.
import type { Clock, Timer } from '../../src/engine/clock.js';

interface FakeTimer {
  dueUs: number;
  seq: number;
  fn: (arg: unknown) => void;
  arg: unknown;
  /** > 0 for an interval. */
  everyUs: number;
  cancelled: boolean;
}

/** Runaway guard: no test needs more events than this in one advance. */
const MAX_EVENTS = 5_000_000;

export class FakeClock implements Clock {
  private timeUs: number;
  private seq = 0;
  private readonly heap: FakeTimer[] = [];

  constructor(
    startUs = 0,
    private readonly turnUs = 10,
  ) {
    this.timeUs = startUs;
  }

  nowUs(): number {
    return this.timeUs;
  }

  /** The fake's time is already relative to the run's start. */
  startRun(): void {}

  setTimeout<A>(fn: (arg: A) => void, ms: number, arg?: A): Timer {
    // like Node: a delay below 1 ms is 1 ms
    return this.arm(fn as (arg: unknown) => void, Math.max(1, ms) * 1000, 0, arg);
  }

  setInterval(fn: () => void, ms: number): Timer {
    const everyUs = Math.max(1, ms) * 1000;
    return this.arm(fn, everyUs, everyUs, undefined);
  }

  clear(timer: Timer | undefined): void {
    if (timer) (timer as FakeTimer).cancelled = true;
  }

  setImmediate(fn: () => void): void {
    this.arm(fn, this.turnUs, 0, undefined);
  }

  /** Runs every timer due within the next `us`, in order, then sets the time to now + us. */
  advance(us: number): void {
    const targetUs = this.timeUs + us;
    for (let events = 0; ; events++) {
      if (events > MAX_EVENTS) throw new Error(`fake clock: more than ${MAX_EVENTS} events`);
      const t = this.heap[0];
      if (t === undefined || t.dueUs > targetUs) break;
      this.pop();
      if (t.cancelled) continue;
      this.timeUs = t.dueUs;
      if (t.everyUs > 0) {
        t.dueUs += t.everyUs;
        t.seq = this.seq++;
        this.push(t);
      }
      t.fn(t.arg);
    }
    this.timeUs = targetUs;
  }

  /** Timers still armed (cancelled ones excluded). */
  get pending(): number {
    return this.heap.filter((t) => !t.cancelled).length;
  }

  private arm(fn: (arg: unknown) => void, delayUs: number, everyUs: number, arg: unknown): FakeTimer {
    const timer: FakeTimer = {
      dueUs: this.timeUs + delayUs,
      seq: this.seq++,
      fn,
      arg,
      everyUs,
      cancelled: false,
    };
    this.push(timer);
    return timer;
  }

  private static before(a: FakeTimer, b: FakeTimer): boolean {
    return a.dueUs < b.dueUs || (a.dueUs === b.dueUs && a.seq < b.seq);
  }

  private push(timer: FakeTimer): void {
    const h = this.heap;
    h.push(timer);
    for (let i = h.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!FakeClock.before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && FakeClock.before(h[l], h[m])) m = l;
      if (r < h.length && FakeClock.before(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
