// Requests prepared once per endpoint: the raw HTTP/1.1 bytes (for the net/tls transport) and the
// undici dispatch options (for the undici transport).
import type { EndpointConfig } from '../config/types.js';

export interface PreparedRequest {
  /** undici: the target's origin (an Agent / ProxyAgent dispatches by it). */
  origin: string;
  path: string;
  method: string;
  /** undici: flat [name, value, …] */
  headers: string[];
  body: string | null;
  /** The complete request (head + body) as sent on the wire by the raw transport. */
  bytes: Buffer;
  /** HEAD: the response has no body whatever its headers say. */
  head: boolean;
  /** May be sent again on a fresh connection when a reused one closed before any response byte. */
  idempotent: boolean;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
/** Methods whose requests carry a payload: without a body they say content-length: 0 (as undici). */
const PAYLOAD = new Set(['POST', 'PUT', 'PATCH']);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_PATH = /[\0-\x20]/;
/** Header values: visible ASCII, space and tab (the config loader rejects anything else). */
const BAD_VALUE = /[^\t\x20-\x7e]/;
/** What a request target may carry as is; everything else is UTF-8 percent-encoded. */
const NOT_VISIBLE_ASCII = /[^\x21-\x7e]+/gu;

/**
 * Percent-encodes the non-ASCII characters (and DEL) of a path + query as UTF-8, as WHATWG URL
 * does: `/é?q=日本` → `/%C3%A9?q=%E6%97%A5%E6%9C%AC`. Everything ASCII — reserved characters,
 * existing `%XX` sequences, dot segments — is left exactly as written. Lone surrogates become U+FFFD.
 */
export function encodePath(path: string): string {
  return path.replace(NOT_VISIBLE_ASCII, (run) =>
    Array.from(Buffer.from(run, 'utf8'), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** Builds the wire bytes of one request to `target` (its host gives the Host header). */
export function requestBytes(
  target: URL,
  e: Pick<EndpointConfig, 'method' | 'path' | 'headers' | 'body'>,
): Buffer {
  const method = e.method.toUpperCase();
  if (!TOKEN.test(method)) throw new Error(`invalid HTTP method ${JSON.stringify(e.method)}`);
  if (BAD_PATH.test(e.path)) throw new Error(`invalid request path ${JSON.stringify(e.path)}`);
  const lines = [`${method} ${encodePath(e.path)} HTTP/1.1`];
  let hasHost = false;
  let hasLength = false;
  for (const [name, value] of Object.entries(e.headers)) {
    if (!TOKEN.test(name) || BAD_VALUE.test(value)) throw new Error(`invalid header ${JSON.stringify(name)}`);
    const lower = name.toLowerCase();
    if (lower === 'host') hasHost = true;
    if (lower === 'content-length') hasLength = true;
    lines.push(`${name}: ${value}`);
  }
  if (!hasHost) lines.splice(1, 0, `host: ${target.host}`);
  const body = e.body === null ? null : Buffer.from(e.body);
  if (!hasLength && (body !== null || PAYLOAD.has(method)))
    lines.push(`content-length: ${body?.length ?? 0}`);
  // all ASCII by now: the path is percent-encoded, header names are tokens, values visible ASCII
  const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
  return body === null ? head : Buffer.concat([head, body]);
}

export function prepareRequest(target: URL, e: EndpointConfig): PreparedRequest {
  const method = e.method.toUpperCase();
  return {
    origin: target.origin,
    path: encodePath(e.path),
    method: e.method,
    headers: Object.entries(e.headers).flat(),
    body: e.body,
    bytes: requestBytes(target, e),
    head: method === 'HEAD',
    idempotent: IDEMPOTENT.has(method),
  };
}
