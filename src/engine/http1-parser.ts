// Incremental HTTP/1.x response parser for one connection, one response at a time (no pipelining).
// Handles the status line, headers (Content-Length, Transfer-Encoding: chunked, Connection), bodies
// framed by length, by chunks or by the connection closing, and responses without a body (HEAD,
// 1xx, 204, 304). Input may be split at any byte; nothing is allocated per response except when a
// line straddles two reads (then it is copied into a fixed per-parser buffer).

/** What the parser reports to; called synchronously from feed(). */
import { readHeader, resetHead, type HeadFields } from './http1-headers.js';

export interface ResponseSink {
  onStatus(status: number): void;
  /** Body payload bytes (chunk framing excluded). */
  onBody(bytes: number): void;
  /** The response is complete; keepAlive = the connection may carry the next request. */
  onComplete(keepAlive: boolean): void;
}

export const ParseError = {
  None: 0,
  /** Malformed status line, header, chunk size or an over-long head. */
  Malformed: 1,
  /** The connection ended before the response was complete. */
  Truncated: 2,
} as const;
export type ParseError = (typeof ParseError)[keyof typeof ParseError];

const State = {
  Idle: 0,
  StatusLine: 1,
  Header: 2,
  LengthBody: 3,
  ChunkSize: 4,
  ChunkData: 5,
  ChunkDataEnd: 6,
  Trailer: 7,
  UntilClose: 8,
  Done: 9,
} as const;
type State = (typeof State)[keyof typeof State];

const LF = 10;
const CR = 13;
/** Longest status line, header line or chunk-size line accepted, bytes. */
export const MAX_LINE_BYTES = 16 * 1024;
/** Longest response head (status line + headers) accepted, bytes. */
const MAX_HEAD_BYTES = 64 * 1024;

const EMPTY = Buffer.alloc(0);
const HTTP1_PREFIX = Buffer.from('HTTP/1.');

/** Hex digit values (RFC 9112 §7.1 chunk-size = 1*HEXDIG); -1 for every other byte. */
const HEX_VALUE = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX_VALUE[0x30 + c] = c;
for (let c = 0; c < 6; c++) HEX_VALUE[0x41 + c] = HEX_VALUE[0x61 + c] = 10 + c;

/** reason-phrase bytes (RFC 9112 §4): HTAB, SP, VCHAR, obs-text. */
const VISIBLE_OR_WS = new Uint8Array(256);
VISIBLE_OR_WS[0x09] = 1;
for (let c = 0x20; c <= 0xff; c++) VISIBLE_OR_WS[c] = c === 0x7f ? 0 : 1;

/**
 * Whether the first `length` bytes of a status line can begin "HTTP/1.0 " or "HTTP/1.1 ", a
 * status code 100-999 and then SP or the line end (RFC 9112 §4: status-line = HTTP-version SP
 * status-code SP [ reason-phrase ]; the SP before an empty reason is tolerated missing). Only
 * 1.0 and 1.1 are HTTP/1 versions (RFC 9112 §2.3).
 */
function statusPrefixOk(line: Buffer, start: number, length: number): boolean {
  const n = Math.min(length, 13);
  for (let i = 0; i < n; i++) if (!statusByteOk(i, line[start + i])) return false;
  return true;
}

function statusByteOk(i: number, c: number): boolean {
  if (i < 7) return c === HTTP1_PREFIX[i];
  if (i === 7) return c === 0x30 || c === 0x31;
  if (i === 8 || i === 12) return c === 0x20;
  if (i === 9) return c >= 0x31 && c <= 0x39;
  return c >= 0x30 && c <= 0x39;
}

export class ResponseParser {
  private state: State = State.Idle;
  /** Holds a line split across reads; allocated on first need (most heads arrive in one read). */
  private line = EMPTY;
  private lineLength = 0;
  private headBytes = 0;
  private status = 0;
  private http10 = false;
  private noBody = false;
  private readonly head: HeadFields = {
    contentLength: -1,
    transferEncoding: false,
    chunked: false,
    close: false,
    keepAlive: false,
  };
  private remaining = 0;
  /** Set when feed() fails; the connection must be dropped. */
  error: ParseError = ParseError.None;

  constructor(private readonly sink: ResponseSink) {}

  /** Expect a new response; headRequest = the request was HEAD (no body follows). */
  begin(headRequest: boolean): void {
    this.state = State.StatusLine;
    this.noBody = headRequest;
    this.lineLength = 0;
    this.headBytes = 0;
    this.error = ParseError.None;
    this.resetHead();
  }

  private resetHead(): void {
    this.status = 0;
    resetHead(this.head);
  }

  /** True while a response is expected or being read. */
  get active(): boolean {
    return this.state !== State.Idle && this.state !== State.Done;
  }

  /** Whether any byte of the current response has arrived. */
  get started(): boolean {
    return this.headBytes > 0 || this.state !== State.StatusLine;
  }

  /**
   * Parses buf[start, end). Returns the index after the last byte consumed: less than end when the
   * response completed before the end (extra bytes) or on an error (this.error set).
   */
  feed(buf: Buffer, start: number, end: number): number {
    let pos = start;
    while (pos < end && this.active) {
      const s = this.state;
      if (s === State.LengthBody || s === State.ChunkData) {
        const n = Math.min(this.remaining, end - pos);
        this.remaining -= n;
        pos += n;
        this.sink.onBody(n);
        if (this.remaining === 0) {
          if (s === State.LengthBody) this.complete();
          else this.state = State.ChunkDataEnd;
        }
      } else if (s === State.UntilClose) {
        this.sink.onBody(end - pos);
        pos = end;
      } else {
        pos = this.lineStep(buf, pos, end);
      }
      if (this.error !== ParseError.None) return pos;
    }
    return pos;
  }

