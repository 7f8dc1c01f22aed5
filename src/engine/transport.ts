// The engine's side of the transport: TLS contexts and server names from the plan's TransportSpec
// (src/plan/transport-spec.ts, re-exported here for the engine's files).
import { isIP } from 'node:net';
import { rootCertificates, createSecureContext, type SecureContext } from 'node:tls';
import type { TlsOptions } from '../plan/transport-spec.js';

export {
  DIRECT_HTTP1,
  hostOf,
  NO_TLS_OPTIONS,
  selectClient,
  type ClientKind,
  type TlsOptions,
  type TransportSpec,
} from '../plan/transport-spec.js';

/**
 * One secure context per shard: the CA list (default roots + the user's), client certificate and
 * minimum version are parsed once, not per connection.
 */
export function secureContextOf(tls: TlsOptions): SecureContext {
  return createSecureContext({
    ca: tls.caPem === null ? undefined : [...rootCertificates, tls.caPem],
    cert: tls.certPem ?? undefined,
    key: tls.keyPem ?? undefined,
    minVersion: tls.minVersion ?? undefined,
  });
}

/** The name certificates are checked against and sent as SNI (never an IP literal, RFC 6066). */
export function serverNameOf(tls: TlsOptions, urlHost: string): string | undefined {
  if (tls.servername !== null) return tls.servername;
  return isIP(urlHost) === 0 ? urlHost : undefined;
}
