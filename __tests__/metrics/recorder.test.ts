import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorKind, type ResultRecord } from '../../src/metrics/types.js';
import { decodeHistogram } from '../../src/metrics/histogram.js';
import { Recorder, type SnapshotMeta } from '../../src/metrics/recorder.js';
import { ConnectionTotals } from '../../src/metrics/connections.js';
import { endpoint } from '../engine/helpers.js';

const endpoints = [endpoint({ name: 'a' }), endpoint({ name: 'b', expectStatus: [201] })];
const meta: SnapshotMeta = {
  startedAt: '2025-01-01T00:00:00.000Z',
  elapsedSeconds: 3,
  measuredSeconds: 2,
  timelineSeconds: 3,
  connections: new ConnectionTotals().snapshot(),
  aborted: null,
  accounting: null,
  health: {
    workers: 1,
    intendedRequests: null,
    sentRequests: 0,
    achievedRatio: null,
    schedulingLagP99Ms: 0,
    eventLoopDelayP99Ms: 0,
    cpuPercent: 0,
    saturatedReasons: [],
  },
};

function rec(i: number): ResultRecord {
  return {
    endpoint: i % 2,
    status: i % 10 === 0 ? 0 : i % 7 === 0 ? 503 : i % 2 === 1 ? 201 : 200,
    errorKind: i % 10 === 0 ? ErrorKind.Timeout : ErrorKind.None,
    intendedStartUs: (i * 3_000_000) / 1000, // 1,000 records over 3 s
    latencyUs: 1000 + ((i * 7919) % 100_000),
    serviceUs: 900,
    ttfbUs: 800,
    bytes: 10,
  };
}

describe('Recorder', () => {
  it('counts exactly: warm-up, errors by expectStatus, status classes, timeline', () => {
    const r = new Recorder(endpoints, 1_000_000);
    for (let i = 0; i < 1000; i++) r.add(rec(i));
    const s = r.snapshot(meta);
    assert.equal(s.warmUp.requests, 334); // intended < 1 s: i = 0..333
    assert.equal(s.overall.counts.requests, 666);
    assert.equal(s.timeline.map((b) => b.requests).join(','), '334,333,333');
    assert.deepEqual(
      s.timeline.map((b) => b.warmUp),
      [true, false, false],
    );
    const c = s.overall.counts;
    assert.equal(c.statusClasses['none'], c.errorKinds['timeout']);
    assert.equal(
      c.statusClasses['1xx'] + c.statusClasses['2xx'] + c.statusClasses['5xx'] + c.statusClasses['none'],
      666,
    );
    const [a, b] = s.endpoints;
    assert.equal(a.counts.requests + b.counts.requests, 666);
    // endpoint b expects only 201; a expects 200..399: so errors = timeouts + 503s
    assert.equal(c.errors, (c.errorKinds['timeout'] ?? 0) + (c.statusCodes['503'] ?? 0));
    assert.equal(s.overall.throughputRps, (c.requests - c.errors) / 2);
    assert.equal(c.bytes, 6660);
  });

  it('latencyBySecond: measured seconds only, exact values and counts', () => {
    const r = new Recorder(endpoints, 1_000_000, true);
    const at = (second: number, latencyUs: number): ResultRecord => ({
      ...rec(1),
      intendedStartUs: second * 1_000_000 + 10,
      latencyUs,
    });
    for (const [second, us] of [
      [0, 5000],
      [1, 1000],
      [1, 1000],
      [1, 250_000],
      [2, 70],
    ] as const)
      r.add(at(second, us));
    const seconds = r.snapshot(meta).latencyBySecond();
    // second 0 is warm-up; 250,000 µs is HDR's bucket 249,984..250,111 (median equivalent 250,048)
    assert.deepEqual(seconds, [
      { second: 1, valuesUs: [1000, 250_048], counts: [2, 1] },
      { second: 2, valuesUs: [70], counts: [1] },
    ]);
  });

  it('merging worker deltas equals recording in one place (exact)', () => {
    const single = new Recorder(endpoints, 1_000_000);
    const merged = new Recorder(endpoints, 1_000_000, true);
    const workers = [new Recorder(endpoints, 1_000_000), new Recorder(endpoints, 1_000_000)];
    for (let i = 0; i < 1000; i++) {
      single.add(rec(i));
      workers[i % 2].add(rec(i));
      if (i % 250 === 249) for (const w of workers) merged.mergeDelta(structuredClone(w.exportDelta()));
    }
    const a = single.snapshot(meta);
    const b = merged.snapshot(meta);
    assert.deepEqual(b.overall.counts, a.overall.counts);
    assert.deepEqual(b.warmUp, a.warmUp);
    assert.deepEqual(b.timeline, a.timeline);
    for (const p of [50, 90, 99, 99.9, 100])
      assert.equal(b.overall.latency.percentileMs(p), a.overall.latency.percentileMs(p));
    assert.equal(b.endpoints[1].latency.meanMs, a.endpoints[1].latency.meanMs);
    assert.equal(decodeHistogram(b.overall.latency.encoded()).totalCount, 666);
  });

  it('latency stats of an empty recorder are NaN, not 0', () => {
    const s = new Recorder(endpoints, 0).snapshot(meta);
    assert.equal(s.overall.latency.count, 0);
    assert.ok(Number.isNaN(s.overall.latency.percentileMs(95)));
    assert.deepEqual(
      s.timeline.map((b) => b.p95Ms),
      [null, null, null],
    );
  });
});

