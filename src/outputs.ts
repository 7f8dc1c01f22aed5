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
    ...canaryOutputs(report),
  };
}

type CanaryOutputNames =
  | typeof Outputs.Promote
  | typeof Outputs.Score
  | typeof Outputs.FailedMetrics
  | typeof Outputs.Reason
  | typeof Outputs.CanaryP95Ms
  | typeof Outputs.BaselineP95Ms
  | typeof Outputs.CanaryErrorRatePercent
  | typeof Outputs.BaselineErrorRatePercent
  | typeof Outputs.Stage
  | typeof Outputs.TrafficWeight;

/** The promotion outputs: canary figures only in canary mode (empty otherwise). */
function canaryOutputs(report: RunReport): Record<CanaryOutputNames, string> {
  const text = (value: number | null | undefined): string =>
    value === null || value === undefined ? '' : String(value);
  const arm = (role: string) => report.canary?.arms.find((a) => a.role === role);
  const failed = report.canary
    ? report.canary.failedMetrics
    : report.slos.filter((s) => s.passed === false).map((s) => s.name);
  return {
    [Outputs.Promote]: String(report.promote ?? report.verdict === 'pass'),
    [Outputs.Score]: text(report.canary?.score),
    [Outputs.FailedMetrics]: failed.join(','),
    [Outputs.Reason]: report.reason,
    [Outputs.CanaryP95Ms]: text(arm('canary')?.latencyMs.p95),
    [Outputs.BaselineP95Ms]: text(arm('baseline')?.latencyMs.p95),
    [Outputs.CanaryErrorRatePercent]: text(arm('canary')?.totals.errorRatePercent),
    [Outputs.BaselineErrorRatePercent]: text(arm('baseline')?.totals.errorRatePercent),
    [Outputs.Stage]: report.stage ?? '',
    [Outputs.TrafficWeight]: text(report.trafficWeight),
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
    [Outputs.Promote]: 'false',
    [Outputs.Score]: '',
    [Outputs.FailedMetrics]: '',
    [Outputs.Reason]: '',
    [Outputs.CanaryP95Ms]: '',
    [Outputs.BaselineP95Ms]: '',
    [Outputs.CanaryErrorRatePercent]: '',
    [Outputs.BaselineErrorRatePercent]: '',
    [Outputs.Stage]: '',
    [Outputs.TrafficWeight]: '',
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
export function exitCodeForReport(
  report: Pick<RunReport, 'verdict' | 'shard' | 'canary' | 'promote'>,
): number {
  if (report.shard.count > 1) return ExitCode.Pass;
  // canary mode: a marginal or inconclusive verdict whose policy is promote succeeds
  if (report.canary && report.promote) return ExitCode.Pass;
  return exitCodeFor(report.verdict);
}

/** The log line that says so, for a runner shard; null otherwise. */
export function runShardNote(report: Pick<RunReport, 'verdict' | 'shard'>): string | null {
  if (report.shard.count === 1) return null;
  return `runner shard ${report.shard.index}/${report.shard.count}: verdict ${report.verdict} for this shard's part alone (information only); the merge judges the union of all ${report.shard.count} shards`;
}
