// The judge: a pure function from a snapshot and the SLOs to a verdict that explains itself.
// Fails closed: no data, too few samples or a saturated generator are never a pass.
import type { Config, SloSpec } from '../config/types.js';
import type { Snapshot } from '../metrics/types.js';
import { generatorDoubt } from './doubt.js';
import { formatCount, formatValue } from '../format.js';
import { actualValue, sampleCount, samplesNeeded, trafficFor, unitOf } from './select.js';
import type { Judgement, SloResult } from './types.js';
import { dominantError, errorEntries } from './errors.js';
import { serverChurn } from './connections.js';

type JudgeConfig = Pick<Config, 'slos' | 'errorClass' | 'minSamplesFactor'>;

export function evaluate(snapshot: Snapshot, config: JudgeConfig): Judgement {
  const slos = config.slos.map((slo) => judgeSlo(slo, snapshot, config));
  const { verdict, reason } = verdictOf(snapshot, slos);
  // when errors decide the verdict, the reason says which error, in the words it came with
  const errorsDecide =
    (verdict === 'fail' && snapshot.overall.counts.errors === snapshot.overall.counts.requests) ||
    config.slos.some((slo, i) => slo.metric.kind === 'error_rate' && slos[i].passed === false);
  const dominant = errorsDecide ? dominantError(errorEntries(snapshot, config.errorClass)) : null;
  return { verdict, reason: dominant === null ? reason : `${reason}; mostly ${dominant}`, slos };
}

export function judgeSlo(slo: SloSpec, snapshot: Snapshot, config: JudgeConfig): SloResult {
  const unit = unitOf(slo);
  const needed = samplesNeeded(slo, config);
  const base = {
    name: slo.name,
    endpoint: slo.endpoint,
    unit,
    bound: slo.bound,
    limit: slo.limit,
    samplesNeeded: needed,
  };
  const traffic = trafficFor(slo, snapshot);
  const samples = traffic ? sampleCount(slo, traffic) : 0;
  if (!traffic || samples === 0) {
    const what =
      slo.endpoint === null
        ? 'no requests after warm-up'
        : `endpoint ${slo.endpoint} had no requests after warm-up`;
    return { ...base, actual: null, passed: null, samples: 0, explanation: `not judged: ${what}` };
  }
  if (samples < needed) {
    return {
      ...base,
      actual: null,
      passed: null,
      samples,
      explanation: `not judged: needs at least ${formatCount(needed)} samples, had ${formatCount(samples)}`,
    };
  }
  const actual = actualValue(slo, traffic, config.errorClass);
  const passed = slo.bound === 'max' ? actual <= slo.limit : actual >= slo.limit;
  const relation = passed ? (slo.bound === 'max' ? '≤' : '≥') : slo.bound === 'max' ? '>' : '<';
  const verb = passed ? 'met' : 'breached';
  const doubt = passed ? null : generatorDoubt(slo, actual, snapshot.health);
  return {
    ...base,
    actual,
    passed,
    samples,
    explanation:
      `${verb}: ${formatValue(actual, unit)} ${relation} ${formatValue(slo.limit, unit)}` +
      (doubt === null ? '' : ` — ${doubt}`),
  };
}

/** "404: 12,000" or "connection_refused: 3" — what the requests got instead. */
function describeFailures(counts: Snapshot['overall']['counts']): string {
  const statuses = Object.keys(counts.statusCodes).length > 0 ? counts.statusCodes : counts.statusClasses;
  const parts = [
    ...Object.entries(statuses)
      .filter(([status, n]) => status !== 'none' && n > 0)
      .map(([status, n]) => `${status}: ${formatCount(n)}`),
    ...Object.entries(counts.errorKinds)
      .filter(([kind, n]) => kind !== 'none' && n > 0)
      .map(([kind, n]) => `${kind}: ${formatCount(n)}`),
  ];
  return parts.length > 0 ? parts.join(', ') : 'no responses';
}

function verdictOf(snapshot: Snapshot, slos: readonly SloResult[]): Pick<Judgement, 'verdict' | 'reason'> {
  const saturated = snapshot.health.saturatedReasons;
  // the server closing the users' connections comes before any blame of the generator
  const churn = saturated.length > 0 ? serverChurn(snapshot) : null;
  const breached = slos.filter((s) => s.passed === false);
  if (breached.length > 0) {
    const list = breached.map((s) => `${s.name} ${s.explanation.replace(/^breached: /, '')}`).join('; ');
    const note =
      churn !== null
        ? ` (${churn}; the generator then fell behind: ${saturated.join('; ')})`
        : saturated.length > 0
          ? ` (the generator was also saturated: ${saturated.join('; ')})`
          : '';
    return { verdict: 'fail', reason: `${breached.length} of ${slos.length} SLOs breached: ${list}${note}` };
  }
  const counts = snapshot.overall.counts;
  if (counts.requests === 0) {
    return { verdict: 'inconclusive', reason: 'no requests completed after warm-up: nothing to judge' };
  }
  if (counts.errors === counts.requests) {
    // Whatever the SLOs say (an error class that ignores 4xx, no latency SLO…), a service that
    // answered nothing as expected is not healthy.
    return {
      verdict: 'fail',
      reason: `none of the ${formatCount(counts.requests)} requests after warm-up got an expected response (${describeFailures(counts)})`,
    };
  }
  const unjudged = slos.filter((s) => s.passed === null);
  if (unjudged.length > 0) {
    const list = unjudged.map((s) => `${s.name} ${s.explanation}`).join('; ');
    return {
      verdict: 'inconclusive',
      reason: `${unjudged.length} of ${slos.length} SLOs could not be judged: ${list}`,
    };
  }
  if (churn !== null) {
    return {
      verdict: 'inconclusive',
      reason: `${churn}; the generator then fell behind on the reconnects: ${saturated.join('; ')}`,
    };
  }
  if (saturated.length > 0) {
    return { verdict: 'inconclusive', reason: `the load generator was saturated: ${saturated.join('; ')}` };
  }
  if (snapshot.aborted) {
    return {
      verdict: 'inconclusive',
      reason: `the run stopped early (${snapshot.aborted.reason}) with no SLO breached`,
    };
  }
  if (slos.length === 0)
    return { verdict: 'inconclusive', reason: 'no SLOs are configured: nothing to judge' };
  return {
    verdict: 'pass',
    reason: `all ${slos.length} SLOs met over ${formatCount(snapshot.overall.counts.requests)} requests`,
  };
}
