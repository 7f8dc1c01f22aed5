// This run against earlier ones: the deltas against the latest (the baseline) and charts of p95/p99,
// throughput and error rate over the last runs — Mermaid for the job summary and the PR comment,
// inline SVG for report.html. Pure renders; the earlier runs come from history.ts / previous-runs.ts.
import { formatNumber, formatValue } from '../format.js';
import { html, mdCell } from './format.js';
import { lineChart } from './svg.js';
import type { History } from './history.js';
import type { RunReport } from './types.js';

/** A note (a skipped run, no baseline) is cut after this many characters. */
const MAX_NOTE_CHARS = 500;

/** One figure of a run, charted over the runs. */
interface TrendLine {
  label: string;
  color: string;
  value: (r: RunReport) => number | null;
}

/** The three charts: title, unit, lines. */
const CHARTS: ReadonlyArray<{ title: string; unit: string; lines: TrendLine[] }> = [
  {
    title: 'Latency p95 / p99',
    unit: 'ms',
    lines: [
      { label: 'p95', color: '#9a6700', value: (r) => r.latencyMs.p95 },
      { label: 'p99', color: '#cf222e', value: (r) => r.latencyMs.p99 },
    ],
  },
  {
    title: 'Throughput',
    unit: 'successful responses/s',
    lines: [{ label: 'throughput', color: '#1f6feb', value: (r) => r.totals.throughputRps }],
  },
  {
    title: 'Error rate',
    unit: '%',
    lines: [{ label: 'error rate', color: '#cf222e', value: (r) => r.totals.errorRatePercent }],
  },
];

/**
 * The job summary's and the PR comment's trend section. `history.runs`: earlier runs, oldest first;
 * the newest is the baseline of the delta table. No runs and no notes → ''.
 */
export function renderTrend(report: RunReport, history: History): string {
  const notes = history.notes.map((n) => `_${mdCell(n, MAX_NOTE_CHARS)}_`).join('\n');
  const runs = history.runs;
  if (runs.length === 0) return notes === '' ? '' : ['### Compared with earlier runs', notes].join('\n\n');
  const baseline = runs[runs.length - 1]!;
  const points = [...runs, report];
  const labels = points.map((r, i) => `"${i === points.length - 1 ? 'this run' : label(r)}"`).join(', ');
  const num = (v: number | null): string => (v === null ? '0' : String(Math.round(v * 100) / 100));
  const chart = (c: (typeof CHARTS)[number]): string =>
    [
      '```mermaid',
      'xychart-beta',
      `    title "${c.title} (${c.unit})"`,
      `    x-axis [${labels}]`,
      `    y-axis "${c.unit}"`,
      ...c.lines.map((l) => `    line [${points.map((r) => num(l.value(r))).join(', ')}]`),
      '```',
    ].join('\n');
  const link = baseline.run.runUrl ? `[${label(baseline)}](${baseline.run.runUrl})` : label(baseline);
  return [
    `### Compared with the previous run (${link})`,
    deltaTable(report, baseline),
    `### Trend over the last ${points.length} runs`,
    ...CHARTS.map(chart),
    notes,
  ]
    .filter((p) => p !== '')
    .join('\n\n');
}

/** report.html's trend: the delta table's figures and one SVG chart per figure, x = runs. */
export function renderTrendHtml(report: RunReport, history: History): string {
  const notes = history.notes.map((n) => `<li>${html(n)}</li>`).join('');
  const noteList = notes === '' ? '' : `<ul class="muted">${notes}</ul>`;
  const runs = history.runs;
  if (runs.length === 0) return noteList === '' ? '' : `<h2>Compared with earlier runs</h2>\n${noteList}`;
  const points = [...runs, report];
  const xs = points.map((_, i) => i + 1);
  const names = points.map((r, i) => (i === points.length - 1 ? 'this run' : label(r)));
  const charts = CHARTS.map((c) =>
    lineChart(
      c.title,
      c.unit,
      xs,
      c.lines.map((l) => ({ label: l.label, color: l.color, values: points.map(l.value) })),
      `run (1 = ${names[0]}, ${points.length} = this run)`,
    ),
  );
  const rows = deltaRows(report, runs[runs.length - 1]!).map(
    ([n, b, c, d]) =>
      `<tr><td>${n}</td><td class="n">${b}</td><td class="n">${c}</td><td class="n">${html(d)}</td></tr>`,
  );
  return [
    `<h2>Compared with the previous run (${html(label(runs[runs.length - 1]!))})</h2>`,
    `<table><tr><th>Metric</th><th>Baseline</th><th>This run</th><th>Change</th></tr>\n${rows.join('\n')}</table>`,
    `<h2>Trend over the last ${points.length} runs</h2>`,
    `<p class="muted">Runs: ${names.map((n, i) => `${i + 1} = ${html(n)}`).join(' · ')}</p>`,
    ...charts,
    noteList,
  ]
    .filter((p) => p !== '')
    .join('\n');
}

/** A run's label on the chart: its run id, else its start time (UTC, minutes). */
function label(r: RunReport): string {
  return r.run.runId !== null ? `run ${r.run.runId}` : r.startedAt.slice(0, 16).replace('T', ' ');
}

/** ▲ (went up) / ▼ (went down) with the signed change and, when the baseline is non-zero, the percentage. */
function delta(cur: number | null, base: number | null, unit: string): string {
  if (cur === null || base === null) return '–';
  const d = cur - base;
  const pct = base !== 0 ? ` (${d >= 0 ? '+' : ''}${formatValue((d / base) * 100, '%', 1)})` : '';
  const arrow = d > 0 ? '▲' : d < 0 ? '▼' : '=';
  return `${arrow} ${d >= 0 ? '+' : ''}${formatNumber(d)}${unit}${pct}`;
}

/** The figures compared with the baseline run: name, baseline, this run, change (display text). */
export function deltaRows(report: RunReport, baseline: RunReport): Array<[string, string, string, string]> {
  const rows: Array<[string, number | null, number | null, string]> = [
    ['p50', report.latencyMs.p50, baseline.latencyMs.p50, ' ms'],
    ['p95', report.latencyMs.p95, baseline.latencyMs.p95, ' ms'],
    ['p99', report.latencyMs.p99, baseline.latencyMs.p99, ' ms'],
    // a baseline written before service time was recorded has none: its change is –
    ['service time p95', report.serviceTimeMs.p95, baseline.serviceTimeMs?.p95 ?? null, ' ms'],
    ['service time p99', report.serviceTimeMs.p99, baseline.serviceTimeMs?.p99 ?? null, ' ms'],
    ['error rate', report.totals.errorRatePercent, baseline.totals.errorRatePercent, ' pp'],
    ['throughput', report.totals.throughputRps, baseline.totals.throughputRps, ' req/s'],
  ];
  return rows.map(([n, c, b, u]) => [n, formatNumber(b), formatNumber(c), delta(c, b, u)]);
}

export function deltaTable(report: RunReport, baseline: RunReport): string {
  return [
    '| Metric | Baseline | This run | Change |',
    '|---|--:|--:|--:|',
    ...deltaRows(report, baseline).map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
}
