// Latency in parts as the reports show it: latency beside service time, queue wait and time to
// first byte, and one sentence saying which part the latency is made of.
import { formatValue } from '../format.js';
import type { LatencyMs, RunReport } from './types.js';

type Figures = Pick<RunReport, 'latencyMs' | 'serviceTimeMs' | 'queueWaitMs' | 'ttfbMs'>;

const ROWS: ReadonlyArray<[string, (r: Figures) => LatencyMs]> = [
  ['latency', (r) => r.latencyMs],
  ['service time', (r) => r.serviceTimeMs],
  ['queue wait', (r) => r.queueWaitMs],
  ['time to first byte', (r) => r.ttfbMs],
];
export const PART_STATS = ['p50', 'p90', 'p95', 'p99', 'max', 'mean'] as const;

/** One row per measure: its label and its statistics as "12.5 ms" (– when not measured). */
export function partsRows(report: Figures): Array<{ label: string; cells: string[] }> {
  return ROWS.map(([label, of]) => ({
    label,
    cells: PART_STATS.map((k) => formatValue(of(report)[k], 'ms')),
  }));
}

/** The other parts (queue wait, time to first byte): latency and service time are in totalsTable. */
export function partsTable(report: Figures): string {
  return [
    `| | ${PART_STATS.join(' | ')} |`,
    `|---|${PART_STATS.map(() => '--:').join('|')}|`,
    ...partsRows(report)
      .slice(2)
      .map((r) => `| ${r.label} | ${r.cells.join(' | ')} |`),
  ].join('\n');
}

/**
 * Latency and service time count as the same when their p99s differ by no more than this many ms
 * or this share of the latency, whichever is larger.
 */
export const SAME_PART_MS = 1;
export const SAME_PART_SHARE = 0.1;

/**
 * "p99 81 ms, of which service 4 ms: the rest waited for the generator or the in-flight cap", or
 * that the latency is the server's own time; null without both figures.
 */
export function partsSentence(report: Figures): string | null {
  const latency = report.latencyMs.p99;
  const service = report.serviceTimeMs.p99;
  if (latency === null || service === null) return null;
  const head = `p99 ${formatValue(latency, 'ms')}, of which service ${formatValue(service, 'ms')}`;
  return latency - service > Math.max(SAME_PART_MS, SAME_PART_SHARE * latency)
    ? `${head}: the rest waited for the generator or the in-flight cap`
    : `${head}: the latency is the server's own time`;
}

/** The sentence as a Markdown paragraph ('' without figures). */
export function partsLine(report: Figures): string {
  const sentence = partsSentence(report);
  return sentence === null ? '' : `**Latency in parts:** ${sentence}.`;
}
