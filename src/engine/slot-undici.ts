// The undici client (client 'undici'): what carries the load through a proxy (`proxy` setting or
// HTTPS_PROXY / HTTP_PROXY). One user / in-flight place = its own dispatcher — a ProxyAgent (one
// tunnel) or, without a proxy, a Client (one connection, pipelining 1; the reference the raw
// client is compared against in tests and benchmarks) — and a reusable dispatch handler.
// Connection accounting: a Client's connects (timed around undici's own connector) and
// disconnects are counted; through a proxy the same for the tunnel's Client, whose connect time is
// the whole tunnel (TCP to the proxy, CONNECT, TLS to the target through it).
import { Socket } from 'node:net';
import { rootCertificates } from 'node:tls';
import { buildConnector, Client, ProxyAgent, type Dispatcher } from 'undici';
import { classifyError, describeError } from './classify.js';
import { INVALID_NAME, invalidNameError, lookupHost } from './lookup.js';
import type { PreparedRequest } from './request.js';
import { SlotState, tooLargeMessage, type LoadSlot, type SlotOwner } from './slot.js';
import { hostOf, serverNameOf, type TransportSpec } from './transport.js';
import { ErrorKind } from '../metrics/types.js';

export function createUndiciSlots(
  url: URL,
  spec: TransportSpec,
  owner: SlotOwner,
  count: number,
): LoadSlot[] {
  const host = hostOf(url);
  const tls = {
    ca: spec.tls.caPem === null ? undefined : [...rootCertificates, spec.tls.caPem],
    cert: spec.tls.certPem ?? undefined,
    key: spec.tls.keyPem ?? undefined,
    servername: serverNameOf(spec.tls, host),
    rejectUnauthorized: !spec.tls.insecure,
    minVersion: spec.tls.minVersion ?? undefined,
  };
  // every timeout is the shard's sweep's (per endpoint: connect, first byte, total): undici's own
  // are off, so that none fires first with another message (timeout 0: no connect timer)
  const common = { connectTimeout: 0, headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: 30_000 };
  const proxy = spec.proxy;
  const connector = buildConnector({ ...tls, timeout: 0, lookup: lookupHost });
  const create = (slot: UndiciSlot): Dispatcher =>
    proxy === null
      ? countedClient(
          url.origin,
          { ...common, pipelining: 1, connect: timedConnector(connector, owner, slot) },
          slot,
        )
      : new ProxyAgent({
          ...common,
          uri: proxy,
          requestTls: { ...tls, timeout: 0 },
          proxyTls: { timeout: 0, lookup: lookupHost },
          connections: 1,
          // the tunnel's own Client: timed around ProxyAgent's connect (TCP to the proxy, CONNECT,
          // then TLS to the target inside the tunnel) — the proxy's share of the connect time
          factory: (origin, options: Client.Options) =>
            countedClient(
              origin,
              {
                ...options,
                connect: timedConnector(options.connect as buildConnector.connector, owner, slot),
              },
              slot,
            ),
        });
  return Array.from({ length: count }, (_, i) => new UndiciSlot(i, owner, create));
}

/** One call of the connector (one connection attempt) whose callback has not come yet. */
interface PendingConnect {
  /** The slot's request timed out waiting for it: counted as a connect error then, nothing after. */
  givenUp: boolean;
  /**
   * The socket being connected, destroyed when the slot gives up (undici's connector returns it;
   * a proxy's tunnel connect returns none, and dropping its agent cancels the CONNECT). Left open,
   * an attempt at a target that drops SYNs would live on until the kernel gave up on it (~2 min).
   */
  socket: Socket | null;
}

/**
 * undici's connector, timed: one connect-time record per connection, or one connect error per
 * attempt that did not connect — when it failed, or when the slot's request timed out waiting for
 * it (UndiciSlot.timeout; its client is destroyed then, and undici discards the attempt's outcome).
 */
function timedConnector(
  connector: buildConnector.connector,
  owner: SlotOwner,
  slot: UndiciSlot,
): buildConnector.connector {
  return (options, callback) => {
    // a target under .invalid never resolves, for us or for a proxy: no tunnel is asked for it
    if (INVALID_NAME.test(options.hostname)) {
      owner.connections.connectError();
      const error = invalidNameError(options.hostname);
      process.nextTick(() => (callback as (e: Error | null, s: unknown) => void)(error, null));
      return;
    }
    const startUs = owner.nowUs();
    const attempt: PendingConnect = { givenUp: false, socket: null };
    slot.pendingConnect = attempt;
    const settle = (): void => {
      if (slot.pendingConnect === attempt) slot.pendingConnect = null;
    };
    try {
      // typed as returning nothing; undici's own connector returns the socket it connects
      const returned: unknown = connector(options, (error, socket) => {
        settle();
        if (attempt.givenUp) {
          // counted at the timeout; undici discards the outcome of a destroyed client's connect
        } else if (error === null) {
          owner.connections.opened(owner.nowUs() - startUs, slot.hadConnection);
          slot.hadConnection = true;
        } else owner.connections.connectError();
        (callback as (e: Error | null, s: unknown) => void)(error, socket);
      });
      if (returned instanceof Socket) attempt.socket = returned;
    } catch (error) {
      // undici fails the request with it: the attempt did not connect
      settle();
      owner.connections.connectError();
      throw error;
    }
  };
}

