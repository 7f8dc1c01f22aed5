// The verdict as the action's step outputs and the CLI's exit code (contracts: docs/CONTRACTS.md).
import { ExitCode, Outputs } from './constants.js';
import type { Verdict } from './judge/types.js';
import type { RunReport } from './report/types.js';

export type OutputValues = Record<(typeof Outputs)[keyof typeof Outputs], string>;

export function outputsFor(
  report: RunReport,
  /** Empty when their reporter failed (a warning says why). */
  paths: { resultsJson: string | null; reportMd: string | null },
): OutputValues {
  const ms = (value: number | null): string => (value === null ? '' : String(value));
  return {
    [Outputs.Passed]: String(report.passed),
    [Outputs.Verdict]: report.verdict,
    [Outputs.P50Ms]: ms(report.latencyMs.p50),
    [Outputs.P95Ms]: ms(report.latencyMs.p95),
    [Outputs.P99Ms]: ms(report.latencyMs.p99),
    [Outputs.ThroughputRps]: String(report.totals.throughputRps),
    [Outputs.ErrorRatePercent]: String(report.totals.errorRatePercent),
    [Outputs.Rollback]: String(report.rollback),
    [Outputs.ResultsJson]: paths.resultsJson ?? '',
    [Outputs.ReportPath]: paths.reportMd ?? '',
  };
}

/** Outputs when the run could not produce a report: invalid input (nothing sent) or a crash. */
export function failureOutputs(rollback: boolean): OutputValues {
  return {
    [Outputs.Passed]: 'false',
    [Outputs.Verdict]: 'error',
    [Outputs.P50Ms]: '',
    [Outputs.P95Ms]: '',
    [Outputs.P99Ms]: '',
    [Outputs.ThroughputRps]: '',
    [Outputs.ErrorRatePercent]: '',
    [Outputs.Rollback]: String(rollback),
    [Outputs.ResultsJson]: '',
    [Outputs.ReportPath]: '',
  };
}

export function exitCodeFor(verdict: Verdict): number {
  switch (verdict) {
    case 'pass':
      return ExitCode.Pass;
    case 'fail':
    case 'marginal':
      return ExitCode.Breach;
    case 'inconclusive':
    case 'error':
      return ExitCode.Inconclusive;
  }
}

/**
 * The exit code (and whether the action's step fails) for a finished report. A runner shard's own
 * verdict is information only — a quarter of the load misses a throughput minimum, and too few
 * samples leave percentiles unjudged — so it exits 0; the merge judges the union.
 */
export function exitCodeForReport(report: Pick<RunReport, 'verdict' | 'shard'>): number {
  return report.shard.count > 1 ? ExitCode.Pass : exitCodeFor(report.verdict);
}

/** The log line that says so, for a runner shard; null otherwise. */
export function runShardNote(report: Pick<RunReport, 'verdict' | 'shard'>): string | null {
  if (report.shard.count === 1) return null;
  return `runner shard ${report.shard.index}/${report.shard.count}: verdict ${report.verdict} for this shard's part alone (information only); the merge judges the union of all ${report.shard.count} shards`;
}
