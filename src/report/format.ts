// Escaping and row helpers shared by the renders (numbers: src/format.ts). Pure, deterministic.
import { isOpenModel } from '../config/keys.js';
import { DASH, formatCount, formatValue } from '../format.js';
import type { RunReport, ReportEndpoint, ReportSlo } from './types.js';
import type { Verdict } from '../judge/types.js';
import type { TimelineBucket } from '../metrics/types.js';
import { MAX_CELL_CHARS, MAX_CHART_POINTS } from './names.js';

/** Cut a user string to `max` characters (by code point) with an ellipsis. */
export function clip(s: string, max = MAX_CELL_CHARS): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** Escape user data for a GitHub-flavoured Markdown table cell (or inline text). */
export function mdCell(s: string, max = MAX_CELL_CHARS): string {
  return clip(s, max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/`/g, '&#96;')
    .replace(/\\/g, '&#92;')
    .replace(/\[/g, '&#91;')
    .replace(/\]/g, '&#93;')
    .replace(/\*/g, '&#42;')
    .replace(/_/g, '&#95;')
    .replace(/\r\n|\r|\n/g, ' ');
}

export function html(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * XML 1.0 text/attribute escaping; characters XML cannot carry become U+FFFD, and line breaks and
 * tabs are character references so attribute values keep them.
 */
export function xml(s: string): string {
  // the control characters XML 1.0 forbids (tab, LF and CR are allowed), and the two non-characters
  return html(s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD'))
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

export const VERDICT_ICON: Record<Verdict, string> = {
  pass: '✅',
  fail: '❌',
  inconclusive: '⚠️',
  error: '⚠️',
  marginal: '⚠️',
};

export function sloMark(slo: ReportSlo): string {
  return slo.passed === null ? DASH : slo.passed ? '✓' : '✗';
}

/**
 * Margin to the limit, signed so that positive = headroom: limit − actual for a max bound,
 * actual − limit for a min bound. null when not measured.
 */
export function margin(slo: ReportSlo): number | null {
  if (slo.actual === null) return null;
  return slo.bound === 'max' ? slo.limit - slo.actual : slo.actual - slo.limit;
}

export function objective(slo: ReportSlo): string {
  return `${slo.bound === 'max' ? '≤' : '≥'} ${formatValue(slo.limit, slo.unit)}`;
}

/** Endpoints by requests (desc), ties by name: the ones a capped table shows first. */
export function topEndpoints(report: RunReport, max: number): { shown: ReportEndpoint[]; hidden: number } {
  const sorted = [...report.endpoints].sort((a, b) => b.requests - a.requests || cmp(a.name, b.name));
  return { shown: sorted.slice(0, max), hidden: Math.max(0, sorted.length - max) };
}

/** SLOs in report order, but when capped, breached and not-judged ones are kept first. */
export function topSlos(report: RunReport, max: number): { shown: ReportSlo[]; hidden: number } {
  if (report.slos.length <= max) return { shown: report.slos, hidden: 0 };
  const rank = (s: ReportSlo) => (s.passed === false ? 0 : s.passed === null ? 1 : 2);
  const idx = report.slos.map((s, i) => ({ s, i }));
  idx.sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i);
  return { shown: idx.slice(0, max).map((x) => x.s), hidden: report.slos.length - max };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface ChartPoint {
  second: number;
  /** Seconds of the timeline this point covers. */
  seconds: number;
  /** Successful responses (requests − errors) per second, as the throughput-rps output counts them. */
  successRps: number;
  errors: number;
  /** Seconds in this point without completed requests (no latency data). */
  emptySeconds: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Mean queue wait and service time of the group's slowest second (by their sum), ms. */
  queueMeanMs: number | null;
  serviceMeanMs: number | null;
}

/**
 * The per-second timeline folded into at most `max` points: each point covers consecutive seconds;
 * successRps = (requests − errors) / seconds covered, errors summed, percentiles = the worst (max)
 * second in the group, queue-wait / service-time means those of its slowest second, so a
 * downsampled chart never hides a spike; null when no second of the
 * group completed a request.
 */
export function downsample(timeline: readonly TimelineBucket[], max = MAX_CHART_POINTS): ChartPoint[] {
  if (timeline.length === 0) return [];
  const size = Math.ceil(timeline.length / max);
  const out: ChartPoint[] = [];
  for (let i = 0; i < timeline.length; i += size) {
    const group = timeline.slice(i, i + size);
    const worst = (k: 'p50Ms' | 'p95Ms' | 'p99Ms') => {
      const vals = group.map((g) => g[k]).filter((v): v is number => v !== null);
      return vals.length ? Math.max(...vals) : null;
    };
    out.push({
      second: group[0].second,
      seconds: group.length,
      successRps: group.reduce((a, g) => a + (g.requests - g.errors), 0) / group.length,
      errors: group.reduce((a, g) => a + g.errors, 0),
      emptySeconds: group.filter((g) => g.p50Ms === null).length,
      p50Ms: worst('p50Ms'),
      p95Ms: worst('p95Ms'),
      p99Ms: worst('p99Ms'),
      ...slowestStack(group),
    });
  }
  return out;
}

/** The queue-wait / service-time means of the second whose sum (its mean latency) is largest. */
function slowestStack(group: readonly TimelineBucket[]): Pick<ChartPoint, 'queueMeanMs' | 'serviceMeanMs'> {
  let best: TimelineBucket | null = null;
  for (const g of group) {
    if (g.queueMeanMs === null || g.serviceMeanMs === null) continue;
    if (best === null || g.queueMeanMs + g.serviceMeanMs > best.queueMeanMs! + best.serviceMeanMs!) best = g;
  }
  return { queueMeanMs: best?.queueMeanMs ?? null, serviceMeanMs: best?.serviceMeanMs ?? null };
}

/** Link to the uploaded artifact, derived from the run URL. */
export function artifactUrl(report: RunReport, artifactId: number | null): string | null {
  if (artifactId === null || !report.run.runUrl) return null;
  return `${report.run.runUrl}/artifacts/${artifactId}`;
}

/** "50 users" in the closed model, "at most 1,000 in flight" in the open (rate) model. */
export function concurrencyLabel(load: RunReport['load']): string {
  const n = formatCount(load.concurrency);
  return isOpenModel(load) ? `at most ${n} in flight` : `${n} users`;
}
