// The HTTP/2 client (http-version 2): users are concurrent streams spread over a few node:http2
// sessions (`connections`, shared round-robin: slot i uses session i mod n). Over TLS the session
// is negotiated with ALPN h2 (checked before the load, src/engine/probe.ts); over plain http it is
// h2c with prior knowledge. Same records, timeouts, body caps and error kinds as HTTP/1.1; a stream
// reset by the server and a GOAWAY that refuses a stream are classified apart (classify.ts), and so
// is a timeout whose request body was held by the server's flow-control window (flow_control_stall).
// A stream the server refused without processing it (REFUSED_STREAM, or opened past a GOAWAY's last
// stream id — nginx sends one every keepalive_requests, 1,000 by default) is sent once more, on a
// new session after a GOAWAY, as any HTTP/2 client does (RFC 9113 §8.7): counted, not an error.
import {
  connect,
  constants,
  type ClientHttp2Session,
  type ClientHttp2Stream,
  type Http2Session,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http2';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { shardShare } from '../plan/patterns.js';
import {
  classifyError,
  classifyStreamClose,
  describeError,
  isRefusedStream,
  REFUSED_STREAM,
} from './classify.js';
import { lookupHost } from './lookup.js';
import type { ShardInit } from './messages.js';
import type { PreparedRequest } from './request.js';
import { SlotState, tooLargeMessage, type LoadSlot, type SlotOwner } from './slot.js';
import { hostOf, secureContextOf, serverNameOf, type TransportSpec } from './transport.js';
import { ErrorKind } from '../metrics/types.js';

/** Connection-specific headers HTTP/2 forbids (RFC 9113 §8.2.2); Host becomes :authority. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'host',
]);
/** Per session: nghttp2's default (10 MB) is too small for hundreds of streams with headers in flight. */
const MAX_SESSION_MEMORY_MB = 256;

export function createH2Slots(
  url: URL,
  spec: TransportSpec,
  init: ShardInit,
  owner: SlotOwner,
  count: number,
): LoadSlot[] {
  if (count === 0) return [];
  const share = Math.max(1, shardShare(spec.connections, init.shard, init.shards));
  const sessions = Array.from({ length: Math.min(count, share) }, () => new H2Session(url, spec, owner));
  const headersOf = new WeakMap<PreparedRequest, OutgoingHttpHeaders>();
  const headers = (request: PreparedRequest): OutgoingHttpHeaders => {
    let h = headersOf.get(request);
    if (h === undefined) headersOf.set(request, (h = h2Headers(url, request)));
    return h;
  };
  return Array.from(
    { length: count },
    (_, i) => new H2Slot(i, owner, sessions[i % sessions.length]!, headers),
  );
}

/** The request's HTTP/2 header block, built once per endpoint. */
export function h2Headers(url: URL, request: PreparedRequest): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    ':method': request.method.toUpperCase(),
    ':scheme': url.protocol.slice(0, -1),
    ':authority': url.host,
    ':path': request.path,
  };
  for (let i = 0; i < request.headers.length; i += 2) {
    const name = request.headers[i]!.toLowerCase();
    if (name === 'host') headers[':authority'] = request.headers[i + 1]!;
    else if (!HOP_BY_HOP.has(name)) headers[name] = request.headers[i + 1]!;
  }
  return headers;
}

/** The message of a request whose stream the server refused, and refused again when sent once more. */
const REFUSED_TWICE =
  'the server refused the stream without processing it (REFUSED_STREAM or GOAWAY), and again when it was sent once more';

/**
 * A stream still waiting for its session when the session failed (refused, DNS, TLS, reset) is
 * cancelled with the session's error as the cause: it failed as the connection did.
 */
function sessionFailure(error: Error): unknown {
  return (error as { code?: unknown }).code === 'ERR_HTTP2_STREAM_CANCEL' && error.cause !== undefined
    ? error.cause
    : error;
}

/**
 * One HTTP/2 connection, (re)opened on demand: after an error, a close or a GOAWAY, the next stream
 * opens a new one. Its connection events go to the shard's accounting (a GOAWAY is an announced
 * close, a close without one an unannounced one, an error after the connect a reset).
 */
class H2Session {
  private session: ClientHttp2Session | null = null;
  private readonly createConnection: () => Socket;
  /** The current session's socket (node:http2 makes it synchronously, in connect()). */
  private socket: Socket | null = null;
  private hadSession = false;
  /** The current session has connected (its close is then this side's or the server's, not a connect error). */
  private sessionConnected = false;
  /** The current session's connect attempt is already counted as a connect error (gaveUp). */
  private connectErrorCounted = false;
  /** The last stream id each session's GOAWAY said the server processed (or might have). */
  private readonly goaways = new WeakMap<Http2Session, number>();

