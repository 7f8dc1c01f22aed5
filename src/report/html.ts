// report.html: self-contained (inline CSS, inline SVG, no scripts, no external assets).
import { DASH, formatCount, formatNumber, formatValue, requestBesideName } from '../format.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { transportNotes } from './transport-notes.js';
import { connectionsLine } from '../judge/connections.js';
import { describeCalibration } from './calibration.js';
import type { RunReport } from './types.js';
import { MAX_ENDPOINT_ROWS, MAX_ERROR_ROWS } from './names.js';
import { ReportFiles } from './names.js';
import { concurrencyLabel, downsample, html, margin, objective, sloMark, topEndpoints } from './format.js';
import { lineChart, percentileChart, stackedChart } from './svg.js';
import { partsRows, partsSentence, PART_STATS } from './parts.js';
import { NO_HISTORY, type History } from './history.js';
import { renderTrendHtml } from './trend.js';

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#1f2328}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left}
td.n{text-align:right}.pass{color:#1a7f37}.fail{color:#cf222e}.warn{color:#9a6700}.muted{color:#656d76}
figure{margin:1em 0}svg text{font-size:11px;fill:#444}`;

export function renderHtmlReport(report: RunReport, history: History = NO_HISTORY): string {
  const cls = report.verdict === 'pass' ? 'pass' : report.verdict === 'fail' ? 'fail' : 'warn';
  const pts = downsample(report.timeline);
  const xs = pts.map((p) => p.second);
  const charts = pts.length
    ? [
        lineChart('Latency percentiles over time', 'ms', xs, [
          { label: 'p50', color: '#1a7f37', values: pts.map((p) => p.p50Ms) },
          { label: 'p95', color: '#9a6700', values: pts.map((p) => p.p95Ms) },
          { label: 'p99', color: '#cf222e', values: pts.map((p) => p.p99Ms) },
        ]),
        stackedChart('Mean latency over time: queue wait on top of service time', 'ms', xs, [
          { label: 'service time', color: '#1f6feb', values: pts.map((p) => p.serviceMeanMs) },
          { label: 'queue wait', color: '#9a6700', values: pts.map((p) => p.queueMeanMs) },
        ]),
        lineChart('Successful responses/s over time', 'responses/s', xs, [
          { label: 'successful', color: '#1f6feb', values: pts.map((p) => p.successRps) },
        ]),
        lineChart('Errors over time', 'errors', xs, [
          { label: 'errors', color: '#cf222e', values: pts.map((p) => p.errors) },
        ]),
      ]
    : ['<p class="muted">No timeline recorded.</p>'];
  const t = report.totals;
  const l = report.latencyMs;
  const g = report.generator;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Load test — ${html(report.target)}</title><style>${CSS}</style></head><body>
<h1 class="${cls}">${html(report.verdict.toUpperCase())}: ${html(report.reason)}</h1>
<p><b>Target:</b> ${html(report.target)} · <b>Environment:</b> ${html(report.environment)}${report.stage === null ? '' : ` · <b>Stage:</b> ${html(report.stage)}`} · <b>Rollback:</b> ${report.rollback ? 'yes' : 'no'}</p>
<p class="muted">${html(report.startedAt)} → ${html(report.finishedAt)} · ${html(report.load.pattern)}, ${html(concurrencyLabel(report.load))}, ${formatNumber(report.load.durationSeconds)} s, warm-up ${formatNumber(report.load.warmUpSeconds)} s${report.run.runUrl ? ` · <a href="${html(report.run.runUrl)}">workflow run</a>` : ''}</p>
<h2>Service level objectives</h2>
${sloTable(report)}
<h2>Totals (after warm-up)</h2>
<table><tr><th>Requests</th><th>Errors</th><th>Error %</th><th>Throughput</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>max</th><th>mean</th></tr>
<tr><td class="n">${formatCount(t.requests)}</td><td class="n">${formatCount(t.errors)}</td><td class="n">${formatValue(t.errorRatePercent, '%')}</td><td class="n">${formatNumber(t.throughputRps)} req/s</td>${[l.p50, l.p90, l.p95, l.p99, l.max, l.mean].map((v) => `<td class="n">${formatValue(v, 'ms')}</td>`).join('')}</tr></table>
<h2>Latency in parts</h2>
${partsHtml(report)}
<h2>Charts</h2>
${charts.join('\n')}
${percentileChart(report.histogram)}
${trendHtml(report, history)}${errorTableHtml(report)}
<h2>Endpoints</h2>
${endpointTable(report)}
<h2>Generator health</h2>
<p>Sent ${formatCount(g.sentRequests)}${g.intendedRequests === null ? '' : ` of ${formatCount(g.intendedRequests)} intended`} · scheduling lag p99 ${formatNumber(g.schedulingLagP99Ms)} ms · event-loop delay p99 ${formatNumber(g.eventLoopDelayP99Ms)} ms · CPU ${formatValue(g.cpuPercent, '%', 1)}</p>
${g.saturatedReasons.length ? `<ul class="warn">${g.saturatedReasons.map((r) => `<li>${html(r)}</li>`).join('')}</ul>` : '<p class="pass">Generator kept up with the plan.</p>'}
${report.calibration === null ? '' : `<p>${html(describeCalibration(report.calibration))}</p>`}
${report.aborted ? `<p class="warn">Aborted at ${formatNumber(report.aborted.atSeconds)} s: ${html(report.aborted.reason)}</p>` : ''}${connectionsHtml(report)}${transportSection(report)}
</body></html>
`;
}

/** The trend section and its line break, or nothing without earlier runs. */
function trendHtml(report: RunReport, history: History): string {
  const section = renderTrendHtml(report, history);
  return section === '' ? '' : `${section}\n`;
}

/** Connection counts and connect time; the warning line only when the server closed, reset or refused some. */
function connectionsHtml(report: RunReport): string {
  const c = report.connections as RunReport['connections'] | undefined;
  if (c === undefined || c.opened + c.connectErrors === 0) return '';
  const line = connectionsLine(c);
  const cells: [string, number][] = [
    ['opened', c.opened],
    ['reconnects', c.reconnects],
    ['closed by the server (announced)', c.serverClosedAnnounced],
    ['closed by the server (idle, unannounced)', c.serverClosedIdle],
    ['stale keep-alive retries', c.staleRetries],
    ['refused streams sent again (HTTP/2)', c.refusedRetries],
    ['reset mid-request', c.reset],
    ['connect errors', c.connectErrors],
  ];
  const t = c.connectTimeMs;
  return `
<h2>Connections</h2>
<table><tr>${cells.map(([h]) => `<th>${html(h)}</th>`).join('')}<th>connect p50</th><th>connect p99</th></tr>
<tr>${cells.map(([, n]) => `<td class="n">${formatCount(n)}</td>`).join('')}<td class="n">${formatValue(t.p50, 'ms')}</td><td class="n">${formatValue(t.p99, 'ms')}</td></tr></table>
${line === null ? '' : `<p class="warn">${html(line)}</p>`}`;
}

function transportSection(report: RunReport): string {
  const notes = transportNotes(report);
  if (!notes.length) return '';
  return `\n<h2>Transport</h2>\n<ul class="warn">${notes.map((n) => `<li>${html(n)}</li>`).join('')}</ul>`;
}

function partsHtml(report: RunReport): string {
  const rows = partsRows(report).map(
    (r) => `<tr><td>${html(r.label)}</td>${r.cells.map((c) => `<td class="n">${c}</td>`).join('')}</tr>`,
  );
  const sentence = partsSentence(report);
  return `<table><tr><th></th>${PART_STATS.map((k) => `<th>${k}</th>`).join('')}</tr>\n${rows.join('\n')}</table>${sentence === null ? '' : `\n<p>${html(sentence)}.</p>`}`;
}

function sloTable(report: RunReport): string {
  if (!report.slos.length) return '<p class="muted">No SLOs were configured.</p>';
  const rows = report.slos.map((s) => {
    const c = s.passed === null ? 'warn' : s.passed ? 'pass' : 'fail';
    const m = margin(s);
    return `<tr><td>${html(s.name)}</td><td>${html(objective(s))}</td><td class="n">${formatValue(s.actual, s.unit)}</td><td class="n">${m === null ? DASH : formatValue(m, s.unit)}</td><td class="${c}">${sloMark(s)}</td><td>${html(s.explanation)}</td></tr>`;
  });
  return `<table><tr><th>SLO</th><th>Limit</th><th>Actual</th><th>Margin</th><th></th><th>Notes</th></tr>\n${rows.join('\n')}</table>`;
}

function errorTableHtml(report: RunReport): string {
  if (report.errors.length === 0) return '';
  const rows = report.errors.slice(0, MAX_ERROR_ROWS).map((e) => {
    const top =
      e.topMessage === e.firstMessage ? 'same' : `${html(e.topMessage)} (${formatCount(e.topMessageCount)})`;
    return `<tr><td>${html(e.kind)}</td><td class="n">${formatCount(e.count)}</td><td>${html(e.firstMessage)}</td><td>${top}</td><td>${html(e.endpoints.join(', '))}</td></tr>`;
  });
  const hidden = report.errors.length - MAX_ERROR_ROWS;
  if (hidden > 0)
    rows.push(`<tr><td colspan="5" class="muted">${hidden} more (all in results.json)</td></tr>`);
  return `<h2>Errors</h2>\n<table><tr><th>Error</th><th>Count</th><th>First message</th><th>Most common message</th><th>Endpoints</th></tr>\n${rows.join('\n')}</table>`;
}

function endpointTable(report: RunReport): string {
  const { shown, hidden } = topEndpoints(report, MAX_ENDPOINT_ROWS);
  const rows = shown.map(
    (e) =>
      `<tr><td>${html(e.name)}</td><td>${html(requestBesideName(e.name, e.method, e.path))}</td><td class="n">${formatCount(e.requests)}</td><td class="n">${formatCount(e.errors)}</td><td class="n">${formatValue(e.errorRatePercent, '%')}</td><td class="n">${formatNumber(e.latencyMs.p50)}</td><td class="n">${formatNumber(e.latencyMs.p95)}</td><td class="n">${formatNumber(e.latencyMs.p99)}</td><td class="n">${formatNumber(e.throughputRps)}</td></tr>`,
  );
  if (hidden)
    rows.push(`<tr><td colspan="9" class="muted">${hidden} more endpoints (all in results.json)</td></tr>`);
  return `<table><tr><th>Endpoint</th><th>Request</th><th>Requests</th><th>Errors</th><th>Error %</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>req/s</th></tr>\n${rows.join('\n')}</table>`;
}

export async function writeHtmlReport(
  report: RunReport,
  outputDir: string,
  history: History = NO_HISTORY,
): Promise<string> {
  const path = join(outputDir, ReportFiles.Html);
  await mkdir(outputDir, { recursive: true });
  await writeFile(path, renderHtmlReport(report, history));
  return path;
}
