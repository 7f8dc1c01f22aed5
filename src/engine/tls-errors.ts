// One line that tells a user why TLS failed: Node's certificate errors reworded where they are
// cryptic (null: say it as Node does). describeError (classify.ts) uses it for every tls failure, so
// the pre-flight check and the requests' errors say the same words.

/** ERR_TLS_CERT_ALTNAME_INVALID's own message is "Hostname/IP does not match certificate's altnames: …". */
const ALTNAME_INVALID = 'ERR_TLS_CERT_ALTNAME_INVALID';

const BY_CODE: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain (trust its CA with ca-cert)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'unable to verify the first certificate (unknown issuer: trust its CA with ca-cert, or the server omits an intermediate)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown certificate issuer (trust its CA with ca-cert)',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION:
    'the server refused the TLS version (none of those allowed, see tls-min-version, is one it speaks)',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer in TLS (a plain-HTTP port? use http://)',
};

export function tlsWording(error: unknown): string | null {
  const e = error as {
    code?: unknown;
    message?: unknown;
    host?: unknown;
    cert?: { subjectaltname?: unknown };
  };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (code === ALTNAME_INVALID) {
    const names = typeof e.cert?.subjectaltname === 'string' ? e.cert.subjectaltname : 'none';
    return `hostname mismatch: ${String(e.host)} not in the certificate's names (${names})`;
  }
  return BY_CODE[code === 'EPROTO' ? opensslCode(e) : code] ?? null;
}

/** OpenSSL's reason in the message ("…:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:…") as Node names it (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION). */
const OPENSSL_REASON = /SSL routines:[^:]*:([a-z0-9 ]+):/i;

/**
 * A write that fails mid-handshake is EPROTO with OpenSSL's reason only in its message; the same
 * failure in the handshake itself has the ERR_SSL_ code: both get the same words.
 */
function opensslCode(e: { message?: unknown }): string {
  const reason = OPENSSL_REASON.exec(typeof e.message === 'string' ? e.message : '')?.[1];
  return reason === undefined ? 'EPROTO' : `ERR_SSL_${reason.toUpperCase().replace(/ /g, '_')}`;
}
