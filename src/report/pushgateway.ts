// Prometheus Pushgateway: exposition text (pure) + PUT of one group per run.
//
// Grouping key: /metrics/job/<job>/environment/<env>/target/<host>/run_id/<run id> ("local"
// outside Actions). Values containing "/" (or empty) use the Pushgateway's `<label>@base64/`
// form (URL-safe base64). Label sets are bounded: SLO names (from the config) and at most
// MAX_METRIC_ENDPOINTS endpoint names; never paths or URLs.
//
// deleteAfter ("pushgateway-delete") semantics: after the PUT succeeds, delete the groups of
// EARLIER runs with the same job/environment/target, so the gateway keeps only the latest run per
// target instead of one group per run forever. The run's own group is never deleted.
import type { RunReport } from './types.js';
import { Metrics } from '../constants.js';
import {
  LOCAL_RUN_ID,
  MAX_METRIC_ENDPOINTS,
  PUSHGATEWAY_TIMEOUT_MS,
  PushgatewayLabels as L,
} from './names.js';
import { topEndpoints } from './format.js';

type Labels = Record<string, string>;
interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: Array<{ labels: Labels; value: number | null }>;
}

export function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function fmt(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return String(v);
}

/** Unique SLO label values: a repeated name gets " #2", " #3"… so no series is duplicated. */
function sloLabels(report: RunReport): string[] {
  const seen = new Map<string, number>();
  return report.slos.map((s) => {
    const n = (seen.get(s.name) ?? 0) + 1;
    seen.set(s.name, n);
    return n === 1 ? s.name : `${s.name} #${n}`;
  });
}

export function renderExposition(report: RunReport, _job: string): string {
  const eps = topEndpoints(report, MAX_METRIC_ENDPOINTS).shown;
  const per = (f: (e: (typeof eps)[number]) => number | null) =>
    eps.map((e) => ({ labels: { [L.Endpoint]: e.name }, value: f(e) }));
  const slos = sloLabels(report);
  const bySlo = (f: (i: number) => number | null) =>
    report.slos.map((_, i) => ({ labels: { [L.Slo]: slos[i] }, value: f(i) }));
  const families: Family[] = [
    {
      name: Metrics.LatencyP50,
      help: 'Latency p50 after warm-up, ms.',
      type: 'gauge',
      samples: [{ labels: {}, value: report.latencyMs.p50 }, ...per((e) => e.latencyMs.p50)],
    },
    {
      name: Metrics.LatencyP95,
      help: 'Latency p95 after warm-up, ms.',
      type: 'gauge',
      samples: [{ labels: {}, value: report.latencyMs.p95 }, ...per((e) => e.latencyMs.p95)],
    },
    {
      name: Metrics.LatencyP99,
      help: 'Latency p99 after warm-up, ms.',
      type: 'gauge',
      samples: [{ labels: {}, value: report.latencyMs.p99 }, ...per((e) => e.latencyMs.p99)],
    },
    {
      name: Metrics.Throughput,
      help: 'Achieved throughput after warm-up, requests per second.',
      type: 'gauge',
      samples: [{ labels: {}, value: report.totals.throughputRps }, ...per((e) => e.throughputRps)],
    },
    {
      name: Metrics.ErrorRate,
      help: 'Error rate after warm-up, percent.',
      type: 'gauge',
      samples: [{ labels: {}, value: report.totals.errorRatePercent }, ...per((e) => e.errorRatePercent)],
    },
    {
      name: Metrics.Requests,
      help: 'Requests after warm-up.',
      type: 'counter',
      samples: [{ labels: {}, value: report.totals.requests }, ...per((e) => e.requests)],
    },
    {
      name: Metrics.Errors,
      help: 'Errors after warm-up.',
      type: 'counter',
      samples: [{ labels: {}, value: report.totals.errors }, ...per((e) => e.errors)],
    },
    {
      name: Metrics.SloPassed,
      help: '1 when the run passed its gate, else 0.',
      type: 'gauge',
      samples: [{ labels: {}, value: report.passed ? 1 : 0 }],
    },
    {
      name: Metrics.SloLimit,
      help: 'SLO limit, in the SLO unit.',
      type: 'gauge',
      samples: bySlo((i) => report.slos[i].limit),
    },
    {
      name: Metrics.SloActual,
      help: 'SLO measured value, in the SLO unit (absent when not measured).',
      type: 'gauge',
      samples: bySlo((i) => report.slos[i].actual),
    },
    {
      name: Metrics.SloObjectivePassed,
      help: '1 met, 0 breached (absent when not judged).',
      type: 'gauge',
      samples: bySlo((i) => (report.slos[i].passed === null ? null : report.slos[i].passed ? 1 : 0)),
    },
  ];
  const out: string[] = [];
  for (const f of families) {
    const samples = f.samples.filter((s) => s.value !== null);
    if (!samples.length) continue;
    out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of samples) {
      const ls = Object.entries(s.labels).map(([k, v]) => `${k}="${labelValue(v)}"`);
      out.push(`${f.name}${ls.length ? `{${ls.join(',')}}` : ''} ${fmt(s.value as number)}`);
    }
  }
  return out.join('\n') + '\n';
}

