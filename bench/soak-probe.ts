// npm run bench:soak-probe: the soak's recording path without a network, in one process. A worker
// Recorder takes RECORDS per simulated second (latencies spread wide, 0.2 ms .. 2 s, as a loaded
// run's are), exports a delta once a second; the delta is structured-cloned (as postMessage does)
// and merged into the main, packed-timeline Recorder, which is snapshotted once a second like a
// run with a progress tick. Every 30 simulated seconds it prints RSS, heapUsed and heapTotal, and
// heapUsed after a forced gc (needs --expose-gc): that last figure is what is really retained; a
// growing heapTotal or RSS beside a flat retained heap is V8 sizing its old space lazily.
// PROBE_SECONDS (300) and PROBE_RECORDS (8,500) change the run.
import { Recorder, type SnapshotMeta } from '../src/metrics/recorder.js';
import { benchRecord, benchSnapshotMeta } from './recorder-inputs.js';

const SECONDS = Number(process.env.PROBE_SECONDS ?? 300);
const RECORDS = Number(process.env.PROBE_RECORDS ?? 8500);
const WARM_UP = 30;
const endpoints = [{ name: 'root', expectStatus: [200] }];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const meta = (second: number): SnapshotMeta => benchSnapshotMeta(second, WARM_UP);

/** A deterministic spread: most 0.2–20 ms, one in 50 up to 2 s (log-uniform). */
let seed = 1;
function latencyUs(): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  const u = seed / 2 ** 31;
  return seed % 50 === 0 ? 200 * 10_000 ** u : 200 * 100 ** u;
}

const worker = new Recorder(endpoints, WARM_UP * 1e6);
const main = new Recorder(endpoints, WARM_UP * 1e6, true);
const r = benchRecord();
const mb = (n: number) => (n / 2 ** 20).toFixed(1);
const rows: string[] = [];
const t0 = performance.now();
for (let s = 0; s < SECONDS; s++) {
  for (let i = 0; i < RECORDS; i++) {
    const l = latencyUs();
    // the record belongs to the second it was sent in: up to its latency earlier than now
    r.intendedStartUs = Math.max(0, s * 1e6 + (i * 1e6) / RECORDS - l);
    r.latencyUs = l;
    r.serviceUs = l;
    r.ttfbUs = l * 0.9;
    worker.add(r);
  }
  main.mergeDelta(structuredClone(worker.exportDelta()));
  void main.snapshot(meta(s)).overall.latency.percentileMs(99);
  if ((s + 1) % 30 === 0 || s + 1 === SECONDS) {
    const before = process.memoryUsage();
    gc();
    const after = process.memoryUsage();
    rows.push(
      `${String(s + 1).padStart(4)} s  rss ${mb(before.rss).padStart(6)}  heapUsed ${mb(before.heapUsed).padStart(6)}  ` +
        `heapTotal ${mb(before.heapTotal).padStart(6)}  | after gc: heapUsed ${mb(after.heapUsed).padStart(6)}  ` +
        `arrayBuffers ${mb(after.arrayBuffers).padStart(5)}  rss ${mb(after.rss).padStart(6)}`,
    );
  }
}
/** The main recorder's per-second histograms' packed bytes (their ArrayBuffers, outside the V8 heap). */
function timelineBytes(): { seconds: number; bytes: number } {
  const timeline = (
    main as unknown as {
      timeline: (
        | { histogram?: unknown; parts?: Record<string, unknown>; encoded?: Record<string, string | null> }
        | undefined
      )[];
    }
  ).timeline;
  let bytes = 0;
  let seconds = 0;
  const size = (h: unknown) =>
    (h as { packedCounts?: { arrayContext: { array: ArrayBuffer } } }).packedCounts?.arrayContext.array
      .byteLength ?? 0;
  for (const b of timeline) {
    if (!b) continue;
    seconds++;
    if (b.encoded)
      for (const e of Object.values(b.encoded)) bytes += e?.length ?? 0; // one byte per base64 character
    else
      bytes +=
        size(b.histogram) + size(b.parts!.serviceTime) + size(b.parts!.queueWait) + size(b.parts!.ttfb);
  }
  return { seconds, bytes };
}
const packed = timelineBytes();
console.log(
  `timeline: ${packed.seconds} seconds, kept histograms (packed or encoded) ${(packed.bytes / 2 ** 20).toFixed(2)} MB (${(packed.bytes / packed.seconds / 1024).toFixed(1)} KB/s)`,
);
const end = main.snapshot(meta(SECONDS - 1));
const encoded = end.encodeTimeline();
const encodedBytes = encoded.reduce((a, e) => a + (e?.length ?? 0), 0);
console.log(
  `soak probe: ${RECORDS} records/s × ${SECONDS} s, ${((performance.now() - t0) / 1000).toFixed(1)} s wall`,
);
for (const row of rows) console.log(row);
console.log(
  `end: ${end.overall.counts.requests} measured requests, p99 ${end.overall.latency.percentileMs(99).toFixed(2)} ms; ` +
    `timeline latency histograms encoded: ${(encodedBytes / 1024).toFixed(0)} KB (${(encodedBytes / SECONDS / 1024).toFixed(2)} KB/s)`,
);
