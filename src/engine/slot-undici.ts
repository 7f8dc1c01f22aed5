// The undici transport (transport: 'undici'): one user / in-flight place = its own undici Client
// (one connection, pipelining 1) and a reusable dispatch handler — no allocation per request.
// Heavier than the raw net/tls slot (~50 KB per connection, docs/BENCHMARKS.md); kept as the
// reference implementation the raw transport is compared against in tests and benchmarks.
import { Client } from 'undici';
import { classifyError } from './classify.js';
import type { PreparedRequest } from './request.js';
import { SlotState, type LoadSlot, type SlotOwner } from './slot.js';
import { ErrorKind } from '../metrics/types.js';

const BODY_TOO_LARGE = Object.assign(new Error('response body exceeds the cap'), {
  code: 'SLO_BODY_TOO_LARGE',
});
const TIMED_OUT = Object.assign(new Error('request timed out'), { code: 'SLO_TIMEOUT' });

export class UndiciSlot extends SlotState implements LoadSlot {
  client: Client | null = null;
  private timedOut = false;
  private tooLarge = false;
  private abortRequest: ((reason: Error) => void) | null = null;

  constructor(
    readonly index: number,
    private readonly owner: SlotOwner,
    private readonly origin: string,
    private readonly clientOptions: Client.Options,
  ) {
    super();
  }

  send(request: PreparedRequest, endpoint: number, intendedUs: number, nowUs: number): void {
    this.begin(endpoint, intendedUs, nowUs);
    this.timedOut = false;
    this.tooLarge = false;
    this.abortRequest = null;
    this.client ??= new Client(this.origin, this.clientOptions);
    this.client.dispatch(request, this);
  }

  /** Ends the request now as a timeout (called by the shard's sweep). */
  timeout(): void {
    this.timedOut = true;
    this.cancel(TIMED_OUT);
  }

  cancel(reason: Error): void {
    if (this.abortRequest) {
      this.abortRequest(reason);
    } else {
      // not on a socket yet (still connecting): drop the client, its queued request errors out
      const client = this.client;
      this.client = null;
      client?.destroy(reason).catch(() => undefined);
    }
  }

  // undici's native (legacy) handler interface: no adapter in between.
  onConnect(abort: (reason: Error) => void): void {
    this.abortRequest = abort;
  }

  onHeaders(statusCode: number): boolean {
    this.status = statusCode;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.bytes += chunk.length;
    if (this.bytes > this.owner.maxBodyBytes && !this.tooLarge) {
      this.tooLarge = true;
      this.abortRequest?.(BODY_TOO_LARGE);
    }
    return true;
  }

  onComplete(): void {
    this.abortRequest = null;
    this.owner.finish(this, ErrorKind.None);
  }

  onError(error: unknown): void {
    this.abortRequest = null;
    const kind = this.timedOut
      ? ErrorKind.Timeout
      : this.tooLarge
        ? ErrorKind.BodyTooLarge
        : classifyError(error);
    // undici is still failing its queue: dispatching the next request from here would re-enter it
    queueMicrotask(() => this.owner.finish(this, kind));
  }

  onUpgrade(): void {}

  close(): Promise<void> {
    const client = this.client;
    this.client = null;
    return client ? client.destroy().catch(() => undefined) : Promise.resolve();
  }
}