describe('Recorder: latency in parts', () => {
  /**
   * Open model, one endpoint: request i waited 10·i µs for a place, was served in 1 ms, first byte
   * at 0.8 ms (values below 2,048 µs are exact in a 3-digit HDR histogram).
   */
  function queued(i: number, sent = true): ResultRecord {
    return {
      endpoint: 0,
      status: sent ? 200 : 0,
      errorKind: sent ? ErrorKind.None : ErrorKind.NotSent,
      intendedStartUs: 1_000_000 + i * 1000,
      latencyUs: sent ? i * 10 + 1000 : i * 10,
      serviceUs: sent ? 1000 : 0,
      ttfbUs: sent ? 800 : -1,
      bytes: sent ? 10 : 0,
    };
  }

  it('records service time, queue wait and ttfb beside latency, exactly', () => {
    const r = new Recorder([endpoint({ name: 'a' })], 1_000_000);
    for (let i = 1; i <= 100; i++) r.add(queued(i));
    const s = r.snapshot(meta);
    const { serviceTime, queueWait, ttfb } = s.overall.parts;
    assert.equal(serviceTime.count, 100);
    assert.equal(serviceTime.percentileMs(50), 1);
    assert.equal(serviceTime.maxMs, 1);
    assert.equal(queueWait.percentileMs(50), 0.5);
    assert.equal(queueWait.percentileMs(95), 0.95);
    assert.equal(queueWait.maxMs, 1);
    assert.equal(ttfb.percentileMs(99), 0.8);
    assert.equal(s.overall.latency.percentileMs(50), 1.5);
    assert.equal(s.endpoints[0].parts.queueWait.percentileMs(95), 0.95);
    // second 1: the means stack to the mean latency (0.505 ms queue + 1 ms service)
    const second = s.timeline[1];
    assert.equal(second.queueMeanMs, 0.505);
    assert.equal(second.serviceMeanMs, 1);
    assert.equal(second.serviceP99Ms, 1);
    assert.deepEqual([s.timeline[0].queueMeanMs, s.timeline[0].serviceMeanMs], [null, null]);
  });

  it('closed model: every queue wait is 0; an unsent arrival has no service time and waited its whole latency', () => {
    const r = new Recorder([endpoint({ name: 'a' })], 0);
    for (let i = 0; i < 10; i++) {
      const closed = { ...rec(2 * i), errorKind: ErrorKind.None, status: 200 };
      r.add({ ...closed, serviceUs: closed.latencyUs }); // intended = actual send
    }
    r.add(queued(7, false));
    const { serviceTime, queueWait, ttfb } = r.snapshot(meta).overall.parts;
    assert.equal(serviceTime.count, 10);
    assert.equal(ttfb.count, 10);
    assert.equal(queueWait.count, 11);
    assert.equal(queueWait.percentileMs(90), 0);
    assert.equal(queueWait.maxMs, 0.07);
  });

  it('merging worker deltas of the parts equals recording in one place (exact)', () => {
    const single = new Recorder(endpoints, 1_000_000);
    const merged = new Recorder(endpoints, 1_000_000, true);
    const workers = [new Recorder(endpoints, 1_000_000), new Recorder(endpoints, 1_000_000)];
    for (let i = 0; i < 1000; i++) {
      const r = { ...rec(i), serviceUs: 300 + ((i * 31) % 900), ttfbUs: i % 10 === 0 ? -1 : 100 + (i % 200) };
      single.add(r);
      workers[i % 2].add(r);
      if (i % 250 === 249) for (const w of workers) merged.mergeDelta(structuredClone(w.exportDelta()));
    }
    const a = single.snapshot(meta);
    const b = merged.snapshot(meta);
    assert.deepEqual(b.timeline, a.timeline);
    for (const part of ['serviceTime', 'queueWait', 'ttfb'] as const) {
      for (const p of [50, 90, 99, 100]) {
        assert.equal(b.overall.parts[part].percentileMs(p), a.overall.parts[part].percentileMs(p), part);
        assert.equal(b.endpoints[1].parts[part].percentileMs(p), a.endpoints[1].parts[part].percentileMs(p));
      }
      assert.equal(b.overall.parts[part].count, a.overall.parts[part].count);
    }
    // post-warm-up: i = 334..999 (666); 340, 350, …, 990 (66 of them) got no byte
    assert.equal(a.overall.parts.ttfb.count, 600);
    assert.equal(decodeHistogram(b.overall.parts.queueWait.encoded()).totalCount, 666);
  });
});

