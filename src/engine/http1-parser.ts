// Incremental HTTP/1.x response parser for one connection, one response at a time (no pipelining).
// Handles the status line, headers (Content-Length, Transfer-Encoding: chunked, Connection), bodies
// framed by length, by chunks or by the connection closing, and responses without a body (HEAD,
// 1xx, 204, 304). Input may be split at any byte; nothing is allocated per response (a line that
// straddles two reads is copied into a per-parser buffer, and so is the last head read whole, which
// a repeat of the same bytes then skips). The outcome never depends on the split, nor on the heads
// read before: every limit and check counts the same bytes, and a partial line is checked as it
// arrives. Held against Node's llhttp by __tests__/engine/http1-differential.test.ts; where
// it deliberately differs (RFC 9112 cited at each): a bare LF ends a head line (§2.2) but not a
// chunk line (§7.1); Transfer-Encoding wins over Content-Length, then the connection closes
// (§6.3); 101 is refused; no empty line before a status line (§2.2); 16 KiB per line; only
// HTTP/1.0 and 1.1 (§2.3); sizes up to 2^53 - 1; a HEAD response without a length keeps the
// connection (§6.3, §9.3); Connection: close wins over keep-alive (§9.6).

/** What the parser reports to; called synchronously from feed(). */
import { applyHeader, copyHead, newHead, readHeader, resetHead, type HeadFields } from './http1-headers.js';
import {
  extensionBytesOk,
  fieldLineOk,
  headerPrefixOk,
  HEX_VALUE,
  statusPrefixOk,
  tokenEnd,
  VALUE_BYTE,
} from './http1-syntax.js';

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
const COLON = 0x3a;
/** Longest status line, header line or chunk-size line accepted, bytes. */
export const MAX_LINE_BYTES = 16 * 1024;
/** Longest response head (status line + headers) accepted, bytes. */
const MAX_HEAD_BYTES = 64 * 1024;
/** Longest head remembered to be known without reading (a copy per connection), bytes. */
const MAX_KNOWN_HEAD_BYTES = 2048;

const EMPTY = Buffer.alloc(0);
/** Bytes of a malformed line quoted in the error message. */
const QUOTED_BYTES = 60;

/** What the line being read is, by state (for error messages). */
const LINE_NAMES: Record<number, string> = {
  [State.StatusLine]: 'status line',
  [State.Header]: 'header line',
  [State.ChunkSize]: 'chunk-size line',
  [State.ChunkDataEnd]: 'line after chunk data',
  [State.Trailer]: 'trailer line',
};

export class ResponseParser {
  private state: State = State.Idle;
  /** Holds a line split across reads; allocated on first need (most heads arrive in one read). */
  private line = EMPTY;
  private lineLength = 0;
  private headBytes = 0;
  private status = 0;
  private http10 = false;
  private noBody = false;
  private readonly head: HeadFields = newHead();
  private remaining = 0;
  /**
   * The last response head read whole from one read, byte for byte, and what it said. A head
   * that repeats it exactly (a server's responses to one request differ in little but the Date
   * line) is known without reading it again: the same bytes give the same outcome. Reading a
   * head byte by byte was the largest JavaScript cost of a request (docs/BENCHMARKS.md).
   */
  private known = EMPTY;
  private knownLength = 0;
  private knownStatus = 0;
  private knownHttp10 = false;
  private readonly knownHead: HeadFields = newHead();
  /** Heads known without reading them (see `known`): how often the shortcut was taken. */
  knownHeads = 0;
  /** Set when feed() fails; the connection must be dropped. */
  error: ParseError = ParseError.None;
  /** Why it is malformed (set with error). */
  reason = '';

  constructor(private readonly sink: ResponseSink) {}