  constructor(
    private readonly url: URL,
    spec: TransportSpec,
    private readonly owner: SlotOwner,
  ) {
    const host = spec.connectAddress ?? hostOf(url);
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    if (url.protocol === 'https:') {
      const servername = serverNameOf(spec.tls, hostOf(url));
      const secureContext = secureContextOf(spec.tls);
      let tlsSession: Buffer | undefined;
      this.createConnection = () => {
        const socket = tlsConnect({
          host,
          port,
          servername,
          secureContext,
          rejectUnauthorized: !spec.tls.insecure,
          session: tlsSession,
          ALPNProtocols: ['h2'],
          lookup: lookupHost,
        });
        socket.on('session', (s: Buffer) => (tlsSession = s));
        return socket;
      };
    } else {
      this.createConnection = () => netConnect({ host, port, noDelay: true, lookup: lookupHost });
    }
  }

  get(): ClientHttp2Session {
    if (this.session !== null && !this.session.closed && !this.session.destroyed) return this.session;
    const session = connect(this.url.origin, {
      createConnection: () => (this.socket = this.createConnection()),
      maxSessionMemory: MAX_SESSION_MEMORY_MB,
    });
    const conns = this.owner.connections;
    const startUs = this.owner.nowUs();
    let connected = false;
    /** Retires the session once, counting how it ended (the first of error, GOAWAY, close). */
    const forget = (how: 'error' | 'goaway' | 'close') => (): void => {
      if (this.session !== session) return;
      this.session = null;
      if (!connected) {
        if (!this.connectErrorCounted) conns.connectError(); // else counted by gaveUp already
      } else if (how === 'goaway') conns.serverClosedAnnounced();
      else if (how === 'error') conns.reset();
      else conns.serverClosedIdle(false);
    };
    // A session given up on at the connect timeout (gaveUp: one connect error) that connects after
    // all is opened too: it carries the streams sent after.
    session.once('connect', () => {
      connected = true;
      if (this.session === session) this.sessionConnected = true;
      conns.opened(this.owner.nowUs() - startUs, this.hadSession);
      this.hadSession = true;
    });
    // stream errors are reported by the streams themselves; the session's own error only retires it
    session.on('error', forget('error'));
    session.on('close', forget('close'));
    // node:http2 emits 'goaway' before it refuses or cancels the streams above its last stream id
    const retireOnGoaway = forget('goaway');
    session.on('goaway', (_code: number, lastStreamId: number) => {
      this.goaways.set(session, lastStreamId);
      retireOnGoaway();
    });
    this.session = session;
    this.sessionConnected = false;
    this.connectErrorCounted = false;
    return session;
  }

  /**
   * The server did not process this stream (RFC 9113 §8.7): its session's GOAWAY named a lower last
   * stream id (whatever the GOAWAY's error code), or, without a GOAWAY, the server refused it with
   * REFUSED_STREAM. A stream that was never sent has no id yet.
   */
  unprocessed(session: Http2Session | undefined, stream: ClientHttp2Stream, error: unknown): boolean {
    const last = session === undefined ? undefined : this.goaways.get(session);
    if (last !== undefined) return stream.id === undefined || stream.id > last;
    return stream.rstCode === REFUSED_STREAM || isRefusedStream(error);
  }

  /**
   * A stream waiting for `session` to connect timed out: this side gives up on the attempt, which
   * counts one connect error — once, however many streams waited on it. The session is kept: the
   * other streams on it time out at their own deadlines, and its later error or close counts
   * nothing more (forget).
   */
  gaveUp(session: Http2Session | undefined): void {
    if (session === undefined || session !== this.session || this.sessionConnected) return;
    if (this.connectErrorCounted) return;
    this.connectErrorCounted = true;
    this.owner.connections.connectError();
  }

  /** This side retires the session (an unusable one, the end of the run). */
  close(): void {
    const session = this.session;
    if (session === null) return;
    this.session = null;
    if (this.sessionConnected) this.owner.connections.clientClosed();
    session.destroy();
    // node:http2 ends a destroyed session's socket before destroying it, and a socket that never
    // connected never ends: it would stay connecting until the kernel gave up (~2 min)
    if (!this.sessionConnected) this.socket?.destroy();
  }
}

class H2Slot extends SlotState implements LoadSlot {
  private stream: ClientHttp2Stream | null = null;
  /** The session the stream was opened on (node:http2 forgets it once the stream is closed). */
  private streamSession: Http2Session | undefined = undefined;
  /** The request in flight: sent again once if the server refuses its stream. */
  private request: PreparedRequest | null = null;
  /** The request in flight was refused once and sent again. */
  private retried = false;
  private tooLarge = false;
  private readonly onResponse: (headers: IncomingHttpHeaders) => void;
  private readonly onData: (chunk: Buffer) => void;
  private readonly onEnd: () => void;
  private readonly onError: (error: Error) => void;
  private readonly onClose: () => void;

