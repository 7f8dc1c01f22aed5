// The generator's own uncertainty. Its delays can only make a measured time longer, never shorter:
// a pass is always safe, but a breach whose excess over the limit is no larger than what the
// generator can have added may be the generator's. Such a breach keeps its verdict (the gate fails
// closed) and says so, with how to remove the doubt.
//
// What the generator can have added, taken at the p99 of its own delays over the measured window:
// - latency (from the intended send time): the late send (scheduling lag) plus the late read of the
//   response (event-loop delay);
// - service time and time to first byte (from the actual send): the late read only.
// The event-loop figure includes the monitor's 10 ms sampling interval, so the bound errs towards
// doubt, never towards confidence.
import type { SloSpec } from '../config/types.js';
import type { GeneratorHealth } from '../metrics/types.js';
import { formatValue } from '../format.js';

type Delays = Pick<GeneratorHealth, 'eventLoopDelayP99Ms' | 'schedulingLagP99Ms'>;

/** How many ms the generator can have added to what `slo` judges; null when the SLO is not a time. */
export function generatorDelayBoundMs(slo: SloSpec, health: Delays): number | null {
  if (slo.metric.kind !== 'latency') return null;
  return health.eventLoopDelayP99Ms + (fromIntendedSend(slo) ? health.schedulingLagP99Ms : 0);
}

/** Latency itself is timed from the intended send; its parts from the actual send. */
function fromIntendedSend(slo: SloSpec): boolean {
  return slo.metric.kind === 'latency' && (slo.metric.measure ?? 'latency') === 'latency';
}

/**
 * The sentence added to a breached time SLO's explanation when its excess is within the bound;
 * null otherwise (a pass, a minimum, an excess beyond the bound, or no measured delay).
 */
export function generatorDoubt(slo: SloSpec, actual: number, health: Delays): string | null {
  const bound = generatorDelayBoundMs(slo, health);
  const excess = actual - slo.limit;
  if (bound === null || bound <= 0 || slo.bound !== 'max' || excess <= 0 || excess > bound) return null;
  const parts = [`event-loop delay p99 ${formatValue(health.eventLoopDelayP99Ms, 'ms')}`];
  if (fromIntendedSend(slo)) parts.push(`scheduling lag p99 ${formatValue(health.schedulingLagP99Ms, 'ms')}`);
  return (
    `the excess (${formatValue(excess, 'ms')}) is within the generator's own delay ` +
    `(up to ${formatValue(bound, 'ms')}: ${parts.join(', ')}), so the generator may have caused it; ` +
    'to remove the doubt, rerun with more workers, on a larger runner, in shards or at a lower rate'
  );
}
