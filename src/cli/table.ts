// The CLI's stdout: the verdict, the SLO table and the endpoint table as aligned plain text.
import { DASH, formatCount, formatNumber, formatSeconds, formatValue } from '../format.js';
import { accountingNote } from '../metrics/accounting.js';
import { transportNotes } from '../report/transport-notes.js';
import { concurrencyLabel } from '../report/format.js';
import { PART_STATS, partsRows, partsSentence } from '../report/parts.js';
import { COMPARISON_HEADER, comparisonCells, scoreLine } from '../report/canary-tables.js';
import { describeCalibration } from '../report/calibration.js';
import type { RunReport } from '../report/types.js';
import { connectionsLine } from '../judge/connections.js';

/** "Connections: …" when the server closed, reset or refused connections; nothing otherwise. */
function connectionsLines(report: RunReport): string[] {
  const line = connectionsLine(report.connections);
  return line === null ? [] : [`Connections: ${line}`];
}

const MARK = { true: 'PASS', false: 'FAIL', null: 'N/A' } as const;

export function renderConsoleReport(report: RunReport): string {
  const slos = table(
    ['SLO', 'limit', 'actual', 'result', 'explanation'],
    report.slos.map((s) => [
      s.name,
      `${s.bound === 'max' ? '≤' : '≥'} ${formatValue(s.limit, s.unit)}`,
      formatValue(s.actual, s.unit),
      MARK[String(s.passed) as keyof typeof MARK],
      s.explanation,
    ]),
  );
  const endpoints = table(
    ['endpoint', 'requests', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s'],
    report.endpoints.map((e) => [
      e.name,
      formatCount(e.requests),
      `${formatCount(e.errors)} (${formatValue(e.errorRatePercent, '%')})`,
      ms(e.latencyMs.p50),
      ms(e.latencyMs.p95),
      ms(e.latencyMs.p99),
      formatNumber(e.throughputRps),
    ]),
  );
  const parts = table(
    ['', ...PART_STATS],
    partsRows(report).map((r) => [r.label, ...r.cells]),
  );
  const sentence = partsSentence(report);
  const errors =
    report.errors.length === 0
      ? []
      : [
          '',
          table(
            ['error', 'count', 'first message', 'most common message', 'endpoints'],
            report.errors.map((e) => [
              e.kind,
              formatCount(e.count),
              e.firstMessage,
              e.topMessage === e.firstMessage
                ? 'same'
                : `${e.topMessage} (${formatCount(e.topMessageCount)})`,
              e.endpoints.join(', '),
            ]),
          ),
        ];
  const t = report.totals;
  const canary = report.canary
    ? [
        '',
        `Canary vs baseline: ${scoreLine(report)}`,
        table(COMPARISON_HEADER, report.canary.comparisons.map(comparisonCells)),
        '',
      ]
    : [];
  return [
    `Verdict: ${report.verdict.toUpperCase()} — ${report.reason}`,
    ...canary,
    `Target: ${report.target} · environment ${report.environment} · ${report.load.pattern}, ${concurrencyLabel(report.load)}, ${formatSeconds(report.load.durationSeconds)}`,
    `Requests: ${formatCount(t.requests)} · ${formatValue(t.throughputRps, 'req/s')} · errors ${formatCount(t.errors)} (${formatValue(t.errorRatePercent, '%')}) · p50 ${ms(report.latencyMs.p50)} · p95 ${ms(report.latencyMs.p95)} · p99 ${ms(report.latencyMs.p99)} ms`,
    ...transportNotes(report).map((n) => `Transport: ${n}`),
    ...accountingLines(report),
    ...connectionsLines(report),
    '',
    parts,
    ...(sentence === null ? [] : [`Latency in parts: ${sentence}.`]),
    ...(report.calibration === null ? [] : [describeCalibration(report.calibration)]),
    '',
    slos,
    '',
    endpoints,
    ...errors,
  ].join('\n');
}

/** The request accounting, only when something is off (requests left in flight, counts that disagree). */
function accountingLines(report: RunReport): string[] {
  const note = report.requests === null ? null : accountingNote(report.requests);
  return note === null ? [] : [`Requests accounted: ${note}`];
}

function ms(value: number | null): string {
  return value === null ? DASH : formatNumber(value);
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
