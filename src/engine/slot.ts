// One user (closed model) or one in-flight place (open model) on a raw net/tls socket: one
// connection, opened lazily and kept alive, the request's bytes prepared once per endpoint, the
// response parsed in place from a read buffer shared by the whole shard (plain and TLS). Nothing is
// allocated per request but the socket's own write request. A reconnect over TLS resumes the
// user's previous session (no full handshake). Timeouts are swept by the shard.
import { connect as netConnect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as tlsConnect, type ConnectionOptions, type SecureContext } from 'node:tls';
import { classifyError, describeError } from './classify.js';
import { ParseError, ResponseParser, type ResponseSink } from './http1-parser.js';
import { lookupHost } from './lookup.js';
import type { PreparedRequest } from './request.js';
import type { ConnectionStats } from '../metrics/connections.js';
import { ErrorKind } from '../metrics/types.js';

export type { PreparedRequest } from './request.js';

/** Whom a slot reports to: the shard. */
export interface SlotOwner {
  readonly maxBodyBytes: number;
  /** The shard's connection accounting: slots report connection events here (not per request). */
  readonly connections: ConnectionStats;
  /** The shard's clock, µs since the run's start: the slot notes its first response byte on it. */
  nowUs(): number;
  /**
   * The request in flight has ended (kind None: a response arrived). Called exactly once per
   * send(), after the slot cleared `busy`, never from inside send(); the owner may send again on
   * the slot from here. `atUs`: when it ended, if the slot has just read the clock (the read that
   * completed the response); otherwise the owner reads it.
   */
  finish(slot: LoadSlot, kind: ErrorKind, atUs?: number): void;
}

/**
 * What the shard sees of a slot, whatever its transport: one connection (or stream) carrying one
 * request at a time. The fields are the request in flight (or the last one), written by the slot
 * alone; the load model's scheduling state (active, thinking, waiting, free) lives in the drivers.
 */
export interface LoadSlot {
  readonly index: number;
  /** A request is in flight: set by send(), cleared just before owner.finish. */
  readonly busy: boolean;
  readonly endpoint: number;
  readonly intendedUs: number;
  readonly sentUs: number;
  readonly status: number;
  readonly bytes: number;
  /** Why the request failed, one line (read only when it did). */
  readonly message: string;
  /** When the first response byte (HTTP/2, undici: the response head) arrived, µs; -1 before. */
  readonly firstByteUs: number;
  /**
   * The request waits for its connection: TCP connect and TLS handshake (HTTP/2: its session's;
   * undici: a socket, through a proxy the whole tunnel, to write it on).
   */
  readonly connecting: boolean;
  send(request: PreparedRequest, endpoint: number, intendedUs: number, nowUs: number): void;
  /** Ends the in-flight request now as a timeout. */
  timeout(): void;
  /** Ends the in-flight request now (abort: the shard drops it). */
  cancel(reason: Error): void;
  close(): Promise<void>;
}

/** Where and how a shard's raw slots connect; readBuffer is shared by all of them (one thread). */
export interface RawTarget {
  /** The address connected to: the URL's host, or the `resolve` address. */
  host: string;
  port: number;
  /** TLS: null for plain HTTP. */
  tls: RawTls | null;
  readBuffer: Buffer;
}

interface OnRead {
  buffer: Buffer;
  callback: (nread: number, buf: Buffer) => boolean;
}

export interface RawTls {
  /** Server name for SNI and certificate checks (undefined for an IP literal). */
  servername: string | undefined;
  /** Shared by the shard's connections: CAs, client certificate, minimum version. */
  secureContext: SecureContext;
  rejectUnauthorized: boolean;
}

/**
 * A reused connection that closes within this long of the request being written, before any
 * response byte, was a stale keep-alive (closed by the server while idle): the request is retried
 * once on a fresh connection. Later closes are the server dropping the request, never retried.
 * The window is measured in the event loop's idle time since the write (see idleMs), not wall
 * time: a close that arrived while this thread was busy (GC, JIT, a burst of other sockets) is
 * seen late, but the loop was not idle meanwhile, so a stall cannot turn a benign idle close into
 * a counted reset.
 */
const STALE_CLOSE_WINDOW_MS = 10;

/**
 * Read once: the global `performance` is a lazy accessor that runs a getter on every use, and
 * idleMs() runs once per request written.
 */
const nodeTiming = performance.nodeTiming;

/**
 * Time this thread's event loop has spent waiting for I/O, ms. A close that reaches the socket
 * while the loop waits ends the wait at once, so the idle time between a write and the moment its
 * close is handled never exceeds the time the server really took to close.
 */
