// Recording in the hot path: a flat count array in the HDR histogram's own bucket layout (1 µs ..
// 1 h, 3 significant digits). A value costs a Math.clz32, two shifts and an increment (~10 ns);
// hdr-histogram-js's recordValue takes ~145 ns (its bucket index goes through Math.log2 and
// Math.pow). Nothing is read from a HotHistogram but its buckets: take() hands them over as a range
// (structured-clonable, no compression), and addBuckets() adds them into an hdr Histogram exactly
// as encoding the values' histogram, decoding it and adding it would.
import type * as hdr from 'hdr-histogram-js';
import { createHistogram, HISTOGRAM_HIGHEST_US, type Histogram } from './histogram.js';

const LAYOUT = createHistogram() as hdr.JsHistogram;
const LENGTH = LAYOUT.countsArrayLength;
const HALF_MAGNITUDE = LAYOUT.subBucketHalfCountMagnitude;
if (LAYOUT.unitMagnitude !== 0 || HISTOGRAM_HIGHEST_US >= 2 ** 32) {
  // the index below assumes a 1 µs unit and values that fit in 32 bits
  throw new Error('hot-histogram: the histogram layout changed');
}

/** The recorded buckets of one HotHistogram: counts[k] is the count at bucket index lo + k. */
export interface Buckets {
  lo: number;
  counts: Uint32Array;
}

/** hdr's countsArrayIndex for an integer 0 ≤ v < 2³² (bucket = ⌊log2 v⌋ − half magnitude, at least 0). */
export function bucketIndex(v: number): number {
  const b = 31 - Math.clz32(v) - HALF_MAGNITUDE;
  const bucket = b > 0 ? b : 0;
  return (bucket << HALF_MAGNITUDE) + (v >>> bucket);
}

export class HotHistogram {
  private counts = new Uint32Array(LENGTH);
  private lo = LENGTH;
  private hi = -1;

  /** Clamps into the trackable range like recordUs: above 1 h is 1 h, below 0 is 0. */
  record(valueUs: number): void {
    const v = valueUs < 0 ? 0 : valueUs > HISTOGRAM_HIGHEST_US ? HISTOGRAM_HIGHEST_US : Math.round(valueUs);
    const i = bucketIndex(v);
    this.counts[i]++;
    if (i < this.lo) this.lo = i;
    if (i > this.hi) this.hi = i;
  }

  /** Zero values, counted at once. */
  recordZeros(count: number): void {
    if (count <= 0) return;
    this.counts[0] += count;
    this.lo = 0;
    if (this.hi < 0) this.hi = 0;
  }

  /** What was recorded since the last take() (null: nothing), then empty. */
  take(): Buckets | null {
    if (this.hi < 0) return null;
    const taken = { lo: this.lo, counts: this.counts.slice(this.lo, this.hi + 1) };
    this.counts.fill(0, this.lo, this.hi + 1);
    this.lo = LENGTH;
    this.hi = -1;
    return taken;
  }
}

/**
 * Adds taken buckets into an hdr histogram (either bucket size, packed included). Exactly what
 * `into.add(decode(encode(h)))` does for a histogram h holding the same values: counts summed, the
 * total count raised, max = the highest equivalent value of the highest bucket, min non-zero = the
 * lowest value of the lowest non-zero bucket.
 */
export function addBuckets(into: Histogram, buckets: Buckets): void {
  const js = into as hdr.JsHistogram;
  const { lo, counts } = buckets;
  let total = 0;
  let minIndex = -1;
  let maxIndex = -1;
  for (let k = 0; k < counts.length; k++) {
    const n = counts[k];
    if (n === 0) continue;
    const i = lo + k;
    js.addToCountAtIndex(i, n);
    total += n;
    maxIndex = i;
    if (minIndex < 0 && i !== 0) minIndex = i;
  }
  if (maxIndex < 0) return;
  js.setTotalCount(js.totalCount + total);
  js.maxValue = Math.max(js.maxValue, js.highestEquivalentValue(js.valueFromIndex(maxIndex)));
  js.minNonZeroValue = Math.min(
    js.minNonZeroValue,
    minIndex < 0 ? Number.MAX_VALUE : js.valueFromIndex(minIndex),
  );
}