  /** The connection ended (EOF). Completes a read-until-close body; otherwise the response is truncated. */
  end(): void {
    if (this.state === State.UntilClose) this.complete();
    else if (this.active) this.error = ParseError.Truncated;
  }

  /** Consumes up to one line; returns the new position. */
  private lineStep(buf: Buffer, pos: number, end: number): number {
    const nl = buf.indexOf(LF, pos);
    const stop = nl === -1 || nl >= end ? end : nl;
    const piece = stop - pos;
    if (this.state === State.StatusLine || this.state === State.Header) {
      this.headBytes += piece + (stop < end ? 1 : 0);
      if (this.headBytes > MAX_HEAD_BYTES) return this.fail(stop);
    }
    // the line limit counts the same bytes however the line is split (CR included, LF not)
    if (this.lineLength + piece > MAX_LINE_BYTES) return this.fail(stop);
    if (stop === end) {
      // no line end in this read: keep the partial line
      this.reserve(this.lineLength + piece);
      buf.copy(this.line, this.lineLength, pos, end);
      this.lineLength += piece;
      // a status line is checked as it arrives: a connection held open after "HXXP" fails now
      if (this.state === State.StatusLine && !statusPrefixOk(this.line, 0, this.lineLength)) {
        return this.fail(end);
      }
      return end;
    }
    if (this.lineLength === 0) {
      const lineEnd = stop > pos && buf[stop - 1] === CR ? stop - 1 : stop;
      this.onLine(buf, pos, lineEnd);
    } else {
      this.reserve(this.lineLength + piece);
      buf.copy(this.line, this.lineLength, pos, stop);
      let lineEnd = this.lineLength + piece;
      this.lineLength = 0;
      if (lineEnd > 0 && this.line[lineEnd - 1] === CR) lineEnd--;
      this.onLine(this.line, 0, lineEnd);
    }
    return stop + 1;
  }

  private reserve(bytes: number): void {
    if (bytes <= this.line.length) return;
    const grown = Buffer.allocUnsafeSlow(
      Math.min(MAX_LINE_BYTES, Math.max(256, bytes, this.line.length * 2)),
    );
    this.line.copy(grown, 0, 0, this.lineLength);
    this.line = grown;
  }

  private fail(pos: number): number {
    this.error = ParseError.Malformed;
    this.state = State.Done;
    return pos;
  }

  private onLine(buf: Buffer, start: number, end: number): void {
    switch (this.state) {
      case State.StatusLine:
        return this.onStatusLine(buf, start, end);
      case State.Header:
        return end === start ? this.onHeadEnd() : this.onHeader(buf, start, end);
      case State.ChunkSize:
        return this.onChunkSize(buf, start, end);
      case State.ChunkDataEnd:
        if (end !== start) this.fail(end);
        else this.state = State.ChunkSize;
        return;
      case State.Trailer:
        if (end === start) this.complete();
        return;
    }
  }

  private onStatusLine(buf: Buffer, start: number, end: number): void {
    const length = end - start;
    if (length < 12 || !statusPrefixOk(buf, start, length)) return void this.fail(end);
    for (let i = start + 13; i < end; i++) {
      if (VISIBLE_OR_WS[buf[i]] === 0) return void this.fail(end);
    }
    this.http10 = buf[start + 7] === 0x30; // HTTP/1.0
    this.status = (buf[start + 9] - 48) * 100 + (buf[start + 10] - 48) * 10 + (buf[start + 11] - 48);
    this.state = State.Header;
  }

  private onHeader(buf: Buffer, start: number, end: number): void {
    if (!readHeader(buf, start, end, this.head)) this.fail(end);
  }

  private onHeadEnd(): void {
    const status = this.status;
    if (status >= 100 && status < 200) {
      if (status === 101) return void this.fail(0); // no upgrades on a load-test connection
      // informational: the real response follows
      this.state = State.StatusLine;
      this.resetHead();
      return;
    }
    this.sink.onStatus(status);
    if (this.noBody || status === 204 || status === 304) return this.complete();
    if (this.head.chunked) {
      this.state = State.ChunkSize;
    } else if (this.head.transferEncoding) {
      // RFC 9112 §6.3 (3): a Transfer-Encoding whose final coding is not chunked wins over any
      // Content-Length; the body runs until the server closes the connection
      this.head.close = true;
      this.state = State.UntilClose;
    } else if (this.head.contentLength >= 0) {
      this.remaining = this.head.contentLength;
      if (this.remaining === 0) this.complete();
      else this.state = State.LengthBody;
    } else {
      this.head.close = true;
      this.state = State.UntilClose;
    }
  }

  private onChunkSize(buf: Buffer, start: number, end: number): void {
    let n = 0;
    let i = start;
    for (; i < end; i++) {
      const d = HEX_VALUE[buf[i]];
      if (d < 0) break;
      n = n * 16 + d;
      if (n > Number.MAX_SAFE_INTEGER / 16) return void this.fail(end);
    }
    // after the digits only whitespace or chunk extensions (";name=value") may follow
    if (i === start || (i < end && buf[i] !== 0x3b && buf[i] !== 0x20 && buf[i] !== 0x09)) {
      return void this.fail(end);
    }
    if (n === 0) {
      this.state = State.Trailer;
    } else {
      this.remaining = n;
      this.state = State.ChunkData;
    }
  }

  private complete(): void {
    this.state = State.Done;
    // Both Content-Length and chunked (RFC 9112 §6.3): chunked framed it, but the connection is
    // not reused (a sign of response splitting).
    const ambiguous = this.head.transferEncoding && this.head.contentLength !== -1;
    const keepAlive = !this.head.close && !ambiguous && (!this.http10 || this.head.keepAlive);
    this.sink.onComplete(keepAlive);
  }
}
