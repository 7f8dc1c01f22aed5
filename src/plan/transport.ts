// planTransport: the config's `tls` / `http` sections + the proxy environment -> the engine's
// TransportSpec (certificate files read here, once) and what the run says about it: log lines
// before the load and the facts every report carries.
import { readFile } from 'node:fs/promises';
import type { Config, ResolveEntry } from '../config/types.js';
import { hostOf, selectClient, type TransportSpec } from './transport-spec.js';
import { InputError, messageOf } from '../errors.js';
import { slotCount } from './patterns.js';
import { streamsPerConnection, WHOLE_RUN } from './run-shard.js';
import type { ProxyEnv } from '../settings/types.js';
import { chooseProxy, displayProxy } from './proxy.js';

/** HTTP/2 default: one connection per this many users (below the 100–128 streams servers allow). */
export const H2_USERS_PER_CONNECTION = 100;

/** What results.json and every report say about the transport (RunReport.transport). */
export interface TransportFacts {
  httpVersion: '1.1' | '2';
  /** Which client carried the load: raw (HTTP/1.1), h2 (node:http2) or undici (through a proxy). */
  client: TransportSpec['client'];
  /** HTTP/2: connections the streams were spread over; null for HTTP/1.1 (one per user). */
  connections: number | null;
  /** The proxy in the path (no credentials), or null. */
  proxy: string | null;
  /** resolve entries applied, host:port:address. */
  resolve: string[];
  insecureTls: boolean;
}

/** A run without transport settings: direct HTTP/1.1, certificate checks on. */
export const DIRECT_TRANSPORT: TransportFacts = {
  httpVersion: '1.1',
  client: 'raw',
  connections: null,
  proxy: null,
  resolve: [],
  insecureTls: false,
};

export interface TransportPlan {
  spec: TransportSpec;
  facts: TransportFacts;
  info: string[];
  notices: string[];
  warnings: string[];
}

export async function planTransport(target: URL, config: Config, proxyEnv: ProxyEnv): Promise<TransportPlan> {
  const t = config.transport;
  const https = target.protocol === 'https:';
  const info: string[] = [];
  const notices: string[] = [];
  const warnings: string[] = [];
  const explicitProxy = t.proxy === null ? null : proxyUrl(t.proxy);
  const proxy = chooseProxy(target, explicitProxy, proxyEnv);
  const resolve = matchResolve(target, t.resolve);
  if (proxy !== null && resolve !== null) {
    throw new InputError(
      `resolve ${formatResolve(resolve)} cannot be used through a proxy (${displayProxy(proxy.url)}, from ${proxy.source}): the proxy chooses the address; set NO_PROXY or drop resolve`,
    );
  }
  if (proxy !== null && t.httpVersion === '2') {
    throw new InputError(
      `http-version 2 through a proxy (${displayProxy(proxy.url)}, from ${proxy.source}) is not supported; set NO_PROXY for the target or use 1.1`,
    );
  }
  if (!https && (t.tls.insecure || t.tls.caCert || t.tls.clientCert || t.tls.servername)) {
    warnings.push(`tls options are set but the target ${target.origin} is plain http: they have no effect`);
  }
  if ((t.tls.clientCert === null) !== (t.tls.clientKey === null)) {
    throw new InputError(
      'tls: client_cert (client-cert) and client_key (client-key) go together; one of them is missing',
    );
  }
  const users = slotCount(config.load);
  let connections = 0;
  if (t.httpVersion === '2') {
    connections = Math.min(users, t.connections ?? Math.max(1, Math.ceil(users / H2_USERS_PER_CONNECTION)));
    const per = Math.ceil(users / connections);
    info.push(
      `HTTP/2: ${users} users as concurrent streams over ${connections} connection${connections === 1 ? '' : 's'} (up to ${per} streams each${t.connections === null ? `; default one connection per ${H2_USERS_PER_CONNECTION} users, set connections to change` : ''})`,
    );
  }
  const spec: TransportSpec = {
    client: selectClient(t.httpVersion, proxy === null ? null : proxy.url.href),
    httpVersion: t.httpVersion,
    tls: {
      caPem: await readPem(t.tls.caCert, 'tls.ca_cert (ca-cert)', 'CERTIFICATE'),
      certPem: await readPem(t.tls.clientCert, 'tls.client_cert (client-cert)', 'CERTIFICATE'),
      keyPem: await readPem(t.tls.clientKey, 'tls.client_key (client-key)', 'PRIVATE KEY'),
      servername: t.tls.servername,
      insecure: https && t.tls.insecure,
      minVersion: t.tls.minVersion,
    },
    connectAddress: resolve?.address ?? null,
    connections,
    maxStreams: null,
    proxy: proxy === null ? null : proxy.url.href,
  };
  if (spec.tls.insecure) {
    warnings.push(
      `insecure-tls: certificate checks are OFF for ${target.host} — any certificate is accepted, the results do not prove the real endpoint answered`,
    );
  }
  if (proxy !== null) {
    notices.push(
      `Proxy in the path: ${displayProxy(proxy.url)} (from ${proxy.source}); every latency includes the proxy`,
    );
  }
  if (resolve !== null) {
    info.push(
      `resolve: connecting to ${resolve.address} for ${resolve.host}:${resolve.port} (Host and SNI stay ${target.host})`,
    );
  }
  if (spec.client !== 'raw')
    info.push(`transport: ${spec.client === 'h2' ? 'node:http2' : 'undici (proxy)'} client`);
  return {
    spec,
    facts: {
      httpVersion: t.httpVersion,
      client: spec.client,
      connections: t.httpVersion === '2' ? connections : null,
      proxy: proxy === null ? null : displayProxy(proxy.url),
      resolve: resolve === null ? [] : [formatResolve(resolve)],
      insecureTls: spec.tls.insecure,
    },
    info,
    notices,
    warnings,
  };
}