/** How a Client's connection ended, from its 'disconnect' error (undici's codes). */
function countedClient(origin: string | URL, options: Client.Options, slot: UndiciSlot): Client {
  const client = new Client(origin, options);
  client.on('disconnect', (_origin, _targets, error: Error & { code?: string }) => {
    const conns = slot.owner.connections;
    if (error.code === 'UND_ERR_INFO')
      conns.serverClosedAnnounced(); // the response said close
    else if (
      slot.closing ||
      error === TIMED_OUT ||
      error === BODY_TOO_LARGE ||
      error.code === 'UND_ERR_DESTROYED' ||
      error.code === 'UND_ERR_ABORTED'
    )
      conns.clientClosed(); // this side ended it
    else if (slot.busy) conns.reset();
    else conns.serverClosedIdle(false);
  });
  return client;
}

const BODY_TOO_LARGE = Object.assign(new Error('response body exceeds the cap'), {
  code: 'SLO_BODY_TOO_LARGE',
});
const TIMED_OUT = Object.assign(new Error('request timed out'), { code: 'SLO_TIMEOUT' });

export class UndiciSlot extends SlotState implements LoadSlot {
  client: Dispatcher | null = null;
  /** This user had a connection before (the next connect is a reconnect). */
  hadConnection = false;
  /** close() is retiring the client: its disconnect is this side's. */
  closing = false;
  /** The connector call of this slot's client still under way (null: none). */
  pendingConnect: PendingConnect | null = null;
  /** The phase a timeout ended the request in; null: it did not time out. */
  private timedOut: string | null = null;
  private tooLarge = false;
  private abortRequest: ((reason: Error) => void) | null = null;

  constructor(
    readonly index: number,
    readonly owner: SlotOwner,
    private readonly createDispatcher: (slot: UndiciSlot) => Dispatcher,
  ) {
    super();
  }

  send(request: PreparedRequest, endpoint: number, intendedUs: number, nowUs: number): void {
    this.begin(endpoint, intendedUs, nowUs);
    this.timedOut = null;
    this.tooLarge = false;
    this.abortRequest = null;
    this.client ??= this.createDispatcher(this);
    this.client.dispatch(request, this);
  }

  /** Not yet on a socket: connecting (through a proxy: the tunnel) or queued behind the connect. */
  override get connecting(): boolean {
    return this.busy && this.abortRequest === null && this.firstByteUs < 0;
  }

  /** Ends the request now as a timeout (called by the shard's sweep), naming its phase. */
  timeout(): void {
    if (!this.busy) return;
    const connecting = this.connecting;
    this.timedOut = connecting
      ? 'while connecting'
      : this.firstByteUs < 0
        ? 'waiting for the first response byte'
        : 'while reading the response';
    const attempt = this.pendingConnect;
    if (connecting && attempt !== null) {
      // this side gives up on the attempt (cancel drops the client): one connect error, now
      attempt.givenUp = true;
      this.pendingConnect = null;
      this.owner.connections.connectError();
      attempt.socket?.destroy();
    }
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
    this.noteFirstByte(this.owner);
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
    this.busy = false;
    this.owner.finish(this, ErrorKind.None);
  }

  onError(error: unknown): void {
    this.abortRequest = null;
    const kind =
      this.timedOut !== null
        ? ErrorKind.Timeout
        : this.tooLarge
          ? ErrorKind.BodyTooLarge
          : classifyError(error);
    this.message =
      this.timedOut !== null
        ? `timed out ${this.timedOut}`
        : this.tooLarge
          ? tooLargeMessage(this.owner)
          : describeError(error);
    // undici is still failing its queue: dispatching the next request from here would re-enter it
    queueMicrotask(() => {
      this.busy = false;
      this.owner.finish(this, kind);
    });
  }

  onUpgrade(): void {}

  close(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.closing = true;
    return client ? client.destroy().catch(() => undefined) : Promise.resolve();
  }
}
