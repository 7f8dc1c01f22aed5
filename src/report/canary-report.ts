// The canary section of a RunReport: the comparison rows with their reasons, the score, the
// policy that decided, and every arm's figures (canary first). Pure.
import type { CanaryConfig } from '../config/types.js';
import type { CanaryJudgement, MetricComparison } from '../judge/canary-types.js';
import type { Decision } from '../judge/decision.js';
import type { ArmFigures, CanaryReport, RunReport } from './types.js';

export function armFigures(role: ArmFigures['role'], report: RunReport): ArmFigures {
  return {
    role,
    target: report.target,
    totals: { ...report.totals },
    latencyMs: { ...report.latencyMs },
    statusCodes: { ...report.statusCodes },
    errorKinds: { ...report.errorKinds },
    generator: { ...report.generator, saturatedReasons: [...report.generator.saturatedReasons] },
    aborted: report.aborted,
    histogram: report.histogram,
  };
}

const round = (value: number | null, digits = 3): number | null =>
  value === null || !Number.isFinite(value) ? null : Math.round(value * 10 ** digits) / 10 ** digits;

function comparisonRow(m: MetricComparison): MetricComparison {
  return {
    ...m,
    canary: round(m.canary),
    baseline: round(m.baseline),
    difference: round(m.difference),
    allowed: round(m.allowed),
    interval: m.interval ? { low: round(m.interval.low)!, high: round(m.interval.high)! } : null,
    samples: { ...m.samples },
  };
}

/** The canary arm's report with the comparison's verdict, decision and section. */
export function withCanary(
  canary: RunReport,
  baseline: RunReport,
  judgement: CanaryJudgement,
  decision: Decision,
  config: CanaryConfig,
  aa: boolean,
): RunReport {
  const section: CanaryReport = {
    aa,
    score: judgement.score,
    scorePass: config.scorePass,
    scoreMarginal: config.scoreMarginal,
    confidencePercent: config.confidencePercent,
    resamples: config.resamples,
    seed: config.seed,
    onMarginal: config.onMarginal,
    onInconclusive: config.onInconclusive,
    autoRollback: config.autoRollback ?? true,
    failedMetrics: [...judgement.failedMetrics],
    comparisons: judgement.metrics.map(comparisonRow),
    arms: [armFigures('canary', canary), armFigures('baseline', baseline)],
  };
  return {
    ...canary,
    verdict: judgement.verdict,
    passed: judgement.verdict === 'pass',
    reason: judgement.reason,
    rollback: decision.rollback,
    promote: decision.promote,
    canary: section,
  };
}
