// This run against earlier ones: the deltas against the latest (the baseline) and a chart of p95/p99,
// throughput and error rate over the last runs. Pure render; reading the history is readHistory().
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Defaults } from '../constants.js';
import { deltaTable, readBaseline } from './pr-comment.js';
import type { RunReport } from './types.js';

/** At most this many earlier runs are charted. */
export const MAX_TREND_RUNS = 10;

/**
 * The job summary's trend section. `history`: earlier runs, any order (sorted here by start time);
 * the newest is the baseline of the delta table. Empty history → ''.
 */
export function renderTrend(report: RunReport, history: readonly RunReport[]): string {
  if (history.length === 0) return '';
  const runs = [...history]
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt))
    .slice(-MAX_TREND_RUNS);
  const baseline = runs[runs.length - 1]!;
  const points = [...runs, report];
  const labels = points.map((r, i) => (i === points.length - 1 ? '"this run"' : `"${label(r)}"`)).join(', ');
  const num = (v: number | null): string => (v === null ? '0' : String(Math.round(v * 100) / 100));
  const chart = (title: string, unit: string, lines: Array<(r: RunReport) => number | null>): string =>
    [
      '```mermaid',
      'xychart-beta',
      `    title "${title}"`,
      `    x-axis [${labels}]`,
      `    y-axis "${unit}"`,
      ...lines.map((f) => `    line [${points.map((r) => num(f(r))).join(', ')}]`),
      '```',
    ].join('\n');
  return [
    `### Compared with the previous run (${label(baseline)})`,
    deltaTable(report, baseline),
    `### Trend over the last ${points.length} runs`,
    chart('Latency p95 / p99 (ms)', 'ms', [(r) => r.latencyMs.p95, (r) => r.latencyMs.p99]),
    chart('Throughput (successful responses/s)', 'req/s', [(r) => r.totals.throughputRps]),
    chart('Error rate (%)', '%', [(r) => r.totals.errorRatePercent]),
  ].join('\n\n');
}

/** A run's label on the chart: its run id, else its start time (UTC, minutes). */
function label(r: RunReport): string {
  return r.run.runId !== null ? `run ${r.run.runId}` : r.startedAt.slice(0, 16).replace('T', ' ');
}

/**
 * Earlier runs from a results.json file or a folder of them (searched recursively, e.g. one
 * downloaded artifact per run). Throws when the path is missing or a file is not schema 1.
 */
export async function readHistory(path: string): Promise<RunReport[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [await readBaseline(path)];
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  const files = entries
    .filter((e) => e.isFile() && e.name === Defaults.ResultsFile)
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return Promise.all(files.map((f) => readBaseline(f)));
}
