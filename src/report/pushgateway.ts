// Prometheus Pushgateway client: PUT of one group per run (the text from exposition.ts), through
// the reporters' HTTP client (timeout, retries, the password redacted from every message).
//
// deleteAfter ("pushgateway-delete") semantics: after the PUT succeeds, delete the groups of
// EARLIER runs with the same job/environment/target, so the gateway keeps only the latest run per
// target instead of one group per run forever. The run's own group is never deleted.
import type { RunReport } from './types.js';
import { PUSHGATEWAY_TIMEOUT_MS, PushgatewayLabels as L } from './names.js';
import { groupingKey, groupingPath, renderExposition, type Labels } from './exposition.js';
import { httpRequest } from './http.js';

export interface PushDeps {
  fetch?: typeof fetch;
  /** Retry sleep (tests). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The gateway URL without credentials (fetch rejects a URL carrying them) and, when it had some,
 * the Basic authorization header that carries them instead, plus the secrets to keep out of any
 * message (password as written and percent-decoded).
 */
export function gatewayEndpoint(url: URL): {
  base: string;
  headers: Record<string, string>;
  secrets: string[];
} {
  const clean = new URL(url.href);
  const user = decoded(clean.username);
  const password = decoded(clean.password);
  clean.username = '';
  clean.password = '';
  const headers: Record<string, string> =
    user || password
      ? { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` }
      : {};
  const secrets = [url.password, password].filter((p) => p !== '');
  return { base: clean.href.replace(/\/+$/, ''), headers, secrets };
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** One request to the gateway; any failure becomes an error naming the action, never a credential. */
type GatewayCall = (
  what: string,
  path: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<Response>;

function gatewayCaller(url: URL, deps: PushDeps): GatewayCall {
  const { base, headers, secrets } = gatewayEndpoint(url);
  return async (what, path, init = {}) =>
    (
      await httpRequest(
        {
          method: init.method ?? 'GET',
          url: `${base}${path}`,
          headers: { ...headers, ...init.headers },
          body: init.body,
        },
        {
          fetch: deps.fetch ?? fetch,
          what: `Pushgateway ${what}`,
          timeoutMs: PUSHGATEWAY_TIMEOUT_MS,
          secrets,
          sleep: deps.sleep,
        },
      )
    ).response;
}

/** PUT the run's group (replacing it); optionally delete earlier runs' groups. Returns the group URL path. */
export async function pushMetrics(
  report: RunReport,
  gateway: { url: URL; job: string; deleteAfter: boolean },
  deps: PushDeps = {},
): Promise<{ group: string; deleted: number }> {
  const call = gatewayCaller(gateway.url, deps);
  const key = groupingKey(report, gateway.job);
  const group = `/metrics/${groupingPath(key)}`;
  await call('push', group, {
    method: 'PUT',
    headers: { 'content-type': 'text/plain; version=0.0.4' },
    body: renderExposition(report, gateway.job),
  });
  const deleted = gateway.deleteAfter ? await deleteEarlierRuns(key, call) : 0;
  return { group, deleted };
}

async function deleteEarlierRuns(key: Array<[string, string]>, call: GatewayCall): Promise<number> {
  const res = await call('group listing', '/api/v1/metrics');
  const body = (await res.json()) as { data?: Array<{ labels?: Labels }> };
  const want = Object.fromEntries(key);
  let deleted = 0;
  for (const g of body.data ?? []) {
    const labels = g.labels ?? {};
    const names = Object.keys(labels).sort().join(',');
    if (names !== Object.keys(want).sort().join(',')) continue;
    if (key.some(([k, v]) => k !== L.RunId && labels[k] !== v) || labels[L.RunId] === want[L.RunId]) continue;
    const path = groupingPath(key.map(([k]) => [k, labels[k]]));
    await call("delete of an earlier run's group", `/metrics/${path}`, { method: 'DELETE' });
    deleted++;
  }
  return deleted;
}
