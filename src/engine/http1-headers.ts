// The response headers the HTTP/1.1 parser needs (framing and connection reuse), read in place.

/** What a response head says about its body and its connection. */
export interface HeadFields {
  /** -1 when absent */
  contentLength: number;
  chunked: boolean;
  /** Connection: close, or a body framed by the connection closing */
  close: boolean;
  /** Connection: keep-alive (HTTP/1.0) */
  keepAlive: boolean;
}

export function resetHead(h: HeadFields): void {
  h.contentLength = -1;
  h.chunked = false;
  h.close = false;
  h.keepAlive = false;
}

const CONTENT_LENGTH = Buffer.from('content-length');
const TRANSFER_ENCODING = Buffer.from('transfer-encoding');
const CONNECTION = Buffer.from('connection');

/** Case-insensitive compare of buf[start, end) with a lower-case ASCII name. */
function nameIs(buf: Buffer, start: number, end: number, name: Buffer): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if ((buf[start + i] | 0x20) !== name[i]) return false;
  return true;
}

/** The lower-cased, trimmed comma-separated tokens of a header value (rare headers only). */
function tokens(buf: Buffer, start: number, end: number): string[] {
  return buf
    .toString('latin1', start, end)
    .toLowerCase()
    .split(',')
    .map((t) => t.trim());
}

/** Reads one header line buf[start, end) into h; false when it is malformed. */
export function readHeader(buf: Buffer, start: number, end: number, h: HeadFields): boolean {
  const colon = buf.indexOf(0x3a, start);
  if (colon === -1 || colon >= end || colon === start) return false;
  // RFC 9112 §5.1: no whitespace between the field name and the colon
  if (buf[colon - 1] === 0x20 || buf[colon - 1] === 0x09) return false;
  let v = colon + 1;
  while (v < end && (buf[v] === 0x20 || buf[v] === 0x09)) v++;
  let e = end;
  while (e > v && (buf[e - 1] === 0x20 || buf[e - 1] === 0x09)) e--;
  if (nameIs(buf, start, colon, CONTENT_LENGTH)) {
    if (e === v) return false;
    let n = 0;
    for (let i = v; i < e; i++) {
      const d = buf[i] - 48;
      if (d < 0 || d > 9 || n > Number.MAX_SAFE_INTEGER / 10) return false;
      n = n * 10 + d;
    }
    if (h.contentLength !== -1 && h.contentLength !== n) return false;
    h.contentLength = n;
  } else if (nameIs(buf, start, colon, TRANSFER_ENCODING)) {
    // chunked must be the last coding; any other framing is read until close
    const codings = tokens(buf, v, e);
    h.chunked = codings[codings.length - 1] === 'chunked';
    if (!h.chunked) h.close = true;
  } else if (nameIs(buf, start, colon, CONNECTION)) {
    const options = tokens(buf, v, e);
    if (options.includes('close')) h.close = true;
    if (options.includes('keep-alive')) h.keepAlive = true;
  }
  return true;
}
