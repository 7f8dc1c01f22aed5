// Closed model: users whose response has arrived wait here for their next send, which goes out
// from setImmediate — after the poll phase has read every ready response — at most SENDS_PER_TURN
// per loop turn. At 10,000 users, sending every ready user's next request inline made loop turns of
// ~150 ms (event-loop delay p99 150–600 ms: responses waiting in the kernel, timers late); 1,000 per
// turn kept it at 20–55 ms at the same throughput (docs/BENCHMARKS.md). No allocation per send.
import type { LoadSlot } from './slot.js';

export const SENDS_PER_TURN = 1000;

export class SendQueue {
  private readonly pending: LoadSlot[] = [];
  private head = 0;
  private scheduled = false;

  constructor(private readonly send: (slot: LoadSlot) => void) {}

  push(slot: LoadSlot): void {
    this.pending.push(slot);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushBound);
    }
  }

  private readonly flushBound = (): void => this.flush();

  private flush(): void {
    const pending = this.pending;
    const end = Math.min(pending.length, this.head + SENDS_PER_TURN);
    // sends never complete synchronously, so `pending` only grows behind `end` meanwhile
    for (let i = this.head; i < end; i++) this.send(pending[i]);
    this.head = end;
    if (end === pending.length) {
      pending.length = 0;
      this.head = 0;
      this.scheduled = false;
      return;
    }
    if (end > 4096 && end * 2 > pending.length) {
      pending.splice(0, end);
      this.head = 0;
    }
    setImmediate(this.flushBound);
  }
}
