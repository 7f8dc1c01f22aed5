// The shard's one first-in-first-out queue, of non-negative numbers: the open model's waiting
// arrivals (intended send times, µs) and the closed model's users waiting for their send turn
// (user indices). A growable ring buffer on a Float64Array: pushing and shifting allocate nothing
// once it has grown to the run's largest backlog, and numbers are never boxed.

const INITIAL_CAPACITY = 1024;

export class Fifo {
  private items = new Float64Array(INITIAL_CAPACITY);
  private mask = INITIAL_CAPACITY - 1;
  private head = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.items.length) this.grow();
    this.items[(this.head + this.size) & this.mask] = value;
    this.size++;
  }

  /** The oldest value, or -1 when the queue is empty. */
  shift(): number {
    if (this.size === 0) return -1;
    const value = this.items[this.head];
    this.head = (this.head + 1) & this.mask;
    this.size--;
    return value;
  }

  /** Hands every waiting value to `each` (oldest first) and empties the queue. */
  drain(each: (value: number) => void): void {
    for (let i = 0; i < this.size; i++) each(this.items[(this.head + i) & this.mask]);
    this.clear();
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  /** Doubles the capacity, the oldest value moving to index 0. */
  private grow(): void {
    const old = this.items;
    const items = new Float64Array(old.length * 2);
    const tail = old.length - this.head;
    items.set(old.subarray(this.head), 0);
    items.set(old.subarray(0, this.head), tail);
    this.items = items;
    this.mask = items.length - 1;
    this.head = 0;
  }
}
