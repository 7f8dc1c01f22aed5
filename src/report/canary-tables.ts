// The canary comparison as a Markdown table (job summary, report.md) and its plain-text rows (CLI).
import { formatNumber, formatValue } from '../format.js';
import type { MetricComparison } from '../judge/canary-types.js';
import { mdCell } from './format.js';
import type { RunReport } from './types.js';

const RESULT = { pass: 'PASS', fail: 'FAIL', nodata: 'N/A' } as const;
const ICON = { pass: '✅', fail: '❌', nodata: '⚪' } as const;

const unitOf = (m: MetricComparison): string => (m.unit === '%' ? '%' : 'ms');
const diffUnit = (m: MetricComparison): string => (m.unit === '%' ? 'pp' : 'ms');
const signed = (v: number | null, unit: string): string =>
  v === null ? '–' : `${v >= 0 ? '+' : '−'}${formatValue(Math.abs(v), unit)}`;

/** metric, canary, baseline, difference [CI], limit, critical, result, reason — one row per metric. */
export function comparisonCells(m: MetricComparison): string[] {
  const interval = m.interval
    ? ` [${signed(m.interval.low, diffUnit(m))} … ${signed(m.interval.high, diffUnit(m))}]`
    : '';
  return [
    m.name,
    formatValue(m.canary, unitOf(m)),
    formatValue(m.baseline, unitOf(m)),
    `${signed(m.difference, diffUnit(m))}${interval}`,
    m.limit,
    m.critical ? 'yes' : 'no',
    RESULT[m.classification],
    m.reason,
  ];
}

export const COMPARISON_HEADER = [
  'metric',
  'canary',
  'baseline',
  'difference [CI]',
  'limit',
  'critical',
  'result',
  'reason',
];

export function scoreLine(report: RunReport): string {
  const c = report.canary!;
  const score = c.score === null ? 'no score (nothing judged)' : `score ${formatNumber(c.score)}`;
  return `${score} (pass ≥ ${formatNumber(c.scorePass)}, marginal ≥ ${formatNumber(c.scoreMarginal)}) · ${formatNumber(c.confidencePercent)}% intervals · rollback: ${report.rollback ? 'yes' : 'no'} · promote: ${report.promote ? 'yes' : 'no'}${c.aa ? ' · A/A run' : ''}`;
}

export function canarySection(report: RunReport, heading: string): string[] {
  const c = report.canary;
  if (!c) return [];
  const [canaryArm, baselineArm] = c.arms;
  const rows = c.comparisons.map((m) => {
    const cells = comparisonCells(m).map((cell) => mdCell(cell, 400));
    cells[6] = `${ICON[m.classification]} ${cells[6]}`;
    return `| ${cells.join(' | ')} |`;
  });
  return [
    heading,
    `**Canary:** ${mdCell(canaryArm!.target)} · **Baseline:** ${mdCell(baselineArm!.target)} · ${mdCell(scoreLine(report))}`,
    [
      `| ${['Metric', 'Canary', 'Baseline', 'Difference [CI]', 'Limit', 'Critical', 'Result', 'Reason'].join(' | ')} |`,
      '|---|--:|--:|---|---|:-:|:-:|---|',
      ...rows,
    ].join('\n'),
  ];
}
