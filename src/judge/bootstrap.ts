// Paired bootstrap over time buckets. Both arms were loaded in the same seconds, so second s of
// the canary and second s of the baseline saw the same moment of the system (a GC pause, a noisy
// neighbour, a cache flush hits both). One resample draws n seconds with replacement and takes
// the SAME seconds from both arms; the percentile of each arm is computed from the union of the
// drawn seconds' full distributions. A percentile of the pooled distribution moves exactly when
// the tail moves, so a tail-only regression (p99 ×2, p50 unchanged) widens nothing but p99's
// difference — unlike a rank test on the whole distribution, which it barely shifts.
import type { SecondLatency } from '../metrics/types.js';

/** Seeded PRNG (mulberry32): uniform in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Latencies are regrouped into bins 0.5 % wide (a percentile is off by at most 0.25 %). */
const BIN_LOG_WIDTH = Math.log(1.005);
const binOf = (valueUs: number): number => (valueUs < 1 ? 0 : Math.floor(Math.log(valueUs) / BIN_LOG_WIDTH));
const binValueMs = (bin: number): number => Math.exp((bin + 0.5) * BIN_LOG_WIDTH) / 1000;

/** More seconds than this are grouped into consecutive blocks (a block bootstrap), bounding memory. */
export const MAX_BUCKETS = 120;

/** Per bucket, the cumulative count per bin (bucket-major), and the bucket's total. */
interface Cumulative {
  cdf: Float64Array;
  totals: Float64Array;
}

function cumulative(
  arm: readonly SecondLatency[],
  bucketOf: Map<number, number>,
  buckets: number,
  lowest: number,
  width: number,
): Cumulative {
  const cdf = new Float64Array(buckets * width);
  const totals = new Float64Array(buckets);
  for (const s of arm) {
    const bucket = bucketOf.get(s.second)!;
    s.valuesUs.forEach((v, i) => {
      cdf[bucket * width + binOf(v) - lowest] += s.counts[i];
      totals[bucket] += s.counts[i];
    });
  }
  for (let b = 0; b < buckets; b++) {
    for (let j = 1; j < width; j++) cdf[b * width + j] += cdf[b * width + j - 1];
  }
  return { cdf, totals };
}

export interface PairedResamples {
  /** Resamples that had data on both arms. */
  count: number;
  /** canary[i][r]: the arm's percentiles[i] in resample r, ms. */
  canary: Float64Array[];
  baseline: Float64Array[];
}

/**
 * Draws `resamples` paired resamples of the union of both arms' seconds and returns each arm's
 * percentiles (in (0, 100]) per resample. A resample's distribution is Σ multiplicity × bucket,
 * so a percentile is a binary search over bins of that weighted sum of per-bucket CDFs.
 */
export function pairedBootstrap(
  canary: readonly SecondLatency[],
  baseline: readonly SecondLatency[],
  percentiles: readonly number[],
  resamples: number,
  seed: number,
): PairedResamples {
  const out: PairedResamples = {
    count: 0,
    canary: percentiles.map(() => new Float64Array(resamples)),
    baseline: percentiles.map(() => new Float64Array(resamples)),
  };
  const seconds = [...new Set([...canary, ...baseline].map((s) => s.second))].sort((a, b) => a - b);
  if (seconds.length === 0) return out;
  let lowest = Infinity;
  let highest = -Infinity;
  for (const s of [...canary, ...baseline]) {
    for (const v of s.valuesUs) {
      lowest = Math.min(lowest, binOf(v));
      highest = Math.max(highest, binOf(v));
    }
  }
  const perBucket = Math.ceil(seconds.length / MAX_BUCKETS);
  const buckets = Math.ceil(seconds.length / perBucket);
  const bucketOf = new Map(seconds.map((s, i) => [s, Math.floor(i / perBucket)]));
  const width = highest - lowest + 1;
  const arms = [canary, baseline].map((arm) => cumulative(arm, bucketOf, buckets, lowest, width));
  const random = seededRandom(seed);
  const multiplicity = new Float64Array(buckets);
  const drawn: number[] = [];
  for (let r = 0; r < resamples; r++) {
    multiplicity.fill(0);
    for (let k = 0; k < buckets; k++) multiplicity[Math.floor(random() * buckets)]++;
    drawn.length = 0;
    for (let k = 0; k < buckets; k++) if (multiplicity[k] > 0) drawn.push(k);
    const totals = arms.map((a) => drawn.reduce((sum, k) => sum + multiplicity[k] * a.totals[k], 0));
    if (totals[0] === 0 || totals[1] === 0) continue;
    for (let a = 0; a < 2; a++) {
      const into = a === 0 ? out.canary : out.baseline;
      const { cdf } = arms[a];
      percentiles.forEach((p, i) => {
        const rank = Math.max(1, Math.ceil((p / 100) * totals[a]));
        // smallest bin whose weighted cumulative count reaches the rank
        let lo = 0;
        let hi = width - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          let count = 0;
          for (const k of drawn) count += multiplicity[k] * cdf[k * width + mid];
          if (count >= rank) hi = mid;
          else lo = mid + 1;
        }
        into[i][out.count] = binValueMs(lo + lowest);
      });
    }
    out.count++;
  }
  return out;
}

/** The q-quantile (0..1) of the first `count` values (linear interpolation between order statistics). */
export function quantile(values: Float64Array, count: number, q: number): number {
  const sorted = Float64Array.from(values.subarray(0, count)).sort();
  if (count === 0) return Number.NaN;
  const position = q * (count - 1);
  const below = Math.floor(position);
  const above = Math.min(count - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}
