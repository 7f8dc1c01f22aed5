// The transport inputs / flags (TLS options, http-version, connections, resolve, proxy) and the
// proxy environment variables, read once into typed overrides of the config's `tls` / `http`.
import { Inputs, EnvVars } from '../constants.js';
import { quote } from '../config/messages.js';
import { HTTP_VERSIONS, TLS_MIN_VERSIONS } from '../config/keys.js';
import { CONNECTIONS_RULE } from '../config/load-fields.js';
import { parseResolve, RESOLVE_EXPECTED, type TransportOverrides } from '../config/transport-section.js';
import { InputError } from '../errors.js';
import type { ProxyEnv } from './types.js';
import type { Env } from './parse.js';

type InputName = (typeof Inputs)[keyof typeof Inputs];

export interface OptionReaders {
  get(name: InputName): string | undefined;
  int(name: InputName, min: number, max: number): number | undefined;
  bool(name: InputName, fallback: boolean): boolean;
  oneOf<T extends string>(name: InputName, allowed: readonly T[]): T | undefined;
  label(name: InputName): string;
}

export function readTransportOverrides(r: OptionReaders): TransportOverrides {
  const o: TransportOverrides = {};
  const tls: NonNullable<TransportOverrides['tls']> = {};
  const version = r.oneOf(Inputs.HttpVersion, HTTP_VERSIONS);
  if (version !== undefined) o.httpVersion = version;
  const connections = r.int(Inputs.Connections, CONNECTIONS_RULE.min, CONNECTIONS_RULE.max);
  if (connections !== undefined) o.connections = connections;
  const resolve = r.get(Inputs.Resolve);
  if (resolve !== undefined) {
    o.resolve = resolve
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((text) => {
        const entry = parseResolve(text);
        if (entry === null)
          throw new InputError(
            `${r.label(Inputs.Resolve)}: expected ${RESOLVE_EXPECTED}, got ${quote(text)}`,
          );
        return entry;
      });
  }
  const proxy = r.get(Inputs.Proxy);
  if (proxy !== undefined) o.proxy = proxy;
  const paths = [
    [Inputs.CaCert, 'caCert'],
    [Inputs.ClientCert, 'clientCert'],
    [Inputs.ClientKey, 'clientKey'],
    [Inputs.Servername, 'servername'],
  ] as const;
  for (const [input, key] of paths) {
    const value = r.get(input);
    if (value !== undefined) tls[key] = value;
  }
  if (r.get(Inputs.InsecureTls) !== undefined) tls.insecure = r.bool(Inputs.InsecureTls, false);
  const min = r.oneOf(Inputs.TlsMinVersion, TLS_MIN_VERSIONS);
  if (min !== undefined) tls.minVersion = min;
  if (Object.keys(tls).length > 0) o.tls = tls;
  return o;
}

/** HTTPS_PROXY / HTTP_PROXY / NO_PROXY (or their lower-case forms), each checked to be a URL. */
export function readProxyEnv(env: Env): ProxyEnv {
  const read = (name: string): string | null => {
    const value = (env[name] ?? env[name.toLowerCase()] ?? '').trim();
    return value === '' ? null : value;
  };
  const url = (name: string): string | null => {
    const value = read(name);
    if (value === null) return null;
    try {
      const parsed = new URL(value.includes('://') ? value : `http://${value}`);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.href;
    } catch {
      // reported below
    }
    throw new InputError(
      `environment ${name}: expected a proxy URL such as http://proxy:3128, got ${quote(value)}`,
    );
  };
  return {
    httpsProxy: url(EnvVars.HttpsProxy),
    httpProxy: url(EnvVars.HttpProxy),
    noProxy: read(EnvVars.NoProxy),
  };
}
