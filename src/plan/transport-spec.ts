// How a shard's slots reach the target: which client, which address, which TLS options. Chosen
// once before the load (plan/transport.ts) and passed to every shard as plain data.
import type { HttpVersion, TlsMinVersion } from '../config/types.js';

/**
 * raw: HTTP/1.1 on net/tls sockets (the fast path); h2: node:http2 sessions, streams spread over
 * `connections`; undici: one undici Client per slot, the only client that goes through a proxy.
 */
export type ClientKind = 'raw' | 'h2' | 'undici';

export interface TlsOptions {
  /** PEM text of extra certificate authorities, trusted besides Node's default roots. */
  caPem: string | null;
  /** Client certificate and key (PEM) for mutual TLS. */
  certPem: string | null;
  keyPem: string | null;
  /** SNI and certificate-check name instead of the URL's host name. */
  servername: string | null;
  /** Certificate checks off (insecure-tls): an explicit opt-in, reported everywhere. */
  insecure: boolean;
  minVersion: TlsMinVersion | null;
}

export interface TransportSpec {
  client: ClientKind;
  httpVersion: HttpVersion;
  tls: TlsOptions;
  /** resolve: connect to this address instead of the URL's host (Host and SNI keep the URL's name). */
  connectAddress: string | null;
  /** HTTP/2: connections the streams (users) are spread over, for the whole run (all shards). */
  connections: number;
  /**
   * HTTP/2: the streams the server allows on one connection (its SETTINGS_MAX_CONCURRENT_STREAMS,
   * read before the load); null when unknown or unlimited.
   */
  maxStreams: number | null;
  /** Proxy URL for the undici client; null = direct. */
  proxy: string | null;
}

export const NO_TLS_OPTIONS: TlsOptions = {
  caPem: null,
  certPem: null,
  keyPem: null,
  servername: null,
  insecure: false,
  minVersion: null,
};

export const DIRECT_HTTP1: TransportSpec = {
  client: 'raw',
  httpVersion: '1.1',
  tls: NO_TLS_OPTIONS,
  connectAddress: null,
  connections: 0,
  maxStreams: null,
  proxy: null,
};

/** The client that serves these settings: a proxy needs undici, HTTP/2 node:http2, else raw. */
export function selectClient(httpVersion: HttpVersion, proxy: string | null): ClientKind {
  if (proxy !== null) return 'undici';
  return httpVersion === '2' ? 'h2' : 'raw';
}

/** The URL's host name without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}
