// Calibration: the planned load (its peak rate, or its peak users in the closed model) sent to an
// in-process null server on loopback, so what the requests take is the generator's own latency
// floor on this runner — the least any measurement at that load can show, with nothing else to
// blame. `slo-loadtest calibrate` prints it; the action's `calibrate: true` runs it before the load
// and carries it in the report.
import type { LoadConfig } from '../config/types.js';
import { isOpenModel } from '../config/keys.js';
import { runLoad } from './run.js';
import type { LatencyStats, Snapshot } from '../metrics/types.js';
import { maxUsers } from '../plan/patterns.js';
import { WHOLE_RUN } from '../plan/run-shard.js';
import { startNullServer } from './null-server.js';

/** Measured seconds of a calibration (or the planned duration when shorter), after its warm-up. */
export const CALIBRATION_SECONDS = 10;
export const CALIBRATION_WARM_UP_SECONDS = 1;

export interface Calibration {
  /** 'rate' (the plan's peak arrivals/s) or 'sustained' (its peak users). */
  pattern: 'rate' | 'sustained';
  rate: number | null;
  concurrency: number;
  durationSeconds: number;
  workers: number;
  requests: number;
  /** The generator's floor: latency and service time against a server that takes no time, ms. */
  latencyMs: { p50: number | null; p99: number | null };
  serviceTimeMs: { p50: number | null; p99: number | null };
  schedulingLagP99Ms: number;
  eventLoopDelayP99Ms: number;
  /** Non-empty when the generator could not produce the load even against a null server. */
  saturatedReasons: string[];
}

/** The load a calibration sends for `planned`: its peak, steady, for at most CALIBRATION_SECONDS. */
export function calibrationLoad(planned: LoadConfig): LoadConfig {
  const open = isOpenModel(planned);
  return {
    ...planned,
    pattern: open ? 'rate' : 'sustained',
    concurrency: open ? planned.concurrency : maxUsers(planned),
    rate: open ? planned.rate : null,
    startRate: null,
    rampUpSeconds: 0,
    startConcurrency: 0,
    burst: null,
    durationSeconds: Math.min(CALIBRATION_SECONDS, planned.durationSeconds) + CALIBRATION_WARM_UP_SECONDS,
    warmUpSeconds: CALIBRATION_WARM_UP_SECONDS,
  };
}

export async function calibrate(
  planned: LoadConfig,
  options: { workers?: number; signal?: AbortSignal } = {},
): Promise<Calibration> {
  const load = calibrationLoad(planned);
  const server = await startNullServer();
  try {
    const snapshot = await runLoad(
      {
        target: server.url,
        endpoints: [
          {
            name: 'null server',
            method: 'GET',
            path: '/',
            displayPath: '/',
            headers: {},
            body: null,
            weight: 1,
            expectStatus: [204],
          },
        ],
        load,
        runShard: WHOLE_RUN,
      },
      { workers: options.workers, signal: options.signal },
    );
    return calibrationOf(load, snapshot);
  } finally {
    await server.close();
  }
}

function calibrationOf(load: LoadConfig, s: Snapshot): Calibration {
  const two = (l: LatencyStats) => ({ p50: ms(l, 50), p99: ms(l, 99) });
  const reasons = [...s.health.saturatedReasons];
  if (s.overall.counts.errors > 0) {
    reasons.push(
      `${s.overall.counts.errors} of ${s.overall.counts.requests} requests to the null server failed`,
    );
  }
  return {
    pattern: load.pattern === 'rate' ? 'rate' : 'sustained',
    rate: load.rate,
    concurrency: load.concurrency,
    durationSeconds: s.measuredSeconds,
    workers: s.health.workers,
    requests: s.overall.counts.requests,
    latencyMs: two(s.overall.latency),
    serviceTimeMs: two(s.overall.parts.serviceTime),
    schedulingLagP99Ms: s.health.schedulingLagP99Ms,
    eventLoopDelayP99Ms: s.health.eventLoopDelayP99Ms,
    saturatedReasons: reasons,
  };
}

function ms(l: LatencyStats, p: number): number | null {
  return l.count === 0 ? null : Math.round(l.percentileMs(p) * 1000) / 1000;
}