describe('Recorder: a packed timeline keeps finished seconds encoded', () => {
  const one = [endpoint({ name: 'a' })];
  /** 200 records a second, latencies 0.2 ms .. 2 s, service time and queue wait apart. */
  function recordsOf(second: number, salt = 0): ResultRecord[] {
    return Array.from({ length: 200 }, (_, i) => {
      const latencyUs = Math.round(200 * 10_000 ** (((i * 7919 + salt) % 1000) / 1000));
      return {
        endpoint: 0,
        status: i % 13 === 0 ? 503 : 200,
        errorKind: ErrorKind.None,
        intendedStartUs: second * 1_000_000 + i * 5000,
        latencyUs,
        serviceUs: Math.round(latencyUs * 0.7),
        ttfbUs: Math.round(latencyUs * 0.6),
        bytes: 10,
      };
    });
  }
  const metaAt = (seconds: number): SnapshotMeta => ({
    ...meta,
    timelineSeconds: seconds,
    elapsedSeconds: seconds,
  });
  const buckets = (encoded: string | null) => {
    if (encoded === null) return null;
    const h = decodeHistogram(encoded) as unknown as {
      countsArrayLength: number;
      getCountAtIndex(i: number): number;
      totalCount: number;
      minNonZeroValue: number;
      maxValue: number;
    };
    const out: number[] = [];
    for (let i = 0; i < h.countsArrayLength; i++) out.push(h.getCountAtIndex(i));
    return { counts: out.join(','), total: h.totalCount, min: h.minNonZeroValue, max: h.maxValue };
  };

  it('a finished second compacted and read back equals the original, bucket for bucket', () => {
    const worker = new Recorder(one, 1_000_000);
    const main = new Recorder(one, 1_000_000, true);
    const reference = new Recorder(one, 1_000_000); // unpacked: never compacts
    const feed = (records: ResultRecord[]) => {
      for (const r of records) {
        worker.add(r);
        reference.add(r);
      }
      main.mergeDelta(structuredClone(worker.exportDelta()));
    };
    feed(recordsOf(0));
    feed(recordsOf(1));
    const live = main.snapshot(metaAt(2));
    const liveEncoded = live.encodeTimeline()[1];
    const compactOf = (r: Recorder, s: number) => (r as unknown as { timeline: object[] }).timeline[s];
    assert.equal('encoded' in compactOf(main, 1), false);
    for (let s = 2; s < 30; s++) feed(recordsOf(s));
    // seconds before 29 - 10 are compact now; second 1's encoding is the one it had live
    assert.equal('encoded' in compactOf(main, 1), true);
    assert.equal('encoded' in compactOf(main, 18), true);
    assert.equal('encoded' in compactOf(main, 19), false);
    const compact = main.snapshot(metaAt(30));
    assert.equal(compact.encodeTimeline()[1], liveEncoded);
    assert.deepEqual(compact.timeline[1], live.timeline[1]);
    const want = reference.snapshot(metaAt(30));
    assert.deepEqual(compact.timeline, want.timeline);
    assert.deepEqual(compact.encodeTimeline().map(buckets), want.encodeTimeline().map(buckets));
    assert.deepEqual(compact.latencyBySecond(), want.latencyBySecond());
    assert.equal(compact.timeline[1]!.requests, 200);
    assert.equal(compact.timeline[1]!.errors, 16); // i % 13 === 0 for i < 200

    // a late record for a compact second expands it: the result is as if it had never been compacted
    feed(recordsOf(1, 3).slice(0, 50));
    assert.equal('encoded' in compactOf(main, 1), false);
    const late = main.snapshot(metaAt(30));
    const lateWant = reference.snapshot(metaAt(30));
    assert.equal(late.timeline[1]!.requests, 250);
    assert.deepEqual(late.timeline, lateWant.timeline);
    assert.deepEqual(late.encodeTimeline().map(buckets), lateWant.encodeTimeline().map(buckets));
    assert.deepEqual(late.latencyBySecond(), lateWant.latencyBySecond());
    assert.notEqual(late.encodeTimeline()[1], liveEncoded);
    // and the next merge compacts it again, with the late records in it
    feed(recordsOf(30));
    assert.equal('encoded' in compactOf(main, 1), true);
    assert.deepEqual(main.snapshot(metaAt(31)).timeline, reference.snapshot(metaAt(31)).timeline);
  });
});

describe('Recorder: worker-side hot seconds', () => {
  it('are reused after a take, and what they export is what a fresh recorder exports', () => {
    const one = [endpoint({ name: 'a' })];
    const reused = new Recorder(one, 0);
    const pool = (r: Recorder) => (r as unknown as { freeHotSeconds: unknown[] }).freeHotSeconds;
    for (let tick = 0; tick < 5; tick++) {
      const fresh = new Recorder(one, 0);
      for (let i = 0; i < 300; i++) {
        // each tick's records span two seconds (a late one from the second before)
        const r = { ...rec(i), endpoint: 0, intendedStartUs: (tick + (i % 3 === 0 ? 0 : 1)) * 1_000_000 + i };
        reused.add(r);
        fresh.add(r);
      }
      assert.deepEqual(reused.exportDelta(), fresh.exportDelta());
      assert.equal(pool(reused).length, 2);
    }
  });
});
