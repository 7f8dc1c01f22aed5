// Job summary (GITHUB_STEP_SUMMARY): verdict, SLOs, endpoints, charts. Always < 1 MiB.
import { plainNumber } from '../format.js';
import { canarySection } from './canary-tables.js';
import type { RunReport } from './types.js';
import { MAX_ENDPOINT_ROWS, SUMMARY_BUDGET_BYTES } from './names.js';
import { downsample, type ChartPoint } from './format.js';
import {
  contextLine,
  endpointTable,
  errorTable,
  calibrationLine,
  generatorLine,
  linksLine,
  sloTable,
  totalsTable,
  verdictBanner,
} from './tables.js';
import { partsLine, partsTable } from './parts.js';

export interface SummaryLinks {
  /** URL of the uploaded report artifact, when known. */
  artifactUrl?: string | null;
  /** This run against earlier ones (trend.ts renderTrend), '' for none. */
  trend?: string;
}

/** The errors table under its heading, or nothing when there were no errors. */
export function errorSection(report: RunReport, heading: string): string[] {
  const table = errorTable(report);
  return table === '' ? [] : [`${heading} Errors`, table];
}

/** The job summary markdown for a finished run. Pure: same report → same string. */
export function renderSummary(report: RunReport, links: SummaryLinks = {}): string {
  const render = (endpointRows: number) =>
    [
      verdictBanner(report),
      contextLine(report),
      ...canarySection(report, '### Canary vs baseline'),
      '### Service level objectives',
      sloTable(report),
      '### Totals (after warm-up)',
      totalsTable(report),
      partsTable(report),
      partsLine(report),
      ...errorSection(report, '###'),
      '### Endpoints',
      endpointTable(report, endpointRows),
      links.trend ?? '',
      ...charts(report),
      generatorLine(report),
      calibrationLine(report),
      linksLine(report, links.artifactUrl ?? null),
    ]
      .filter((s) => s !== '')
      .join('\n\n') + '\n';
  let out = render(MAX_ENDPOINT_ROWS);
  // Row and cell caps keep this far below the budget; this is the last guard.
  if (Buffer.byteLength(out) > SUMMARY_BUDGET_BYTES) out = render(5);
  if (Buffer.byteLength(out) > SUMMARY_BUDGET_BYTES) {
    out = `${verdictBanner(report).slice(0, 2000)}\n\n_The full report is too large for the job summary: see results.json._\n`;
  }
  return out;
}

export function charts(report: RunReport): string[] {
  const points = downsample(report.timeline);
  if (points.length < 2) return [];
  // xychart-beta cannot leave a gap, and 0 ms would read as perfect latency: a point whose seconds
  // all lacked completed requests is left out (its x label and every series' value).
  const latency = points.filter((p) => p.p50Ms !== null && p.p95Ms !== null && p.p99Ms !== null);
  const empty = points.reduce((a, p) => a + p.emptySeconds, 0);
  const note =
    empty === 0
      ? []
      : [
          `_${empty} ${empty === 1 ? 'second' : 'seconds'} without completed requests ${empty === 1 ? 'is' : 'are'} not plotted._`,
        ];
  return [
    '### Latency over time',
    ...(latency.length
      ? [
          mermaid('Latency p50 / p95 / p99 (ms)', 'ms', latency, [
            (p) => p.p50Ms,
            (p) => p.p95Ms,
            (p) => p.p99Ms,
          ]),
        ]
      : []),
    ...note,
    '### Throughput over time',
    mermaid('Successful responses/s', 'responses/s', points, [(p) => p.successRps]),
  ];
}

/** Every value of `points` must be non-null for every line (the caller filters). */
function mermaid(
  title: string,
  unit: string,
  points: ChartPoint[],
  lines: Array<(p: ChartPoint) => number | null>,
): string {
  const xs = points.map((p) => String(p.second)).join(', ');
  const series = lines.map((f) => `    line [${points.map((p) => plainNumber(f(p))).join(', ')}]`);
  return [
    '```mermaid',
    'xychart-beta',
    `    title "${title}"`,
    `    x-axis "second" [${xs}]`,
    `    y-axis "${unit}"`,
    ...series,
    '```',
  ].join('\n');
}