  /** Expect a new response; headRequest = the request was HEAD (no body follows). */
  begin(headRequest: boolean): void {
    this.state = State.StatusLine;
    this.noBody = headRequest;
    this.lineLength = 0;
    this.headBytes = 0;
    this.error = ParseError.None;
    this.reason = '';
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
    // where this response's head began in this read, while all of it so far is in this read
    let headFrom = -1;
    if (this.state === State.StatusLine && this.headBytes === 0 && this.lineLength === 0) {
      if (this.isKnownHead(buf, pos, end)) pos = this.useKnownHead(pos);
      else headFrom = pos;
    }
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
        if (headFrom >= 0 && s === State.Header && this.state !== State.Header) {
          this.remember(buf, headFrom, pos);
          headFrom = -1;
        }
      }
      if (this.error !== ParseError.None) return pos;
    }
    return pos;
  }

  private isKnownHead(buf: Buffer, pos: number, end: number): boolean {
    const n = this.knownLength;
    return n !== 0 && end - pos >= n && buf.compare(this.known, 0, n, pos, pos + n) === 0;
  }

  /** Reads the known head (it is at pos): its fields, then the same step as its empty line. */
  private useKnownHead(pos: number): number {
    this.status = this.knownStatus;
    this.http10 = this.knownHttp10;
    copyHead(this.head, this.knownHead);
    this.headBytes = this.knownLength;
    this.knownHeads++;
    this.state = State.Header;
    this.onHeadEnd();
    return pos + this.knownLength;
  }

  /**
   * The head buf[from, to) was just read whole: remember it when what it said is all in the fields
   * (a final response framed by length or chunks, or without a body — not 1xx, not read until close).
   */
  private remember(buf: Buffer, from: number, to: number): void {
    const s = this.state;
    if (this.error !== ParseError.None || this.status < 200) return;
    if (s !== State.LengthBody && s !== State.ChunkSize && s !== State.Done) return;
    const n = to - from;
    if (n > MAX_KNOWN_HEAD_BYTES) return;
    if (this.known.length < n) this.known = Buffer.allocUnsafeSlow(Math.max(256, n));
    buf.copy(this.known, 0, from, to);
    this.knownLength = n;
    this.knownStatus = this.status;
    this.knownHttp10 = this.http10;
    copyHead(this.knownHead, this.head);
  }

  /** The connection ended (EOF). Completes a read-until-close body; otherwise the response is truncated. */
  end(): void {
    if (this.state === State.UntilClose) this.complete();
    else if (this.active) this.error = ParseError.Truncated;
  }

  /** Consumes up to one line; returns the new position. */
  private lineStep(buf: Buffer, pos: number, end: number): number {
    if (this.state === State.Header && this.lineLength === 0) {
      const next = this.headerLine(buf, pos, end);
      if (next >= 0) return next;
    }
    // scanned here, not by buf.indexOf: a call into C++ per line cost more than the line's bytes
    let stop = pos;
    while (stop < end && buf[stop] !== LF) stop++;
    const piece = stop - pos;
    if (this.state === State.StatusLine || this.state === State.Header) {
      this.headBytes += piece + (stop < end ? 1 : 0);
      if (this.headBytes > MAX_HEAD_BYTES)
        return this.fail(stop, `response head over ${MAX_HEAD_BYTES} bytes`);
    }
    // the line limit counts the same bytes however the line is split (CR included, LF not)
    if (this.lineLength + piece > MAX_LINE_BYTES) {
      return this.fail(stop, `${LINE_NAMES[this.state]} over ${MAX_LINE_BYTES} bytes`);
    }
    if (stop === end) {
      // no line end in this read: keep the partial line
      this.reserve(this.lineLength + piece);
      buf.copy(this.line, this.lineLength, pos, end);
      this.lineLength += piece;
      // a line is checked as it arrives: a connection held open after "HXXP" fails now
      if (!this.partialOk()) return this.failLine(this.line, 0, this.lineLength, end);
      return end;
    }
    let line = buf;
    let start = pos;
    let lineEnd = stop;
    if (this.lineLength !== 0) {
      this.reserve(this.lineLength + piece);
      buf.copy(this.line, this.lineLength, pos, stop);
      line = this.line;
      start = 0;
      lineEnd = this.lineLength + piece;
      this.lineLength = 0;
    }
    if (lineEnd > start && line[lineEnd - 1] === CR) lineEnd--;
    // RFC 9112 §2.2: a bare LF may end a line of the head; the chunked framing (§7.1) is read as
    // written, CRLF only (llhttp, even lenient, rejects a bare LF after a chunk size)
    else if (this.state >= State.ChunkSize)
      return this.fail(stop, `${LINE_NAMES[this.state]} ends in a bare LF`);
    this.onLine(line, start, lineEnd);
    return stop + 1;
  }

  /**
   * The common case of a header line, read in one pass over its bytes: the whole line is in this
   * read, well-formed and within the limits. Returns the position after it, or -1 with nothing
   * changed, and the line-by-line path below then reads it (split across reads, over a limit,
   * malformed: the same outcome, with its error message).
   */
  private headerLine(buf: Buffer, pos: number, end: number): number {
    const colon = tokenEnd(buf, pos, end);
    let i = colon;
    if (colon !== pos) {
      if (colon === end || buf[colon] !== COLON) return -1;
      i++;
      while (i < end && VALUE_BYTE[buf[i]] === 1) i++;
    }
    // i is at the line's end: LF, or CR LF (RFC 9112 §2.2: a bare LF may end a line of the head)
    let next: number;
    if (i < end && buf[i] === LF) next = i + 1;
    else if (i + 1 < end && buf[i] === CR && buf[i + 1] === LF) next = i + 2;
    else return -1;
    const headBytes = this.headBytes + next - pos;
    if (headBytes > MAX_HEAD_BYTES || next - 1 - pos > MAX_LINE_BYTES) return -1;
    if (colon === pos) {
      this.headBytes = headBytes;
      this.onHeadEnd();
      return next;
    }
    if (!applyHeader(buf, pos, colon, i, this.head)) return -1;
    this.headBytes = headBytes;
    return next;
  }

  /** Whether the partial line can still become a valid status or header line. */
  private partialOk(): boolean {
    const n = this.partialLength();
    if (this.state === State.StatusLine) return statusPrefixOk(this.line, 0, n);
    if (this.state === State.Header || this.state === State.Trailer) {
      return n === 0 || headerPrefixOk(this.line, 0, n);
    }
    return true;
  }

  /** The partial line's length without a trailing CR (its LF may be in the next read). */
  private partialLength(): number {
    const n = this.lineLength;
    return n > 0 && this.line[n - 1] === CR ? n - 1 : n;
  }

  private reserve(bytes: number): void {
    if (bytes <= this.line.length) return;
    const grown = Buffer.allocUnsafeSlow(
      Math.min(MAX_LINE_BYTES, Math.max(256, bytes, this.line.length * 2)),
    );
    this.line.copy(grown, 0, 0, this.lineLength);
    this.line = grown;
  }

  /** Malformed: `reason` says why, in one line (it becomes the error's message). */
  private fail(pos: number, reason: string): number {
    this.reason = reason;
    this.error = ParseError.Malformed;
    this.state = State.Done;
    return pos;
  }
  /** Malformed at the line buf[start, end): the reason names the line and quotes its start. */
  private failLine(buf: Buffer, start: number, end: number, pos: number): number {
    const shown = buf.toString('latin1', start, Math.min(end, start + QUOTED_BYTES));
    const more = end - start > QUOTED_BYTES ? '…' : '';
    return this.fail(pos, `malformed ${LINE_NAMES[this.state]} ${JSON.stringify(shown)}${more}`);
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
        if (end !== start) this.failLine(buf, start, end, end);
        else this.state = State.ChunkSize;
        return;
      case State.Trailer:
        if (end === start) this.complete();
        else if (!fieldLineOk(buf, start, end)) this.failLine(buf, start, end, end);
        return;
    }
  }

  private onStatusLine(buf: Buffer, start: number, end: number): void {
    const length = end - start;
    if (length < 12 || !statusPrefixOk(buf, start, length)) return void this.failLine(buf, start, end, end);
    this.http10 = buf[start + 7] === 0x30; // HTTP/1.0
    this.status = (buf[start + 9] - 48) * 100 + (buf[start + 10] - 48) * 10 + (buf[start + 11] - 48);
    this.state = State.Header;
  }

  private onHeader(buf: Buffer, start: number, end: number): void {
    if (!readHeader(buf, start, end, this.head)) this.failLine(buf, start, end, end);
  }

  private onHeadEnd(): void {
    const status = this.status;
    if (status >= 100 && status < 200) {
      // no upgrades on a load-test connection
      if (status === 101) return void this.fail(0, '101 Switching Protocols: upgrades are refused');
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
      // sizes past 2^53 - 1 cannot be counted exactly: malformed (llhttp allows 2^64 - 1)
      if (n > (Number.MAX_SAFE_INTEGER - d) / 16) return void this.failLine(buf, start, end, end);
      n = n * 16 + d;
    }
    if (i === start) return void this.failLine(buf, start, end, end);
    // RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS value ] ); extensions are
    // not read, but they are tokens and quoted strings: visible ASCII and whitespace only
    while (i < end && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
    if (i < end && (buf[i] !== 0x3b || !extensionBytesOk(buf, i, end))) {
      return void this.failLine(buf, start, end, end);
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
