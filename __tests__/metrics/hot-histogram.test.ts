import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as hdr from 'hdr-histogram-js';
import {
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  HISTOGRAM_HIGHEST_US,
  meanUs,
  percentileUs,
  recordedValuesOf,
  summaryUs,
  recordUs,
  type Histogram,
} from '../../src/metrics/histogram.js';
import { addBuckets, bucketIndex, HotHistogram } from '../../src/metrics/hot-histogram.js';

/** Everything a snapshot reads from a histogram. */
function readout(h: Histogram) {
  return {
    totalCount: h.totalCount,
    maxValue: h.maxValue,
    minNonZeroValue: h.minNonZeroValue,
    mean: h.mean,
    percentiles: [0, 1, 50, 90, 95, 99, 99.9, 100].map((p) => h.getValueAtPercentile(p)),
    recorded: recordedValuesOf(h),
  };
}

/** A deterministic spread over the whole range: zeros, exact µs below 2,048, wide buckets above. */
function values(n: number, seed: number): number[] {
  let x = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    const kind = x % 5;
    out.push(
      kind === 0
        ? 0
        : kind === 1
          ? x % 2048
          : kind === 2
            ? x % 300_000
            : kind === 3
              ? x * 1.7
              : (x % 1000) + 0.4,
    );
  }
  return out;
}

describe('HotHistogram', () => {
  it("bucketIndex equals hdr-histogram-js's countsArrayIndex (every power of two ± 1, and a spread)", () => {
    const js = createHistogram() as hdr.JsHistogram;
    const probes = [0, 1, 2, 1023, 1024, 2047, 2048, 2049, HISTOGRAM_HIGHEST_US];
    for (let k = 1; k < 32; k++) probes.push(2 ** k - 1, 2 ** k, 2 ** k + 1);
    for (const v of [
      ...probes.filter((p) => p <= HISTOGRAM_HIGHEST_US),
      ...values(20_000, 7).map(Math.round),
    ])
      assert.equal(bucketIndex(v), js.countsArrayIndex(v), String(v));
  });

  it('taken buckets added into an hdr histogram equal recording there, encoding, decoding and adding (32-bit and packed)', () => {
    for (const packed of [false, true]) {
      const viaEncoding = createHistogram(packed);
      const viaBuckets = createHistogram(packed);
      const hot = new HotHistogram();
      for (let round = 0; round < 4; round++) {
        const h = createHistogram();
        for (const v of values(5000, round + 1)) {
          recordUs(h, v);
          hot.record(v);
        }
        hot.recordZeros(round);
        if (round > 0) h.recordValueWithCount(0, round);
        viaEncoding.add(decodeHistogram(encodeHistogram(h)));
        addBuckets(viaBuckets, hot.take()!);
      }
      assert.deepEqual(readout(viaBuckets), readout(viaEncoding));
      assert.equal(viaBuckets.totalCount, 4 * 5000 + 0 + 1 + 2 + 3);
    }
  });

  it('take() empties it; nothing recorded takes null; only zeros keep max 0', () => {
    const hot = new HotHistogram();
    assert.equal(hot.take(), null);
    hot.record(-5);
    hot.record(0.3);
    const into = createHistogram();
    addBuckets(into, hot.take()!);
    assert.equal(hot.take(), null);
    assert.deepEqual([into.totalCount, into.maxValue, into.getValueAtPercentile(100)], [2, 0, 0]);
    hot.record(HISTOGRAM_HIGHEST_US * 2);
    addBuckets(into, hot.take()!);
    assert.equal(into.totalCount, 3);
    assert.ok(into.maxValue >= HISTOGRAM_HIGHEST_US);
  });
});

describe('percentileUs, meanUs and summaryUs (one walk over the recorded range)', () => {
  it("equal hdr-histogram-js's getValueAtPercentile and mean, 32-bit and packed, after recording and after decoding", () => {
    for (const packed of [false, true]) {
      for (const seed of [1, 2, 3]) {
        const direct = createHistogram(packed);
        for (const v of values(3000, seed)) recordUs(direct, v);
        const decoded = createHistogram(packed);
        decoded.add(decodeHistogram(encodeHistogram(direct)));
        const zeros = createHistogram(packed);
        zeros.recordValueWithCount(0, 5);
        const single = createHistogram(packed);
        recordUs(single, 123_456);
        for (const h of [direct, decoded, zeros, single]) {
          for (const p of [0, 0.1, 1, 25, 50, 90, 95, 99, 99.9, 99.99, 100])
            assert.equal(percentileUs(h, p), h.getValueAtPercentile(p), `p${p}`);
          assert.equal(meanUs(h), h.mean);
          const ps = [0, 50, 95, 99, 100];
          assert.deepEqual(summaryUs(h, ps), {
            percentilesUs: ps.map((p) => h.getValueAtPercentile(p)),
            meanUs: h.mean,
          });
        }
      }
    }
  });
});
