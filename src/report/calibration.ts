// One line about a calibration, for the log, the CLI and the reports.
import { formatCount, formatValue } from '../format.js';
import type { Calibration } from '../engine/calibrate.js';

export function describeCalibration(c: Calibration): string {
  const load =
    c.pattern === 'rate'
      ? `${formatValue(c.rate, 'arrivals/s')}, at most ${formatCount(c.concurrency)} in flight`
      : `${formatCount(c.concurrency)} users`;
  const where = `null server on loopback, ${load}, ${formatValue(c.durationSeconds, 's')}, ${formatCount(c.workers)} ${c.workers === 1 ? 'worker' : 'workers'}, ${formatCount(c.requests)} requests`;
  const floor =
    `the generator's own latency floor p50 ${formatValue(c.latencyMs.p50, 'ms')}, p99 ${formatValue(c.latencyMs.p99, 'ms')} ` +
    `(service time p50 ${formatValue(c.serviceTimeMs.p50, 'ms')}, p99 ${formatValue(c.serviceTimeMs.p99, 'ms')}); ` +
    `scheduling lag p99 ${formatValue(c.schedulingLagP99Ms, 'ms')}, event-loop delay p99 ${formatValue(c.eventLoopDelayP99Ms, 'ms')}`;
  const trouble = c.saturatedReasons.length
    ? ` — the generator could not keep up even with nothing to wait for: ${c.saturatedReasons.join('; ')}`
    : '';
  return `Calibration (${where}): ${floor}${trouble}`;
}