export function groupingKey(report: RunReport, job: string): Array<[string, string]> {
  let host = report.target;
  try {
    host = new URL(report.target).host;
  } catch {
    /* not a URL: use it as given, base64-encoded below if needed */
  }
  return [
    [L.Job, job],
    [L.Environment, report.environment],
    [L.Target, host],
    [L.RunId, report.run.runId ?? LOCAL_RUN_ID],
  ];
}

export function groupingPath(key: Array<[string, string]>): string {
  return key
    .map(([k, v]) =>
      v === ''
        ? `${k}@base64/=`
        : v.includes('/')
          ? `${k}@base64/${Buffer.from(v).toString('base64url')}`
          : `${k}/${encodeURIComponent(v)}`,
    )
    .join('/');
}

export interface PushDeps {
  fetch?: typeof fetch;
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
type GatewayCall = (what: string, path: string, init?: RequestInit) => Promise<Response>;

function gatewayCaller(url: URL, doFetch: typeof fetch): GatewayCall {
  const { base, headers, secrets } = gatewayEndpoint(url);
  const redact = (m: string) => secrets.reduce((acc, s) => acc.split(s).join('***'), m);
  return async (what, path, init = {}) => {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        ...init,
        headers: { ...headers, ...(init.headers as Record<string, string> | undefined) },
        signal: AbortSignal.timeout(PUSHGATEWAY_TIMEOUT_MS),
      });
    } catch (e) {
      // undici's messages can carry the URL: report the cause's code, and redact regardless.
      const cause = (e as { cause?: { code?: string } }).cause;
      throw new Error(
        redact(
          `Pushgateway request for ${what} failed: ${cause?.code ?? (e as Error).name ?? 'network error'}`,
        ),
      );
    }
    if (!res.ok) {
      const body = (await res.text().catch(() => '')).slice(0, 300).trim();
      throw new Error(redact(`Pushgateway rejected ${what}: HTTP ${res.status}${body ? ` ${body}` : ''}`));
    }
    return res;
  };
}

/** PUT the run's group (replacing it); optionally delete earlier runs' groups. Returns the group URL path. */
export async function pushMetrics(
  report: RunReport,
  gateway: { url: URL; job: string; deleteAfter: boolean },
  deps: PushDeps = {},
): Promise<{ group: string; deleted: number }> {
  const call = gatewayCaller(gateway.url, deps.fetch ?? fetch);
  const key = groupingKey(report, gateway.job);
  const group = `/metrics/${groupingPath(key)}`;
  await call('the push', group, {
    method: 'PUT',
    headers: { 'content-type': 'text/plain; version=0.0.4' },
    body: renderExposition(report, gateway.job),
  });
  const deleted = gateway.deleteAfter ? await deleteEarlierRuns(key, call) : 0;
  return { group, deleted };
}

async function deleteEarlierRuns(key: Array<[string, string]>, call: GatewayCall): Promise<number> {
  const res = await call('the group listing', '/api/v1/metrics');
  const body = (await res.json()) as { data?: Array<{ labels?: Labels }> };
  const want = Object.fromEntries(key);
  let deleted = 0;
  for (const g of body.data ?? []) {
    const labels = g.labels ?? {};
    const names = Object.keys(labels).sort().join(',');
    if (names !== Object.keys(want).sort().join(',')) continue;
    if (key.some(([k, v]) => k !== L.RunId && labels[k] !== v) || labels[L.RunId] === want[L.RunId]) continue;
    const path = groupingPath(key.map(([k]) => [k, labels[k]]));
    await call("the delete of an earlier run's group", `/metrics/${path}`, { method: 'DELETE' });
    deleted++;
  }
  return deleted;
}