function idleMs(): number {
  return nodeTiming.idleTime;
}

/** The message of a body_too_large failure (every transport). */
export function tooLargeMessage(owner: SlotOwner): string {
  return `response body over the ${owner.maxBodyBytes}-byte cap (the rest was not read)`;
}

/** The per-request state of a LoadSlot, the same for every transport (see LoadSlot for each field). */
export abstract class SlotState {
  busy = false;
  endpoint = 0;
  intendedUs = 0;
  sentUs = 0;
  status = 0;
  bytes = 0;
  message = '';
  firstByteUs = -1;

  get connecting(): boolean {
    return false;
  }

  /** Starts a request's bookkeeping; the transport then sends it. */
  protected begin(endpoint: number, intendedUs: number, nowUs: number): void {
    this.busy = true;
    this.endpoint = endpoint;
    this.intendedUs = intendedUs;
    this.sentUs = nowUs;
    this.status = 0;
    this.bytes = 0;
    this.firstByteUs = -1;
  }

  /** The response has begun (first byte, or its head where the library hides the bytes). */
  protected noteFirstByte(owner: SlotOwner): void {
    if (this.firstByteUs < 0) this.firstByteUs = owner.nowUs();
  }
}

export class RawSlot extends SlotState implements LoadSlot, ResponseSink {
  private socket: Socket | null = null;
  private request: PreparedRequest | null = null;
  private readonly parser = new ResponseParser(this);
  /** The socket has carried a complete response: a close before any byte may be a stale keep-alive. */
  private reused = false;
  /** idleMs() when the request was written (the stale keep-alive window). */
  private writtenIdleMs = 0;
  /** The current socket is established (connect / TLS handshake done). */
  private connected = false;
  /** When the current socket's connect began, µs on the shard's clock. */
  private connectStartUs = 0;
  /** This user had a connection before: the next one is a reconnect. */
  private hadConnection = false;
  private retried = false;
  private tooLarge = false;
  private completed = false;
  private keepAlive = false;
  /** TLS: the last session the server gave this user, resumed on its next connection. */
  private session: Buffer | undefined = undefined;

  constructor(
    readonly index: number,
    private readonly owner: SlotOwner,
    private readonly target: RawTarget,
  ) {
    super();
  }

  /** Until the connection is established: TCP connect, and over TLS the handshake too. */
  override get connecting(): boolean {
    return this.busy && this.socket !== null && !this.connected;
  }

  send(request: PreparedRequest, endpoint: number, intendedUs: number, nowUs: number): void {
    this.begin(endpoint, intendedUs, nowUs);
    this.tooLarge = false;
    this.retried = false;
    this.request = request;
    this.write();
  }

  private write(): void {
    this.writtenIdleMs = idleMs();
    this.completed = false;
    this.parser.begin(this.request!.head);
    const socket = this.socket ?? this.connect();
    socket.write(this.request!.bytes);
  }

  private connect(): Socket {
    const t = this.target;
    this.reused = false;
    this.connected = false;
    this.connectStartUs = this.owner.nowUs();
    const onread: OnRead = {
      buffer: t.readBuffer,
      callback: (nread: number, buf: Buffer): boolean => {
        if (this.socket === socket) this.onRead(socket, buf, nread);
        return true;
      },
    };
    const socket: Socket =
      t.tls === null
        ? netConnect({ host: t.host, port: t.port, noDelay: true, lookup: lookupHost, onread })
        : this.connectTls(t.tls, onread);
    socket.once(t.tls === null ? 'connect' : 'secureConnect', () => {
      if (this.socket === socket) this.onConnected();
    });
    socket.on('error', (error: Error) => {
      if (this.socket === socket) this.onClosed(socket, error);
    });
    socket.on('end', () => {
      if (this.socket === socket) this.onClosed(socket, null);
    });
    socket.on('close', () => {
      if (this.socket === socket) this.onClosed(socket, null);
    });
    this.socket = socket;
    return socket;
  }

  private connectTls(tls: RawTls, onread: OnRead): Socket {
    // Node's tls.connect honours `onread` like net.connect (decrypted bytes land in the shared
    // buffer, no chunk allocated per read); @types/node does not declare it.
    const options: ConnectionOptions & { onread: OnRead } = {
      host: this.target.host,
      port: this.target.port,
      servername: tls.servername,
      secureContext: tls.secureContext,
      rejectUnauthorized: tls.rejectUnauthorized,
      session: this.session,
      lookup: lookupHost,
      ALPNProtocols: ['http/1.1'],
      onread,
    };
    const socket = tlsConnect(options);
    socket.setNoDelay(true);
    socket.on('session', (session: Buffer) => (this.session = session));
    return socket;
  }

