// Which proxy, if any, carries the load: the explicit `proxy` setting, else HTTPS_PROXY (https
// targets) / HTTP_PROXY (http targets) unless NO_PROXY names the target. Pure.
import type { ProxyEnv } from '../settings/types.js';

export interface ProxyChoice {
  url: URL;
  /** Where it came from, for the notice: `proxy`, `HTTPS_PROXY` or `HTTP_PROXY`. */
  source: string;
}

/**
 * NO_PROXY as curl and undici read it: comma- or space-separated entries; `*` matches every host;
 * `example.com` and `.example.com` match the host and its subdomains; `host:port` only that port.
 */
export function noProxyMatches(noProxy: string, host: string, port: number): boolean {
  const name = host.toLowerCase();
  for (const raw of noProxy.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\*?\./, ''))!;
    const entryHost = m[1]!.replace(/^\[|\]$/g, '');
    if (m[2] !== undefined && Number(m[2]) !== port) continue;
    if (name === entryHost || name.endsWith(`.${entryHost}`)) return true;
  }
  return false;
}

export function chooseProxy(target: URL, explicit: URL | null, env: ProxyEnv): ProxyChoice | null {
  if (explicit !== null) return { url: explicit, source: 'proxy' };
  const https = target.protocol === 'https:';
  const text = https ? env.httpsProxy : env.httpProxy;
  if (text === null) return null;
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const port = Number(target.port) || (https ? 443 : 80);
  if (env.noProxy !== null && noProxyMatches(env.noProxy, host, port)) return null;
  return {
    url: new URL(text.includes('://') ? text : `http://${text}`),
    source: https ? 'HTTPS_PROXY' : 'HTTP_PROXY',
  };
}

/** A proxy URL as printed: credentials never shown. */
export function displayProxy(url: URL): string {
  return `${url.protocol}//${url.host}`;
}
