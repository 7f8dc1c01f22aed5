// Byte-level syntax of HTTP/1.1 (RFC 9112, RFC 9110) for the response parser: exact byte tables,
// never bit tricks (`c | 0x20` folds CR into '-' and 0x10-0x19 into digits, making aliases).

import { TCHAR_SYMBOLS } from '../config/keys.js';

const CR = 13;

/** tchar (RFC 9110 §5.6.2): the bytes a field name may contain (the config's header-name rule). */
export const TCHAR = new Uint8Array(256);
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TCHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TCHAR[c] = 1;
for (const ch of TCHAR_SYMBOLS) TCHAR[ch.charCodeAt(0)] = 1;

/** Field-value bytes (RFC 9110 §5.5): HTAB, SP, VCHAR and obs-text; no other control byte. */
export const VALUE_BYTE = new Uint8Array(256);
VALUE_BYTE[0x09] = 1;
for (let c = 0x20; c <= 0xff; c++) VALUE_BYTE[c] = c === 0x7f ? 0 : 1;

const HTTP1_PREFIX = Buffer.from('HTTP/1.');

/** Hex digit values (RFC 9112 §7.1 chunk-size = 1*HEXDIG); -1 for every other byte. */
export const HEX_VALUE = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX_VALUE[0x30 + c] = c;
for (let c = 0; c < 6; c++) HEX_VALUE[0x41 + c] = HEX_VALUE[0x61 + c] = 10 + c;

/** Chunk-extension bytes: SP, HTAB and visible ASCII (no control byte, no obs-text). */
export function extensionBytesOk(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c !== 0x09 && (c < 0x20 || c > 0x7e)) return false;
  }
  return true;
}

/**
 * Whether the first `length` bytes of a status line can begin "HTTP/1.0 " or "HTTP/1.1 ", a
 * status code 100-999 and then SP or the line end (RFC 9112 §4: status-line = HTTP-version SP
 * status-code SP [ reason-phrase ]; the SP before an empty reason is tolerated missing). Only
 * 1.0 and 1.1 are HTTP/1 versions (RFC 9112 §2.3).
 */
export function statusPrefixOk(line: Buffer, start: number, length: number): boolean {
  const n = Math.min(length, 13);
  for (let i = 0; i < n; i++) if (!statusByteOk(i, line[start + i])) return false;
  // the reason phrase is not read (RFC 9112 §4: a client SHOULD ignore it), but a bare CR in it is
  // invalid (RFC 9112 §2.2), as llhttp holds
  for (let i = 13; i < length; i++) if (line[start + i] === CR) return false;
  return true;
}

function statusByteOk(i: number, c: number): boolean {
  if (i < 7) return c === HTTP1_PREFIX[i];
  if (i === 7) return c === 0x30 || c === 0x31;
  if (i === 8 || i === 12) return c === 0x20;
  if (i === 9) return c >= 0x31 && c <= 0x39;
  return c >= 0x30 && c <= 0x39;
}

/** Where the field name (tchar bytes) that starts at buf[start] ends: the first other byte, or end. */
export function tokenEnd(buf: Buffer, start: number, end: number): number {
  let i = start;
  while (i < end && TCHAR[buf[i]] === 1) i++;
  return i;
}

/** Whether a header line's first bytes buf[start, end) (no line end yet) can still be valid. */
export function headerPrefixOk(buf: Buffer, start: number, end: number): boolean {
  const i = tokenEnd(buf, start, end);
  if (i === end) return true;
  if (i === start || buf[i] !== 0x3a) return false;
  return valueBytesOk(buf, i + 1, end);
}

/** buf[start, end) holds field-value bytes only (HTAB, SP, VCHAR, obs-text). */
export function valueBytesOk(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (VALUE_BYTE[buf[i]] === 0) return false;
  return true;
}

/** Whether buf[start, end) is a well-formed field line (a trailer: checked, not read). */
export function fieldLineOk(buf: Buffer, start: number, end: number): boolean {
  // a token name, then ':' inside the line, then value bytes — judged by buf[start, end) alone (a
  // search for ':' past `end` made a colon-less line's outcome depend on the bytes after it)
  const i = tokenEnd(buf, start, end);
  return i !== start && i < end && buf[i] === 0x3a && valueBytesOk(buf, i + 1, end);
}