  private onConnected(): void {
    this.connected = true;
    this.owner.connections.opened(this.owner.nowUs() - this.connectStartUs, this.hadConnection);
    this.hadConnection = true;
  }

  private drop(socket: Socket): void {
    if (this.socket === socket) this.socket = null;
    socket.destroy();
  }

  /** This side closes the current connection (a timeout, an error, a response that said close, the end). */
  private closeOwn(socket: Socket, announced = false): void {
    if (this.socket === socket) {
      if (this.connected) {
        if (announced) this.owner.connections.serverClosedAnnounced();
        else this.owner.connections.clientClosed();
      } else if (this.busy) this.owner.connections.connectError();
    }
    this.drop(socket);
  }

  private onRead(socket: Socket, buf: Buffer, n: number): void {
    if (!this.busy) {
      this.closeOwn(socket); // bytes nobody asked for: the connection is out of step
      return;
    }
    // a response read in one read costs one clock read: its first byte's time is also its end
    const first = this.firstByteUs < 0;
    this.noteFirstByte(this.owner);
    const used = this.parser.feed(buf, 0, n);
    if (this.tooLarge) {
      this.closeOwn(socket);
      this.end(ErrorKind.BodyTooLarge, tooLargeMessage(this.owner));
    } else if (this.parser.error !== ParseError.None) {
      this.closeOwn(socket);
      this.end(ErrorKind.Protocol, this.parser.reason);
    } else if (this.completed) {
      if (this.keepAlive && used === n) this.reused = true;
      else this.closeOwn(socket, !this.keepAlive); // told to close, or bytes beyond the response
      this.end(ErrorKind.None, '', first ? this.firstByteUs : undefined);
    }
  }

  /** EOF, error or close of the current socket (by the server, or a failed connect). */
  private onClosed(socket: Socket, error: Error | null): void {
    const connected = this.connected;
    this.drop(socket);
    const conns = this.owner.connections;
    if (!connected) {
      conns.connectError();
    } else if (!this.busy) {
      conns.serverClosedIdle(false); // between responses, unannounced: idle timeout, connection limit
      return;
    }
    if (!this.busy) return;
    if (error === null) {
      this.parser.end(); // a body read until close completes here
      if (this.completed) {
        conns.serverClosedAnnounced(); // the body was delimited by the close
        return this.tooLarge
          ? this.end(ErrorKind.BodyTooLarge, tooLargeMessage(this.owner))
          : this.end(ErrorKind.None);
      }
    }
    if (
      connected &&
      this.reused &&
      !this.retried &&
      !this.parser.started &&
      this.request!.idempotent &&
      idleMs() - this.writtenIdleMs <= STALE_CLOSE_WINDOW_MS
    ) {
      // the server closed an idle keep-alive connection as the request went out: once more, fresh.
      // A close that comes later is the server dropping a request it had: that is an error.
      conns.serverClosedIdle(true);
      this.retried = true;
      this.write();
      return;
    }
    if (connected) conns.reset();
    if (error !== null) return this.end(classifyError(error), describeError(error));
    const at = this.parser.started ? `after ${this.bytes} body bytes` : 'before any response byte';
    this.end(ErrorKind.ConnectionReset, `the server closed the connection ${at}`);
  }

  private end(kind: ErrorKind, message = '', atUs?: number): void {
    this.message = message;
    this.busy = false;
    this.request = null;
    this.owner.finish(this, kind, atUs);
  }

  // ResponseSink (called from parser.feed)
  onStatus(status: number): void {
    this.status = status;
  }

  onBody(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.owner.maxBodyBytes) this.tooLarge = true;
  }

  onComplete(keepAlive: boolean): void {
    this.completed = true;
    this.keepAlive = keepAlive;
  }

  timeout(): void {
    if (!this.busy) return;
    const phase =
      this.socket === null || !this.connected
        ? 'while connecting'
        : this.parser.started
          ? 'while reading the response'
          : 'waiting for the first response byte';
    if (this.socket) this.closeOwn(this.socket);
    this.end(ErrorKind.Timeout, `timed out ${phase}`);
  }

  cancel(reason: Error): void {
    if (!this.busy) return;
    if (this.socket) {
      if (this.connected) this.owner.connections.clientClosed();
      this.drop(this.socket);
    }
    this.end(ErrorKind.Other, reason.message);
  }

  close(): Promise<void> {
    if (this.socket) this.closeOwn(this.socket);
    return Promise.resolve();
  }
}
