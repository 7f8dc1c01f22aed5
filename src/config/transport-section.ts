// `tls` and `http` -> TransportConfig: how the load reaches the target. Inputs / flags override
// the file key by key. File paths (certificates) are checked when they are read (src/transport.ts).
import { HTTP_KEYS, HTTP_VERSIONS, TLS_KEYS, TLS_MIN_VERSIONS } from './keys.js';
import { CONNECTIONS_RULE, readRule } from './load-fields.js';
import { child, configError, quote } from './messages.js';
import { at, readBool, readEnum, readMap, readString, fail, type Ctx } from './fields.js';
import type { Node } from './tree.js';
import type { ResolveEntry, TransportConfig } from './types.js';

/** What inputs / flags may set; each key replaces the file's. */
export type TransportOverrides = Partial<
  Omit<TransportConfig, 'tls'> & { tls: Partial<TransportConfig['tls']> }
>;

export const RESOLVE_EXPECTED = 'host:port:address, e.g. api.example.com:443:10.0.0.12';

/** `host:port:address` (curl's --resolve); an IPv6 address may be bracketed. null = malformed. */
export function parseResolve(text: string): ResolveEntry | null {
  const m = /^([^:\s[\]]+):(\d{1,5}):(\[[0-9a-fA-F:.]+\]|[^\s[\]]+)$/.exec(text.trim());
  if (m === null) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return null;
  const address = m[3]!.startsWith('[') ? m[3]!.slice(1, -1) : m[3]!;
  return { host: m[1]!.toLowerCase(), port, address };
}

export function readTransport(
  ctx: Ctx,
  tlsNode: Node | undefined,
  httpNode: Node | undefined,
  overrides: TransportOverrides,
): TransportConfig {
  const tls = tlsNode === undefined ? new Map() : readMap(ctx, tlsNode, 'tls', TLS_KEYS);
  const http = httpNode === undefined ? new Map() : readMap(ctx, httpNode, 'http', HTTP_KEYS);
  const tlsGet = (key: (typeof TLS_KEYS)[number]): Node | undefined => tls.get(key)?.value;
  const httpGet = (key: (typeof HTTP_KEYS)[number]): Node | undefined => http.get(key)?.value;
  const str = (node: Node | undefined, path: string): string | null => {
    if (node === undefined) return null;
    const text = readString(ctx, node, path, 'a non-empty string').trim();
    return text === '' ? fail(ctx, node, path, 'a non-empty string') : text;
  };
  const o = overrides.tls ?? {};
  const insecureNode = tlsGet('insecure');
  const minNode = tlsGet('min_version');
  const versionNode = httpGet('version');
  const connectionsNode = httpGet('connections');
  return {
    httpVersion:
      overrides.httpVersion ??
      (versionNode === undefined ? '1.1' : readVersion(ctx, versionNode, child('http', 'version'))),
    connections:
      overrides.connections ??
      (connectionsNode === undefined
        ? null
        : (readRule(ctx, connectionsNode, child('http', 'connections'), CONNECTIONS_RULE) as number)),
    resolve: overrides.resolve ?? readResolveList(ctx, httpGet('resolve')),
    proxy: overrides.proxy ?? str(httpGet('proxy'), child('http', 'proxy')),
    tls: {
      caCert: o.caCert ?? str(tlsGet('ca_cert'), child('tls', 'ca_cert')),
      clientCert: o.clientCert ?? str(tlsGet('client_cert'), child('tls', 'client_cert')),
      clientKey: o.clientKey ?? str(tlsGet('client_key'), child('tls', 'client_key')),
      servername: o.servername ?? str(tlsGet('servername'), child('tls', 'servername')),
      insecure:
        o.insecure ?? (insecureNode === undefined ? false : readBool(ctx, insecureNode, 'tls.insecure')),
      minVersion:
        o.minVersion ??
        (minNode === undefined ? null : readEnum(ctx, minNode, 'tls.min_version', TLS_MIN_VERSIONS)),
    },
  };
}

/** `version: 2` and `version: "2"` both mean HTTP/2 (YAML reads 1.1 as a number). */
function readVersion(ctx: Ctx, node: Node, path: string): TransportConfig['httpVersion'] {
  const value = node.kind === 'scalar' ? String(node.value) : '';
  const version = HTTP_VERSIONS.find((v) => v === value);
  if (version === undefined) fail(ctx, node, path, `one of ${HTTP_VERSIONS.join(', ')}`);
  return version;
}

function readResolveList(ctx: Ctx, node: Node | undefined): ResolveEntry[] {
  if (node === undefined) return [];
  const items = node.kind === 'seq' ? node.items : [node];
  return items.map((item, i) => {
    const path = node.kind === 'seq' ? `http.resolve[${i}]` : 'http.resolve';
    const text = readString(ctx, item, path, RESOLVE_EXPECTED);
    const entry = parseResolve(text);
    if (entry === null)
      throw configError(at(ctx, item), path, `expected ${RESOLVE_EXPECTED}, got ${quote(text)}`);
    return entry;
  });
}
