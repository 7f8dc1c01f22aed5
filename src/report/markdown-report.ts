// report.md (the artifact's readable report) and the deployment-report log entry.
import { DASH, formatCount, formatNumber, formatValue } from '../format.js';
import { mkdir, readFile, writeFile, appendFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { canarySection } from './canary-tables.js';
import type { RunReport } from './types.js';
import { Defaults } from '../constants.js';
import { DEPLOYMENT_REPORT_HEADER } from './names.js';
import { mdCell } from './format.js';
import {
  contextLine,
  endpointTable,
  calibrationLine,
  generatorLine,
  linksLine,
  sloTable,
  totalsTable,
  verdictBanner,
} from './tables.js';
import { partsLine, partsTable } from './parts.js';
import { charts, errorSection } from './summary.js';

export function renderMarkdownReport(report: RunReport): string {
  const codes = Object.entries(report.statusCodes)
    .map(([code, n]) => `${mdCell(code, 20)}: ${formatCount(n)}`)
    .join(', ');
  const kinds = Object.entries(report.errorKinds)
    .map(([k, n]) => `${mdCell(k, 60)}: ${formatCount(n)}`)
    .join(', ');
  return (
    [
      `# Load test report — ${mdCell(report.target)}`,
      verdictBanner(report),
      contextLine(report),
      `**Started:** ${report.startedAt} · **Finished:** ${report.finishedAt} · **Warm-up:** ${formatNumber(report.load.warmUpSeconds)} s (${formatCount(report.totals.warmUpRequests)} requests, not judged) · **Workers:** ${formatCount(report.load.workers)}`,
      `**Config:** ${mdCell(report.config.path ?? DASH)} (${mdCell(report.config.digest, 80)}) · **Tool:** ${mdCell(report.tool.name, 60)} ${mdCell(report.tool.version, 30)}`,
      ...canarySection(report, '## Canary vs baseline'),
      '## Service level objectives',
      sloTable(report),
      '## Totals (after warm-up)',
      totalsTable(report),
      partsTable(report),
      partsLine(report),
      `**Status codes:** ${codes || DASH}  \n**Error kinds:** ${kinds || DASH}`,
      ...errorSection(report, '##'),
      '## Endpoints',
      endpointTable(report),
      ...charts(report),
      generatorLine(report),
      calibrationLine(report),
      linksLine(report, null),
    ]
      .filter((s) => s !== '')
      .join('\n\n') + '\n'
  );
}

export async function writeMarkdownReport(report: RunReport, outputDir: string): Promise<string> {
  const path = join(outputDir, Defaults.ReportFile);
  await mkdir(outputDir, { recursive: true });
  await writeFile(path, renderMarkdownReport(report));
  return path;
}

/** One entry of the deployment report log (the original system's format, one per run). */
export function renderDeploymentEntry(report: RunReport): string {
  const l = report.latencyMs;
  const t = report.totals;
  const commit = report.run.sha
    ? `${report.run.sha.slice(0, 12)}${report.run.ref ? ` (${mdCell(report.run.ref)})` : ''}`
    : DASH;
  const lines = [
    `## ${report.finishedAt} — ${mdCell(report.environment)} — ${report.verdict.toUpperCase()}`,
    '',
    `- **Date:** ${report.finishedAt}`,
    `- **Commit:** ${commit}`,
    `- **Environment:** ${mdCell(report.environment)}`,
    `- **Stage:** ${report.stage === null ? DASH : mdCell(report.stage)}`,
    `- **Target:** ${mdCell(report.target)}`,
    `- **Status:** ${report.verdict.toUpperCase()} — ${mdCell(report.reason, 1000)}`,
    `- **Metrics:** p50 ${formatValue(l.p50, 'ms')} · p95 ${formatValue(l.p95, 'ms')} · p99 ${formatValue(l.p99, 'ms')} · error rate ${formatValue(t.errorRatePercent, '%')} · throughput ${formatNumber(t.throughputRps)} req/s · ${formatCount(t.requests)} requests`,
    `- **SLOs:** ${report.slos.filter((s) => s.passed === true).length} met, ${report.slos.filter((s) => s.passed === false).length} breached, ${report.slos.filter((s) => s.passed === null).length} not judged`,
    `- **Auto-rollback triggered:** ${report.rollback ? 'yes' : 'no'}`,
  ];
  if (report.run.runUrl) lines.push(`- **Run:** ${encodeURI(report.run.runUrl)}`);
  return lines.join('\n') + '\n';
}

/** Append the entry to the log, creating it (with its header) when missing. Returns the path. */
export async function appendDeploymentReport(report: RunReport, path: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const existing = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (existing === null) await writeFile(path, DEPLOYMENT_REPORT_HEADER);
  const sep = existing !== null && !existing.endsWith('\n') ? '\n' : '';
  await appendFile(path, `${sep}\n${renderDeploymentEntry(report)}`);
  return path;
}
