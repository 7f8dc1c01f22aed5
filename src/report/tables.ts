// Markdown tables shared by the job summary, report.md and the PR comment. User data escaped.
import { formatCount, formatNumber, formatValue, requestBesideName } from '../format.js';
import { accountingNote } from '../metrics/accounting.js';
import { transportNotes } from './transport-notes.js';
import { connectionsLine } from '../judge/connections.js';
import { describeCalibration } from './calibration.js';
import type { RunReport } from './types.js';
import { PART_STATS, partsRows } from './parts.js';
import { MAX_ENDPOINT_ROWS, MAX_ERROR_ROWS, MAX_SLO_ROWS } from './names.js';
import {
  VERDICT_ICON,
  concurrencyLabel,
  mdCell,
  margin,
  objective,
  sloMark,
  topEndpoints,
  topSlos,
} from './format.js';

export function verdictBanner(report: RunReport): string {
  const icon = VERDICT_ICON[report.verdict];
  return `## ${icon} ${report.verdict.toUpperCase()}: ${mdCell(report.reason, 1000)}`;
}

export function contextLine(report: RunReport): string {
  const parts = [`**Target:** ${mdCell(report.target)}`, `**Environment:** ${mdCell(report.environment)}`];
  if (report.stage !== null) parts.push(`**Stage:** ${mdCell(report.stage)}`);
  parts.push(
    `**Load:** ${mdCell(report.load.pattern)}, ${concurrencyLabel(report.load)}, ${formatNumber(report.load.durationSeconds)} s`,
  );
  if (report.load.rate !== null) parts.push(`**Rate:** ${formatNumber(report.load.rate)} req/s`);
  if (report.shard.count > 1) parts.push(`**Runner shard:** ${report.shard.index}/${report.shard.count}`);
  if (report.merge !== null) {
    const m = report.merge;
    parts.push(
      `**Merged:** ${m.shards} runner shards, measured windows overlap ${formatNumber(m.overlapSeconds)} s (${formatNumber(100 * m.overlapRatio)} %)`,
    );
  }
  return parts.join(' · ');
}

export function sloTable(report: RunReport, maxRows = MAX_SLO_ROWS): string {
  if (report.slos.length === 0) return '_No SLOs were configured._';
  const { shown, hidden } = topSlos(report, maxRows);
  const rows = shown.map((s) => {
    const m = margin(s);
    return `| ${mdCell(s.name)} | ${objective(s)} | ${formatValue(s.actual, s.unit)} | ${m === null ? '–' : formatValue(m, s.unit)} | ${sloMark(s)} | ${mdCell(s.explanation)} |`;
  });
  if (hidden > 0) rows.push(`| _${hidden} more SLOs (all in results.json)_ | | | | | |`);
  return ['| SLO | Limit | Actual | Margin | | Notes |', '|---|---|---|---|:-:|---|', ...rows].join('\n');
}

export function endpointTable(report: RunReport, maxRows = MAX_ENDPOINT_ROWS): string {
  if (report.endpoints.length === 0) return '_No endpoint traffic was recorded._';
  const { shown, hidden } = topEndpoints(report, maxRows);
  const rows = shown.map(
    (e) =>
      `| ${mdCell(e.name)} | ${mdCell(requestBesideName(e.name, e.method, e.path))} | ${formatCount(e.requests)} | ${formatCount(e.errors)} | ${formatValue(e.errorRatePercent, '%')} | ${formatNumber(e.latencyMs.p50)} | ${formatNumber(e.latencyMs.p95)} | ${formatNumber(e.latencyMs.p99)} | ${formatNumber(e.throughputRps)} |`,
  );
  if (hidden > 0) rows.push(`| _${hidden} more endpoints (all in results.json)_ | | | | | | | | |`);
  return [
    '| Endpoint | Request | Requests | Errors | Error % | p50 ms | p95 ms | p99 ms | req/s |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|',
    ...rows,
  ].join('\n');
}