/**
 * HTTP/2: the connections fitted to the streams the server allows per connection (its
 * SETTINGS_MAX_CONCURRENT_STREAMS, read before the load; kept in the spec for the workers' split,
 * engine/arm.ts). Streams over that limit would wait in this client, unseen by the server, and
 * their wait would be counted as the server's latency. The default (one connection per 100 users)
 * is raised to fit, and the log says so; connections the user set are an input error naming the
 * number that fits. Unchanged when they fit, or for HTTP/1.1.
 */
export function fitH2Connections(
  plan: TransportPlan,
  config: Config,
  runners: number,
  serverMaxStreams: number | null,
  authority: string,
): { plan: TransportPlan; line: string | null } {
  const connections = plan.spec.connections;
  if (plan.spec.httpVersion !== '2' || serverMaxStreams === null) return { plan, line: null };
  if (serverMaxStreams < 1) {
    throw new InputError(
      `http-version 2: ${authority} allows no concurrent streams (SETTINGS_MAX_CONCURRENT_STREAMS 0): it takes no requests now; the load was not started`,
    );
  }
  const users = slotCount(config.load);
  // the same answer on every runner shard: the busiest share of users over its connections
  const most = (c: number): number => streamsPerConnection(users, c, WHOLE_RUN, runners);
  const withMax = (c: number): TransportPlan => ({
    ...plan,
    spec: { ...plan.spec, connections: c, maxStreams: serverMaxStreams },
    facts: { ...plan.facts, connections: c },
  });
  const per = most(connections);
  if (per <= serverMaxStreams) return { plan: withMax(connections), line: null };
  let fitting = Math.ceil(users / serverMaxStreams);
  while (most(fitting) > serverMaxStreams) fitting++;
  const streams = (n: number): string => `${n} stream${n === 1 ? '' : 's'}`;
  const allows = `${authority} allows ${serverMaxStreams} concurrent stream${serverMaxStreams === 1 ? '' : 's'} per connection`;
  const split = runners > 1 ? ` split over ${runners} runner shards` : '';
  if (config.transport.connections !== null) {
    throw new InputError(
      `connections ${connections}: ${allows}, and ${users} users over ${connections} connection${connections === 1 ? '' : 's'}${split} would be up to ${streams(per)} each — the streams over the limit would wait in this client, not at the server; set connections to at least ${fitting}`,
    );
  }
  return {
    plan: withMax(fitting),
    line: `HTTP/2: ${allows}, so ${users} users go over ${fitting} connections${split} (up to ${streams(most(fitting))} each) instead of the default ${connections}`,
  };
}

/**
 * Canary mode: both arms run on one transport spec. The HTTP/2 connections each arm's server
 * needs (fitH2Connections) are reconciled — the larger count, the smaller stream limit — so that
 * neither arm queues streams in the client, and both reports name what ran.
 */
export function commonTransport(
  canary: TransportPlan,
  baseline: TransportPlan,
): [TransportPlan, TransportPlan] {
  if (canary.spec.httpVersion !== '2') return [canary, baseline];
  const connections = Math.max(canary.spec.connections, baseline.spec.connections);
  const limits = [canary.spec.maxStreams, baseline.spec.maxStreams].filter((m): m is number => m !== null);
  const maxStreams = limits.length === 0 ? null : Math.min(...limits);
  const common = (p: TransportPlan): TransportPlan => ({
    ...p,
    spec: { ...p.spec, connections, maxStreams },
    facts: { ...p.facts, connections },
  });
  return [common(canary), common(baseline)];
}

/** The resolve entry for the target's host:port; entries for any other host:port are a mistake. */
function matchResolve(target: URL, entries: readonly ResolveEntry[]): ResolveEntry | null {
  const host = hostOf(target).toLowerCase();
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  let match: ResolveEntry | null = null;
  for (const e of entries) {
    if (e.host === host && e.port === port) match = e;
    else
      throw new InputError(
        `resolve ${formatResolve(e)} does not match the target ${host}:${port} (expected ${host}:${port}:<address>)`,
      );
  }
  return match;
}

const formatResolve = (e: ResolveEntry): string =>
  `${e.host}:${e.port}:${e.address.includes(':') ? `[${e.address}]` : e.address}`;

function proxyUrl(text: string): URL {
  try {
    const url = new URL(text.includes('://') ? text : `http://${text}`);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  throw new InputError(
    `http.proxy (proxy): expected an http(s) proxy URL such as http://proxy:3128, got "${text}"`,
  );
}

async function readPem(path: string | null, what: string, label: string): Promise<string | null> {
  if (path === null) return null;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`${what}: cannot read ${path}: ${messageOf(error)}`);
  }
  if (!new RegExp(`-----BEGIN [A-Z ]*${label}-----`).test(text))
    throw new InputError(`${what}: ${path} is not a PEM file (no "-----BEGIN …${label}-----" line)`);
  return text;
}
