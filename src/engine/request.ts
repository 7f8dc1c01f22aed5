// Requests prepared once per endpoint: the raw HTTP/1.1 bytes (for the net/tls transport) and the
// undici dispatch options (for the undici transport).
import type { EndpointConfig } from '../config/types.js';

export interface PreparedRequest {
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
const BAD_VALUE = /[\r\n\0]/;

/** Builds the wire bytes of one request to `target` (its host gives the Host header). */
export function requestBytes(
  target: URL,
  e: Pick<EndpointConfig, 'method' | 'path' | 'headers' | 'body'>,
): Buffer {
  const method = e.method.toUpperCase();
  if (!TOKEN.test(method)) throw new Error(`invalid HTTP method ${JSON.stringify(e.method)}`);
  if (BAD_VALUE.test(e.path) || /\s/.test(e.path))
    throw new Error(`invalid request path ${JSON.stringify(e.path)}`);
  const lines = [`${method} ${e.path} HTTP/1.1`];
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
  const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
  return body === null ? head : Buffer.concat([head, body]);
}

export function prepareRequest(target: URL, e: EndpointConfig): PreparedRequest {
  const method = e.method.toUpperCase();
  return {
    path: e.path,
    method: e.method,
    headers: Object.entries(e.headers).flat(),
    body: e.body,
    bytes: requestBytes(target, e),
    head: method === 'HEAD',
    idempotent: IDEMPOTENT.has(method),
  };
}
