// Generator health: could the generator produce the load it was asked for? If not, say why — the
// judge turns a non-empty saturatedReasons into `inconclusive`, never a pass.
import { formatCount, formatValue } from '../format.js';
import type { GeneratorHealth } from '../metrics/types.js';

/** Open model: fewer than this share of the intended arrivals sent → saturated. */
export const MIN_ACHIEVED_RATIO = 0.99;
/** p99 of (actual − intended send) above this → the pacer could not keep its schedule. */
export const MAX_SCHEDULING_LAG_P99_MS = 25;
/** p99 event-loop delay above this → measured latencies include the generator's own stalls. */
export const MAX_EVENT_LOOP_DELAY_P99_MS = 100;

export interface HealthInputs {
  workers: number;
  /** Open model: arrivals intended in the measured window; null in the closed model. */
  intended: number | null;
  sent: number;
  queued: number;
  lagP99Ms: number;
  eventLoopP99Ms: number;
  cpuPercent: number;
  concurrency: number;
  measuredSeconds: number;
  /** Post-warm-up requests that failed in the generator itself (ErrorKind.Generator: EMFILE, EADDRNOTAVAIL, …). */
  generatorErrors: number;
}

export function buildHealth(h: HealthInputs): GeneratorHealth {
  const reasons: string[] = [];
  const ratio = h.intended === null ? null : h.intended > 0 ? h.sent / h.intended : 1;
  if (ratio !== null && h.intended !== null && ratio < MIN_ACHIEVED_RATIO && h.measuredSeconds > 0) {
    const secs = h.measuredSeconds;
    let reason =
      `achieved ${formatCount(h.sent / secs)} of ${formatCount(h.intended / secs)} intended req/s ` +
      `(${formatValue(100 * ratio, '%', 0)})`;
    if (h.queued > 0)
      reason += `; ${formatCount(h.queued)} arrivals waited for one of the ${formatCount(h.concurrency)} in-flight places`;
    reasons.push(reason);
  }
  if (h.lagP99Ms > MAX_SCHEDULING_LAG_P99_MS) {
    reasons.push(
      h.intended !== null
        ? `scheduling lag p99 ${formatValue(h.lagP99Ms, 'ms')} > ${MAX_SCHEDULING_LAG_P99_MS} ms: the generator fell behind its schedule`
        : `users waited p99 ${formatValue(h.lagP99Ms, 'ms')} > ${MAX_SCHEDULING_LAG_P99_MS} ms in the generator before their next request: it could not keep ${formatCount(h.concurrency)} users busy`,
    );
  }
  if (h.eventLoopP99Ms > MAX_EVENT_LOOP_DELAY_P99_MS) {
    reasons.push(
      `event-loop delay p99 ${formatValue(h.eventLoopP99Ms, 'ms')} > ${MAX_EVENT_LOOP_DELAY_P99_MS} ms: the generator is overloaded`,
    );
  }
  if (h.generatorErrors > 0) {
    reasons.push(
      `${formatCount(h.generatorErrors)} ${h.generatorErrors === 1 ? 'request' : 'requests'} failed in the generator itself ` +
        `(out of file descriptors or local ports): raise ulimit -n or lower ` +
        (h.intended === null ? 'the users' : 'concurrency (the in-flight cap)'),
    );
  }
  return {
    workers: h.workers,
    intendedRequests: h.intended,
    sentRequests: h.sent,
    achievedRatio: ratio,
    schedulingLagP99Ms: h.lagP99Ms,
    eventLoopDelayP99Ms: h.eventLoopP99Ms,
    cpuPercent: h.cpuPercent,
    saturatedReasons: reasons,
  };
}