  constructor(
    readonly index: number,
    private readonly owner: SlotOwner,
    private readonly session: H2Session,
    private readonly headers: (request: PreparedRequest) => OutgoingHttpHeaders,
  ) {
    super();
    // created once per slot; `this` inside each is the stream that emitted the event
    const slot = this;
    this.onResponse = function (this: ClientHttp2Stream, h) {
      if (slot.stream !== this) return;
      slot.noteFirstByte(slot.owner);
      slot.status = Number(h[':status']) || 0;
    };
    this.onData = function (this: ClientHttp2Stream, chunk) {
      if (slot.stream === this) slot.received(this, chunk.length);
    };
    this.onEnd = function (this: ClientHttp2Stream) {
      if (slot.stream === this) slot.end(ErrorKind.None);
    };
    this.onError = function (this: ClientHttp2Stream, error) {
      if (slot.stream !== this) return;
      const why = sessionFailure(error);
      slot.failed(this, why, classifyError(why), describeError(why));
    };
    this.onClose = function (this: ClientHttp2Stream) {
      if (slot.stream !== this) return;
      slot.failed(
        this,
        null,
        classifyStreamClose(this.rstCode),
        `stream closed by the server (code ${this.rstCode})`,
      );
    };
  }

  send(request: PreparedRequest, endpoint: number, intendedUs: number, nowUs: number): void {
    this.begin(endpoint, intendedUs, nowUs);
    this.tooLarge = false;
    this.retried = false;
    this.request = request;
    this.open(request);
  }

  /**
   * The stream ended without its response. One the server did not process (H2Session.unprocessed)
   * goes out once more, on a new session if the refusal came with a GOAWAY (that session is retired
   * by then), its latency and service time counting from the first send; refused again, it is
   * `goaway`. Any other failure ends the request as `kind`.
   */
  private failed(stream: ClientHttp2Stream, error: unknown, kind: ErrorKind, message: string): void {
    // a stream whose response had begun was processed, whatever the server says after
    if (this.firstByteUs >= 0 || !this.session.unprocessed(this.streamSession, stream, error))
      return this.end(kind, message);
    if (this.retried) return this.end(ErrorKind.GoAway, REFUSED_TWICE);
    this.retried = true;
    this.owner.connections.refusedRetry();
    this.stream = null;
    this.open(this.request!);
  }

  private open(request: PreparedRequest): void {
    let stream: ClientHttp2Stream;
    try {
      const session = this.session.get();
      this.streamSession = session;
      stream = session.request(this.headers(request), { endStream: request.body === null });
    } catch (error) {
      // the session went away between two turns: the request was never sent
      this.session.close();
      queueMicrotask(() => this.end(classifyError(error), describeError(error)));
      return;
    }
    this.stream = stream;
    stream.on('response', this.onResponse);
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('error', this.onError);
    stream.on('close', this.onClose);
    if (request.body !== null) stream.end(request.body);
  }

  private received(stream: ClientHttp2Stream, bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.owner.maxBodyBytes && !this.tooLarge) {
      this.tooLarge = true;
      this.abandon(stream);
      this.end(ErrorKind.BodyTooLarge, tooLargeMessage(this.owner));
    }
  }

  /** Stops listening to the stream and cancels it (RST_STREAM CANCEL); the connection stays. */
  private abandon(stream: ClientHttp2Stream): void {
    this.stream = null;
    if (!stream.closed) stream.close(constants.NGHTTP2_CANCEL);
  }

  private end(kind: ErrorKind, message = ''): void {
    if (!this.busy) return;
    this.message = message;
    this.stream = null;
    this.request = null;
    this.busy = false;
    this.owner.finish(this, kind);
  }

  /** The stream's session has not connected yet (TCP connect, and over TLS the handshake). */
  override get connecting(): boolean {
    return this.busy && this.firstByteUs < 0 && this.stream?.session?.connecting === true;
  }

  timeout(): void {
    if (!this.busy) return;
    const stream = this.stream;
    const connecting = this.connecting;
    // the phase as the raw client names it (HTTP/2's first byte is the response's HEADERS frame)
    const phase = connecting
      ? 'while connecting'
      : this.firstByteUs < 0
        ? 'waiting for the first response byte'
        : 'while reading the response';
    // A request body not yet handed to the connection at the timeout waited on HTTP/2 flow
    // control: nghttp2 sends DATA only while the server's window allows (our own receive window
    // never closes: responses are read as they come).
    // (A body still waiting for the connection itself is not that.)
    const body = this.request?.body ?? null;
    const unsent =
      stream !== null && body !== null && !stream.writableFinished && !connecting ? stream.writableLength : 0;
    if (connecting && stream !== null) this.session.gaveUp(stream.session);
    if (stream) this.abandon(stream);
    if (unsent > 0) {
      const total = Buffer.byteLength(body!);
      return this.end(
        ErrorKind.FlowControlStall,
        `timed out with ${unsent} of ${total} request body bytes unsent: the server's HTTP/2 flow-control window stayed closed (it did not read the body)`,
      );
    }
    this.end(ErrorKind.Timeout, `timed out ${phase}`);
  }

  cancel(reason: Error): void {
    if (!this.busy) return;
    if (this.stream) this.abandon(this.stream);
    this.end(ErrorKind.Other, reason.message);
  }

  close(): Promise<void> {
    this.session.close();
    return Promise.resolve();
  }
}
