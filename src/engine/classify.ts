// Maps transport errors (Node and undici codes) to the record's ErrorKind.
import { ErrorKind } from '../metrics/types.js';
import { tlsWording } from './tls-errors.js';

const BY_CODE: Readonly<Record<string, ErrorKind>> = {
  ECONNREFUSED: ErrorKind.ConnectionRefused,
  ECONNRESET: ErrorKind.ConnectionReset,
  EPIPE: ErrorKind.ConnectionReset,
  UND_ERR_SOCKET: ErrorKind.ConnectionReset,
  UND_ERR_CLOSED: ErrorKind.ConnectionReset,
  ENOTFOUND: ErrorKind.Dns,
  EAI_AGAIN: ErrorKind.Dns,
  EAI_FAIL: ErrorKind.Dns,
  ETIMEDOUT: ErrorKind.Timeout,
  UND_ERR_CONNECT_TIMEOUT: ErrorKind.Timeout,
  UND_ERR_HEADERS_TIMEOUT: ErrorKind.Timeout,
  UND_ERR_BODY_TIMEOUT: ErrorKind.Timeout,
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: ErrorKind.Protocol,
  UND_ERR_INFO: ErrorKind.Protocol,
  UND_ERR_RES_EXCEEDED_MAX_SIZE: ErrorKind.BodyTooLarge,
  // TLS spoken to a plain-HTTP port: the handshake reads an HTTP response as a TLS record
  EPROTO: ErrorKind.Tls,
  // the generator's own limits (ulimit -n, ephemeral ports, socket buffers, memory), not the target's
  EMFILE: ErrorKind.Generator,
  ENFILE: ErrorKind.Generator,
  EADDRNOTAVAIL: ErrorKind.Generator,
  ENOBUFS: ErrorKind.Generator,
  ENOMEM: ErrorKind.Generator,
  // HTTP/2 (node:http2): a session closed by the server's GOAWAY; a stream refused or reset
  ERR_HTTP2_GOAWAY_SESSION: ErrorKind.GoAway,
  ERR_HTTP2_STREAM_CANCEL: ErrorKind.StreamReset,
  ERR_HTTP2_SESSION_ERROR: ErrorKind.Protocol,
  ERR_HTTP2_ERROR: ErrorKind.Protocol,
  ERR_HTTP2_INVALID_SESSION: ErrorKind.ConnectionReset,
};

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT)/;

export function classifyError(error: unknown): ErrorKind {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    const known = BY_CODE[code];
    if (known !== undefined) return known;
    if (TLS_CODE.test(code)) return ErrorKind.Tls;
    if (code.startsWith('HPE_')) return ErrorKind.Protocol;
    if (code === 'ERR_HTTP2_STREAM_ERROR')
      return isRefusedStream(error) ? ErrorKind.GoAway : ErrorKind.StreamReset;
  }
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'HTTPParserError') return ErrorKind.Protocol;
  return ErrorKind.Other;
}

/** NGHTTP2_REFUSED_STREAM: the server did not process the stream (RFC 9113 §8.7, sent with GOAWAY). */
export const REFUSED_STREAM = 7;

/**
 * An HTTP/2 stream that closed before its response ended (no 'end', no 'error'): refused by the
 * server (GOAWAY / REFUSED_STREAM) or reset by it (RST_STREAM with any other code).
 */
export function classifyStreamClose(rstCode: number): ErrorKind {
  return rstCode === REFUSED_STREAM ? ErrorKind.GoAway : ErrorKind.StreamReset;
}

/** ERR_HTTP2_STREAM_ERROR carries the RST_STREAM code in its message ("Stream closed with error code NGHTTP2_REFUSED_STREAM"). */
export function isRefusedStream(error: unknown): boolean {
  return /NGHTTP2_REFUSED_STREAM/.test(String((error as { message?: unknown } | null)?.message));
}

/** Node's advice appended to certificate errors: about Node's flags, not the user's target. */
const NODE_CA_HINT = /; if the root CA is installed locally.*$/s;

/**
 * A transport error as one line for the errors table: a certificate or TLS failure in plain words
 * (tls-errors.ts), anything else as its message, then its code if not in it.
 */
export function describeError(error: unknown): string {
  const worded = classifyError(error) === ErrorKind.Tls ? tlsWording(error) : null;
  if (worded !== null) return worded;
  const message = String((error as { message?: unknown } | null)?.message ?? error).replace(NODE_CA_HINT, '');
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
