// Maps transport errors (Node and undici codes) to the record's ErrorKind.
import { ErrorKind } from '../metrics/types.js';

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
};

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT)/;

export function classifyError(error: unknown): ErrorKind {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    const known = BY_CODE[code];
    if (known !== undefined) return known;
    if (TLS_CODE.test(code)) return ErrorKind.Tls;
    if (code.startsWith('HPE_')) return ErrorKind.Protocol;
  }
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'HTTPParserError') return ErrorKind.Protocol;
  return ErrorKind.Other;
}
