// The canary verdict: the canary's own SLOs (as the gate judges them), the health of both arms,
// then the comparisons — critical ones first, then the score. Fails closed: missing data or an
// unhealthy generator on either arm is `inconclusive`, never a pass.
import type { Config } from '../config/types.js';
import type { Snapshot } from '../metrics/types.js';
import type { CanaryJudgement, CanaryPolicy, MetricComparison } from './canary-types.js';
import { compareMetrics } from './compare.js';
import { serverChurn } from './connections.js';
import { evaluate } from './evaluate.js';
import { formatCount, formatNumber } from '../format.js';
import type { Verdict } from './types.js';

type SloConfig = Pick<Config, 'slos' | 'errorClass' | 'minSamplesFactor'>;

export function judgeCanary(
  canary: Snapshot,
  baseline: Snapshot,
  policy: CanaryPolicy,
  config: SloConfig,
): CanaryJudgement {
  const own = evaluate(canary, config);
  const metrics = compareMetrics(canary, baseline, policy);
  const judged = metrics.filter((m) => m.classification !== 'nodata');
  const passing = judged.filter((m) => m.classification === 'pass').length;
  const score = judged.length > 0 ? Math.round((10000 * passing) / judged.length) / 100 : null;
  const failedMetrics = [
    ...metrics.filter((m) => m.classification === 'fail').map((m) => m.name),
    ...own.slos.filter((s) => s.passed === false).map((s) => s.name),
  ];
  const { verdict, reason } = verdictOf(canary, baseline, policy, own, metrics, score);
  return { verdict, reason, score, metrics, slos: own.slos, failedMetrics };
}

const list = (metrics: readonly MetricComparison[]): string =>
  metrics.map((m) => `${m.name} ${m.reason}`).join('; ');

function verdictOf(
  canary: Snapshot,
  baseline: Snapshot,
  policy: CanaryPolicy,
  own: ReturnType<typeof evaluate>,
  metrics: readonly MetricComparison[],
  score: number | null,
): { verdict: Verdict; reason: string } {
  if (own.verdict === 'fail')
    return { verdict: 'fail', reason: `the canary failed its own SLOs: ${own.reason}` };
  const unhealthy = armProblems(canary, 'canary').concat(armProblems(baseline, 'baseline'));
  if (unhealthy.length > 0) return { verdict: 'inconclusive', reason: unhealthy.join('; ') };
  const critical = metrics.filter((m) => m.critical && m.classification === 'fail');
  if (critical.length > 0) {
    const what = critical.length === 1 ? 'critical metric' : `${critical.length} critical metrics`;
    return { verdict: 'fail', reason: `${what} failed: ${list(critical)}` };
  }
  const unjudgedSlos = own.slos.filter((s) => s.passed === null);
  const nodata = metrics.filter((m) => m.classification === 'nodata');
  if (nodata.length > 0 || unjudgedSlos.length > 0) {
    const parts = [
      ...nodata.map((m) => `${m.name} ${m.reason}`),
      ...unjudgedSlos.map((s) => `${s.name} ${s.explanation}`),
    ];
    return {
      verdict: 'inconclusive',
      reason: `${parts.length} checks could not be judged: ${parts.join('; ')}`,
    };
  }
  if (score === null)
    return { verdict: 'inconclusive', reason: 'no comparison is configured: nothing to judge' };
  const failed = metrics.filter((m) => m.classification === 'fail');
  const requests = `${formatCount(canary.overall.counts.requests)} canary and ${formatCount(baseline.overall.counts.requests)} baseline requests`;
  if (score < policy.scoreMarginal) {
    return {
      verdict: 'fail',
      reason: `score ${formatNumber(score)} < ${formatNumber(policy.scoreMarginal)} (marginal): ${list(failed)}`,
    };
  }
  if (score < policy.scorePass) {
    return {
      verdict: 'marginal',
      reason: `score ${formatNumber(score)} < ${formatNumber(policy.scorePass)} (pass) but ≥ ${formatNumber(policy.scoreMarginal)}: ${list(failed)}`,
    };
  }
  return {
    verdict: 'pass',
    reason: `score ${formatNumber(score)}: all ${metrics.length - failed.length} of ${metrics.length} comparisons within their limits over ${requests}`,
  };
}

/** Why an arm cannot be trusted: a saturated generator, an early stop, a baseline that answered nothing. */
function armProblems(snapshot: Snapshot, arm: 'canary' | 'baseline'): string[] {
  const problems: string[] = [];
  const saturated = snapshot.health.saturatedReasons;
  const churn = saturated.length > 0 ? serverChurn(snapshot) : null;
  if (churn !== null)
    problems.push(`on the ${arm} arm ${churn}; the generator then fell behind: ${saturated.join('; ')}`);
  else if (saturated.length > 0)
    problems.push(`the load generator was saturated on the ${arm} arm: ${saturated.join('; ')}`);
  if (snapshot.aborted) problems.push(`the ${arm} arm stopped early (${snapshot.aborted.reason})`);
  const counts = snapshot.overall.counts;
  if (arm === 'baseline' && counts.requests > 0 && counts.errors === counts.requests) {
    problems.push(
      `the baseline answered none of its ${formatCount(counts.requests)} requests as expected: there is nothing to compare against`,
    );
  }
  return problems;
}
