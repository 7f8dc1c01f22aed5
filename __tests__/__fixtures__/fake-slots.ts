// Scripted load slots for driving the real Shard with the fake clock: each send is logged, and the
// "server" answers when the script says (a time in µs, or null for never: a timeout or an abort
// ends it). Responses are 200 with a 13-byte body, like the benchmark's nginx.
import { ErrorKind } from '../../src/metrics/types.js';
import type { Clock, Timer } from '../../src/engine/clock.js';
import type { ShardInit } from '../../src/engine/messages.js';
import { SlotState, type LoadSlot, type PreparedRequest, type SlotOwner } from '../../src/engine/slot.js';

export interface LoggedSend {
  slot: number;
  endpoint: number;
  intendedUs: number;
  sentUs: number;
}

/** When the response to a request sent at sentUs on `slot` is complete (µs), or null for never. */
export type RespondAt = (sentUs: number, slot: number) => number | null;

export const serviceMs =
  (ms: number): RespondAt =>
  (sentUs) =>
    sentUs + ms * 1000;

export class ScriptedSlots {
  readonly sends: LoggedSend[] = [];
  readonly slots: ScriptedSlot[] = [];
  /** When the shard first asked a slot to close (µs): the end of its run. */
  closedAtUs: number | null = null;

  constructor(
    readonly clock: Clock,
    readonly respondAt: RespondAt,
  ) {}

  readonly create = (_init: ShardInit, owner: SlotOwner, count: number): LoadSlot[] => {
    for (let i = 0; i < count; i++) this.slots.push(new ScriptedSlot(i, owner, this));
    return this.slots;
  };

  /** Time (µs) of each slot's first send, by slot; undefined for a slot never used. */
  firstSendUs(): (number | undefined)[] {
    const first: (number | undefined)[] = this.slots.map(() => undefined);
    for (const s of this.sends) first[s.slot] ??= s.sentUs;
    return first;
  }
}

class ScriptedSlot extends SlotState implements LoadSlot {
  private timer: Timer | undefined;

  constructor(
    readonly index: number,
    private readonly owner: SlotOwner,
    private readonly script: ScriptedSlots,
  ) {
    super();
  }

  send(_request: PreparedRequest, endpoint: number, intendedUs: number, nowUs: number): void {
    if (this.busy) throw new Error(`slot ${this.index} sent while busy`);
    this.begin(endpoint, intendedUs, nowUs);
    this.script.sends.push({ slot: this.index, endpoint, intendedUs, sentUs: nowUs });
    const doneUs = this.script.respondAt(nowUs, this.index);
    if (doneUs === null) return;
    this.timer = this.script.clock.setTimeout(
      () => this.end(ErrorKind.None, 200, 13),
      (doneUs - nowUs) / 1000,
    );
  }

  private end(kind: ErrorKind, status: number, bytes: number): void {
    this.script.clock.clear(this.timer);
    this.busy = false;
    this.status = status;
    this.bytes = bytes;
    this.owner.finish(this, kind);
  }

  timeout(): void {
    if (this.busy) this.end(ErrorKind.Timeout, 0, 0);
  }

  cancel(): void {
    if (this.busy) this.end(ErrorKind.Other, 0, 0);
  }

  close(): Promise<void> {
    this.script.closedAtUs ??= this.script.clock.nowUs();
    return Promise.resolve();
  }
}
