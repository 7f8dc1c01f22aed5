// Seeded canary simulations: per-request latencies generated into the real Recorder (no network),
// two arms sharing each second's conditions (a slow second is slow for both), as in a same-window
// interleaved run. Baseline latency: lognormal, median 20 ms, σ 0.5 (p95 ≈ 45 ms, p99 ≈ 64 ms).
import { ErrorKind } from '../../src/metrics/types.js';
import { seededRandom } from '../../src/judge/bootstrap.js';
import { ConnectionTotals } from '../../src/metrics/connections.js';
import { Recorder } from '../../src/metrics/recorder.js';
import type { Snapshot } from '../../src/metrics/types.js';
import { endpoint } from '../engine/helpers.js';

export interface ArmShape {
  /** Maps the baseline's latency (ms) and its quantile u in (0,1) to this arm's latency (ms). */
  latency?: (ms: number, u: number) => number;
  /** Probability that a request fails with a 500. */
  errorRate?: number;
}

export interface Simulation {
  seed: number;
  ratePerArm: number;
  seconds: number;
  /** Canary arms, each judged against the same baseline arm (one seed, one baseline). */
  canaries: readonly ArmShape[];
  baseline?: ArmShape;
}

const MEDIAN_MS = 20;
const SIGMA = 0.5;
/** Each second's conditions: a common multiplicative factor, lognormal σ 0.1, for both arms. */
const SECOND_SIGMA = 0.1;

function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The standard normal CDF (Abramowitz–Stegun 7.1.26), for the quantile u of a draw. */
function phi(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z / Math.SQRT2));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** Returns one snapshot per canary shape and the baseline's, all loaded in the same seconds. */
export function simulate(sim: Simulation): { canaries: Snapshot[]; baseline: Snapshot } {
  const random = seededRandom(sim.seed * 7919 + 17);
  const ep = [endpoint({ name: 'all' })];
  const shapes = [sim.baseline ?? {}, ...sim.canaries];
  const recorders = shapes.map(() => new Recorder(ep, 0));
  const gapUs = 1_000_000 / sim.ratePerArm;
  for (let s = 0; s < sim.seconds; s++) {
    const secondFactor = Math.exp(SECOND_SIGMA * normal(random));
    for (let i = 0; i < sim.ratePerArm; i++) {
      const intendedStartUs = s * 1_000_000 + i * gapUs;
      shapes.forEach((shape, arm) => {
        const z = normal(random);
        const baseMs = MEDIAN_MS * Math.exp(SIGMA * z) * secondFactor;
        const ms = shape.latency ? shape.latency(baseMs, phi(z)) : baseMs;
        const failed = random() < (shape.errorRate ?? 0);
        recorders[arm].add({
          endpoint: 0,
          status: failed ? 500 : 200,
          errorKind: ErrorKind.None,
          intendedStartUs,
          latencyUs: ms * 1000,
          serviceUs: ms * 1000,
          ttfbUs: ms * 1000,
          bytes: 0,
        });
      });
    }
  }
  const snapshots = recorders.map((r) =>
    r.snapshot({
      startedAt: '2026-12-01T00:00:00.000Z',
      accounting: null,
      elapsedSeconds: sim.seconds,
      connections: new ConnectionTotals().snapshot(),
      measuredSeconds: sim.seconds,
      timelineSeconds: sim.seconds,
      aborted: null,
      health: {
        workers: 1,
        intendedRequests: sim.seconds * sim.ratePerArm,
        sentRequests: sim.seconds * sim.ratePerArm,
        achievedRatio: 1,
        schedulingLagP99Ms: 0,
        eventLoopDelayP99Ms: 0,
        cpuPercent: 0,
        saturatedReasons: [],
      },
    }),
  );
  return { baseline: snapshots[0], canaries: snapshots.slice(1) };
}
