// Prometheus exposition text of a run and its Pushgateway grouping key. Pure; the client that
// sends it is pushgateway.ts.
//
// Grouping key: /metrics/job/<job>/environment/<env>/target/<host>/run_id/<run id> ("local"
// outside Actions). Values containing "/" (or empty) use the Pushgateway's `<label>@base64/`
// form (URL-safe base64). Label sets are bounded: SLO names (from the config) and at most
// MAX_METRIC_ENDPOINTS endpoint names; never paths or URLs.
//
import type { RunReport } from './types.js';
import { Metrics } from '../constants.js';
import { LOCAL_RUN_ID, MAX_METRIC_ENDPOINTS, PushgatewayLabels as L } from './names.js';
import { topEndpoints } from './format.js';

export type Labels = Record<string, string>;
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
