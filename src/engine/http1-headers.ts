// The response headers the HTTP/1.1 parser needs (framing and connection reuse), read in place.

import { tokenEnd, valueBytesOk } from './http1-syntax.js';

/** What a response head says about its body and its connection. */
export interface HeadFields {
  /** -1 when absent */
  contentLength: number;
  /** A Transfer-Encoding header was present (whatever its codings). */
  transferEncoding: boolean;
  /** chunked is the final transfer coding */
  chunked: boolean;
  /** Connection: close */
  close: boolean;
  /** Connection: keep-alive (HTTP/1.0) */
  keepAlive: boolean;
}

export function newHead(): HeadFields {
  return { contentLength: -1, transferEncoding: false, chunked: false, close: false, keepAlive: false };
}

export function copyHead(into: HeadFields, from: Readonly<HeadFields>): void {
  into.contentLength = from.contentLength;
  into.transferEncoding = from.transferEncoding;
  into.chunked = from.chunked;
  into.close = from.close;
  into.keepAlive = from.keepAlive;
}

export function resetHead(h: HeadFields): void {
  h.contentLength = -1;
  h.transferEncoding = false;
  h.chunked = false;
  h.close = false;
  h.keepAlive = false;
}

const CONTENT_LENGTH = Buffer.from('content-length');
const TRANSFER_ENCODING = Buffer.from('transfer-encoding');
const CONNECTION = Buffer.from('connection');
const CHUNKED = Buffer.from('chunked');
const CLOSE = Buffer.from('close');
const KEEP_ALIVE = Buffer.from('keep-alive');

/** HTTP whitespace (RFC 9110 §5.6.3 OWS): SP and HTAB only — not \v, \f, CR or \xa0. */
function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** ASCII lower case of one byte: only A-Z change. */
function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/** Case-insensitive compare of buf[start, end) with a lower-case ASCII name. */
function nameIs(buf: Buffer, start: number, end: number, name: Buffer): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (lower(buf[start + i]) !== name[i]) return false;
  return true;
}

/**
 * Whether a list element of the header value buf[start, end) (comma-separated, OWS around each)
 * equals the lower-case token `name`, case-insensitively; `last`: only the final element counts.
 * Read in place: nginx sends `Connection: keep-alive` on every response.
 */
function listHas(buf: Buffer, start: number, end: number, name: Buffer, last: boolean): boolean {
  let from = start;
  let found = false;
  for (let i = start; i <= end; i++) {
    if (i < end && buf[i] !== 0x2c) continue;
    let a = from;
    let b = i;
    while (a < b && isOws(buf[a])) a++;
    while (b > a && isOws(buf[b - 1])) b--;
    found = nameIs(buf, a, b, name);
    if (found && !last) return true;
    from = i + 1;
  }
  return found;
}

/** Reads one header line buf[start, end) into h; false when it is malformed. */
export function readHeader(buf: Buffer, start: number, end: number, h: HeadFields): boolean {
  const colon = tokenEnd(buf, start, end);
  // RFC 9112 §5.1: the name is a token followed directly by ':' (no whitespace before the colon);
  // RFC 9112 §5.2: obs-fold (a line starting with whitespace) is rejected, not unfolded
  if (colon === start || colon === end || buf[colon] !== 0x3a) return false;
  if (!valueBytesOk(buf, colon + 1, end)) return false;
  return applyHeader(buf, start, colon, end, h);
}

/**
 * Reads the header line buf[start, end) whose syntax is already checked — a token name ending at
 * `colon`, field-value bytes after it — into h; false when its value is malformed (a bad or second
 * Content-Length), and then h is unchanged.
 */
export function applyHeader(buf: Buffer, start: number, colon: number, end: number, h: HeadFields): boolean {
  let v = colon + 1;
  while (v < end && isOws(buf[v])) v++;
  let e = end;
  while (e > v && isOws(buf[e - 1])) e--;
  if (nameIs(buf, start, colon, CONTENT_LENGTH)) return readLength(buf, v, e, h);
  if (nameIs(buf, start, colon, TRANSFER_ENCODING)) {
    // RFC 9112 §6.1: the codings of all Transfer-Encoding lines form one list; chunked frames the
    // body only as the final coding
    h.transferEncoding = true;
    h.chunked = listHas(buf, v, e, CHUNKED, true);
  } else if (nameIs(buf, start, colon, CONNECTION)) {
    // a lone token first (nginx sends `Connection: keep-alive` on every response), then the list
    if (nameIs(buf, v, e, KEEP_ALIVE)) h.keepAlive = true;
    else if (nameIs(buf, v, e, CLOSE)) h.close = true;
    else {
      if (listHas(buf, v, e, CLOSE, false)) h.close = true;
      if (listHas(buf, v, e, KEEP_ALIVE, false)) h.keepAlive = true;
    }
  }
  return true;
}

/**
 * Content-Length = 1*DIGIT (RFC 9110 §8.6). A second Content-Length line is malformed even when it
 * repeats the value: RFC 9110 §8.6 lets a recipient reject it, and so does llhttp (node:http).
 */
function readLength(buf: Buffer, v: number, e: number, h: HeadFields): boolean {
  if (e === v) return false;
  let n = 0;
  for (let i = v; i < e; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9 || n > (Number.MAX_SAFE_INTEGER - d) / 10) return false;
    n = n * 10 + d;
  }
  if (h.contentLength !== -1) return false;
  h.contentLength = n;
  return true;
}
