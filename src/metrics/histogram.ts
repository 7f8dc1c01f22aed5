// HDR histograms of latencies in µs (1 µs .. 1 h, 3 significant digits), encodable and mergeable
// across worker threads, shards and runs. The pure-JS implementation is used: it records in
// ~70 ns (WASM ~35 ns, negligible next to a request's ~10 µs) and needs no init or destroy().
import * as hdr from 'hdr-histogram-js';
import type { LatencyStats } from './types.js';

export type Histogram = hdr.Histogram;

export const HISTOGRAM_LOWEST_US = 1;
export const HISTOGRAM_HIGHEST_US = 3_600_000_000;
export const HISTOGRAM_DIGITS = 3;

/** Int32 counts: fast recording (~95 KB each). 'packed': small, slower; for the long-lived timeline. */
export function createHistogram(packed = false): Histogram {
  return hdr.build({
    lowestDiscernibleValue: HISTOGRAM_LOWEST_US,
    highestTrackableValue: HISTOGRAM_HIGHEST_US,
    numberOfSignificantValueDigits: HISTOGRAM_DIGITS,
    bitBucketSize: packed ? 'packed' : 32,
    useWebAssembly: false,
  });
}

/** Clamps into the trackable range: a value above 1 h is recorded as 1 h, never dropped. */
export function recordUs(histogram: Histogram, valueUs: number): void {
  const v = valueUs < 0 ? 0 : valueUs > HISTOGRAM_HIGHEST_US ? HISTOGRAM_HIGHEST_US : Math.round(valueUs);
  histogram.recordValue(v);
}

export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(base64: string, packed = false): Histogram {
  return hdr.decodeFromCompressedBase64(base64, packed ? 'packed' : 32, false);
}

/** Adds an encoded histogram into `into` (exact: bucket counts are summed). */
export function mergeEncoded(into: Histogram, base64: string): void {
  into.add(decodeHistogram(base64));
}

export function copyHistogram(source: Histogram, packed = false): Histogram {
  const copy = createHistogram(packed);
  if (source.totalCount > 0) copy.add(source);
  return copy;
}

/** A frozen view of one histogram as the judge and the reports see it (ms). */
export function latencyStatsOf(histogram: Histogram): LatencyStats {
  const count = histogram.totalCount;
  const empty = count === 0;
  return {
    count,
    percentileMs: (p: number) => (empty ? Number.NaN : percentileUs(histogram, p) / 1000),
    // percentile 0 = the lowest recorded value (a recorded 0 µs included, unlike minNonZeroValue)
    minMs: empty ? Number.NaN : percentileUs(histogram, 0) / 1000,
    maxMs: empty ? Number.NaN : histogram.maxValue / 1000,
    meanMs: empty ? Number.NaN : meanUs(histogram) / 1000,
    encoded: () => encodeHistogram(histogram),
  };
}

/** The first and last bucket index that can hold a count (0 .. the max's), -1 when empty. */
function recordedRange(js: hdr.JsHistogram): { first: number; last: number } {
  if (js.totalCount === 0) return { first: 0, last: -1 };
  const first = js.getCountAtIndex(0) > 0 ? 0 : js.countsArrayIndex(js.minNonZeroValue);
  return { first, last: Math.min(js.countsArrayLength - 1, js.countsArrayIndex(js.maxValue)) };
}

/**
 * hdr-histogram-js's getValueAtPercentile, walking only the recorded range instead of every bucket
 * from 0 (the same buckets in the same order: the result is identical; a packed histogram's
 * ~23,000 bucket reads per call become the few hundred its values span).
 */
export function percentileUs(histogram: Histogram, percentile: number): number {
  const js = histogram as hdr.JsHistogram;
  const target = (Math.min(percentile, 100) / 100) * js.totalCount;
  const ulp = Math.pow(2, Math.floor(Math.log2(target)) - 52);
  const countAtPercentile = Math.max(Math.ceil(target - ulp), 1);
  const { first, last } = recordedRange(js);
  let total = 0;
  for (let i = first; i <= last; i++) {
    total += js.getCountAtIndex(i);
    if (total >= countAtPercentile) {
      const value = js.valueFromIndex(i);
      return percentile === 0 ? js.lowestEquivalentValue(value) : js.highestEquivalentValue(value);
    }
  }
  return 0;
}

/** hdr-histogram-js's mean (median-equivalent values × counts, ascending), over the recorded range only. */
export function meanUs(histogram: Histogram): number {
  const js = histogram as hdr.JsHistogram;
  if (js.totalCount === 0) return 0;
  const { first, last } = recordedRange(js);
  let sum = 0;
  for (let i = first; i <= last; i++) {
    const n = js.getCountAtIndex(i);
    if (n !== 0) sum += js.medianEquivalentValue(js.highestEquivalentValue(js.valueFromIndex(i))) * n;
  }
  return sum / js.totalCount;
}

/** The recorded values of a histogram as ascending (valueUs, count) pairs (median-equivalent values). */
export function recordedValuesOf(histogram: Histogram): { valuesUs: number[]; counts: number[] } {
  const valuesUs: number[] = [];
  const counts: number[] = [];
  if (histogram.totalCount === 0) return { valuesUs, counts };
  const js = histogram as hdr.JsHistogram;
  // a direct walk of the counts array between the lowest and highest recorded index (the
  // library's RecordedValuesIterator does the same, ~10× slower)
  const zeros = js.getCountAtIndex(0);
  if (zeros > 0) {
    valuesUs.push(0);
    counts.push(zeros);
  }
  if (zeros === histogram.totalCount) return { valuesUs, counts };
  const last = js.countsArrayIndex(js.maxValue);
  for (let i = Math.max(1, js.countsArrayIndex(js.minNonZeroValue)); i <= last; i++) {
    const n = js.getCountAtIndex(i);
    if (n > 0) {
      valuesUs.push(js.medianEquivalentValue(js.valueFromIndex(i)));
      counts.push(n);
    }
  }
  return { valuesUs, counts };
}
