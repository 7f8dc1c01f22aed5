// The time and the timers a shard runs on, behind one small interface chosen at the entry: worker
// threads get the system clock; tests drive the very same shard and drivers with the fake clock of
// __tests__/__fixtures__/clock.ts, where time moves only when the test says so.
import { performance } from 'node:perf_hooks';

/** An armed timeout or interval, for `clear`. */
export type Timer = object;

export interface Clock {
  /** µs since the run's start (t = 0, see startRun); negative before it. */
  nowUs(): number;
  /**
   * Makes t = 0 the instant runStartEpochMs (performance.timeOrigin + performance.now() of the
   * main thread when it started the run), so that every shard counts from the same origin.
   */
  startRun(runStartEpochMs: number): void;
  setTimeout(fn: () => void, ms: number): Timer;
  /** With an argument, so that a timer per request needs no closure. */
  setTimeout<A>(fn: (arg: A) => void, ms: number, arg: A): Timer;
  setInterval(fn: () => void, ms: number): Timer;
  clear(timer: Timer | undefined): void;
  /** Runs fn in the next turn of the event loop, after the I/O callbacks that are ready now. */
  setImmediate(fn: () => void): void;
}

export class SystemClock implements Clock {
  private offsetMs = 0;

  nowUs(): number {
    return (performance.now() + this.offsetMs) * 1000;
  }

  startRun(runStartEpochMs: number): void {
    this.offsetMs = performance.timeOrigin - runStartEpochMs;
  }

  setTimeout<A>(fn: (arg: A) => void, ms: number, arg?: A): Timer {
    // an argument, even undefined, makes Node allocate an array for it: pass one only when given
    if (arg === undefined) return setTimeout(fn as () => void, ms);
    return setTimeout(fn, ms, arg);
  }

  setInterval(fn: () => void, ms: number): Timer {
    return setInterval(fn, ms);
  }

  clear(timer: Timer | undefined): void {
    clearTimeout(timer as NodeJS.Timeout | undefined);
  }

  setImmediate(fn: () => void): void {
    setImmediate(fn);
  }
}
