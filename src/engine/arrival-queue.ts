// Open model: arrivals that found every in-flight place busy wait here, first in first out, as
// their intended send times (µs). Their wait counts as latency when they go out. No allocation
// per arrival; the array is compacted once its consumed head outgrows the rest.

const COMPACT_AFTER = 1024;

export class ArrivalQueue {
  private readonly intendedUs: number[] = [];
  private head = 0;
  /** Arrivals queued since the last health tick. */
  queuedSinceTick = 0;

  push(intendedUs: number): void {
    this.intendedUs.push(intendedUs);
    this.queuedSinceTick++;
  }

  /** The oldest waiting arrival's intended time, or -1 when none waits. */
  shift(): number {
    if (this.head >= this.intendedUs.length) return -1;
    const value = this.intendedUs[this.head++];
    if (this.head > COMPACT_AFTER && this.head * 2 > this.intendedUs.length) {
      this.intendedUs.splice(0, this.head);
      this.head = 0;
    }
    return value;
  }

  /** Hands every waiting arrival to `each` (oldest first) and empties the queue. */
  drain(each: (intendedUs: number) => void): void {
    for (let i = this.head; i < this.intendedUs.length; i++) each(this.intendedUs[i]);
    this.clear();
  }

  clear(): void {
    this.intendedUs.length = 0;
    this.head = 0;
  }
}