/** Why requests failed: one row per error kind or error status, largest first; '' without errors. */
export function errorTable(report: RunReport, maxRows = MAX_ERROR_ROWS): string {
  if (report.errors.length === 0) return '';
  const rows = report.errors.slice(0, maxRows).map((e) => {
    const top =
      e.topMessage === e.firstMessage
        ? 'same'
        : `${mdCell(e.topMessage, 300)} (${formatCount(e.topMessageCount)})`;
    return `| ${mdCell(e.kind, 60)} | ${formatCount(e.count)} | ${mdCell(e.firstMessage, 300)} | ${top} | ${mdCell(e.endpoints.join(', '), 300)} |`;
  });
  const hidden = report.errors.length - maxRows;
  if (hidden > 0) rows.push(`| _${hidden} more (all in results.json)_ | | | | |`);
  return [
    '| Error | Count | First message | Most common message | Endpoints |',
    '|---|--:|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Counts and throughput, with latency and service time side by side (a row each). */
export function totalsTable(report: RunReport): string {
  const t = report.totals;
  const counts = [
    formatCount(t.requests),
    formatCount(t.errors),
    formatValue(t.errorRatePercent, '%'),
    `${formatNumber(t.throughputRps)} req/s`,
  ];
  const [latency, service] = partsRows(report);
  return [
    `| Requests | Errors | Error % | Throughput | | ${PART_STATS.join(' | ')} |`,
    `|--:|--:|--:|--:|---|${PART_STATS.map(() => '--:').join('|')}|`,
    `| ${counts.join(' | ')} | ${latency.label} | ${latency.cells.join(' | ')} |`,
    `| | | | | ${service.label} | ${service.cells.join(' | ')} |`,
  ].join('\n');
}

export function generatorLine(report: RunReport): string {
  const g = report.generator;
  const ratio =
    g.achievedRatio === null ? '' : `, achieved ${formatValue(g.achievedRatio * 100, '%', 1)} of intended`;
  const base = `**Generator health:** sent ${formatCount(g.sentRequests)}${g.intendedRequests === null ? '' : ` of ${formatCount(g.intendedRequests)} intended`}${ratio}; scheduling lag p99 ${formatNumber(g.schedulingLagP99Ms)} ms; event-loop delay p99 ${formatNumber(g.eventLoopDelayP99Ms)} ms; CPU ${formatValue(g.cpuPercent, '%', 1)}`;
  const health = g.saturatedReasons.length
    ? ` — ⚠️ saturated: ${g.saturatedReasons.map((r) => mdCell(r, 300)).join('; ')}`
    : ' — ok';
  const aborted = report.aborted
    ? `\n\n**Aborted** at ${formatNumber(report.aborted.atSeconds)} s: ${mdCell(report.aborted.reason, 500)}`
    : '';
  const notes = transportNotes(report);
  const transport = notes.length ? `\n\n**Transport:** ${notes.map((n) => mdCell(n, 500)).join(' · ')}` : '';
  const note = report.requests === null ? null : accountingNote(report.requests);
  const accounting = note === null ? '' : `\n\n**Requests accounted:** ${mdCell(note, 500)}`;
  const conns = connectionsLine(report.connections);
  const connections = conns === null ? '' : `\n\n**Connections:** ${mdCell(conns, 1000)}`;
  return base + health + aborted + transport + accounting + connections;
}

/** The calibration before the load, when one ran ('' otherwise). */
export function calibrationLine(report: RunReport): string {
  return report.calibration === null ? '' : mdCell(describeCalibration(report.calibration), 1000);
}

export function linksLine(report: RunReport, artifactLink: string | null): string {
  const links: string[] = [];
  if (report.run.runUrl) links.push(`[Workflow run](${encodeURI(report.run.runUrl)})`);
  if (artifactLink) links.push(`[Report artifact](${encodeURI(artifactLink)})`);
  return links.join(' · ');
}
