// npm run bench:recorder: what recording costs per request, in this process, alternating rounds.
// - Recorder.add: the whole per-request recording as the shard calls it (counts, latency and the
//   parts, per endpoint and per second);
// - the parts alone: the two HotParts.add calls Recorder.add makes per request (endpoint, second);
// - for reference, hdr-histogram-js recordValue for the same values (the recorder's former path).
// Times are this process's CPU time (process.cpuUsage), not wall time. Records: 80,000 per simulated second over 12 s, latencies spread over 0.3–2.3 ms and 1–30 ms,
// one tick (exportDelta + structuredClone + mergeDelta + snapshot) per second as a run makes them.
import { createHistogram, recordUs } from '../src/metrics/histogram.js';
import { HotParts } from '../src/metrics/parts.js';
import { Recorder, type SnapshotMeta } from '../src/metrics/recorder.js';
import { benchRecord, benchSnapshotMeta } from './recorder-inputs.js';

const PER_SECOND = 80_000;
/** This process's CPU time (user + system), ns: steadier than wall time on a shared machine. */
function cpuNs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}
const SECONDS = 12;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const endpoints = [{ name: 'root', expectStatus: [200] }];
const meta = (second: number): SnapshotMeta => benchSnapshotMeta(second, 1);

function latencyOf(i: number): number {
  return i % 10 === 0 ? 1000 + ((i * 7919) % 29_000) : 300 + ((i * 7919) % 2000);
}

function recorderRound(): { addNs: number; tickMs: number; mergeMs: number } {
  const worker = new Recorder(endpoints, 1_000_000);
  const main = new Recorder(endpoints, 1_000_000, true);
  const r = benchRecord();
  let addNs = 0;
  let tickNs = 0;
  let mergeNs = 0;
  for (let s = 0; s < SECONDS; s++) {
    let t = cpuNs();
    for (let i = 0; i < PER_SECOND; i++) {
      const l = latencyOf(i);
      r.intendedStartUs = s * 1e6 + (i * 1e6) / PER_SECOND;
      r.latencyUs = l;
      r.serviceUs = l;
      r.ttfbUs = l - 50;
      worker.add(r);
    }
    addNs += cpuNs() - t;
    t = cpuNs();
    main.mergeDelta(structuredClone(worker.exportDelta()));
    mergeNs += cpuNs() - t;
    const snapshot = main.snapshot(meta(s));
    void snapshot.overall.latency.percentileMs(99);
    tickNs += cpuNs() - t;
  }
  return {
    addNs: addNs / (PER_SECOND * SECONDS),
    tickMs: tickNs / SECONDS / 1e6,
    mergeMs: mergeNs / SECONDS / 1e6,
  };
}

function partsRound(): number {
  const endpoint = new HotParts();
  let second = new HotParts(false);
  const t = cpuNs();
  for (let s = 0; s < SECONDS; s++) {
    for (let i = 0; i < PER_SECOND; i++) {
      const l = latencyOf(i);
      endpoint.add(l, l, l - 50, true);
      second.add(l, l, l - 50, true);
    }
    endpoint.take();
    second = new HotParts(false);
  }
  return (cpuNs() - t) / (PER_SECOND * SECONDS);
}

function hdrRound(): number {
  const h = createHistogram();
  const t = cpuNs();
  for (let i = 0; i < PER_SECOND * SECONDS; i++) recordUs(h, latencyOf(i));
  return (cpuNs() - t) / (PER_SECOND * SECONDS);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = {
  add: [] as number[],
  tick: [] as number[],
  merge: [] as number[],
  parts: [] as number[],
  hdr: [] as number[],
};
for (let round = 1; round <= ROUNDS; round++) {
  const rec = recorderRound();
  rows.add.push(rec.addNs);
  rows.tick.push(rec.tickMs);
  rows.merge.push(rec.mergeMs);
  rows.parts.push(partsRound());
  rows.hdr.push(hdrRound());
  console.log(
    `round ${round}: Recorder.add ${rec.addNs.toFixed(0)} ns/request, of which parts ${rows.parts.at(-1)!.toFixed(0)} ns; tick ${rec.tickMs.toFixed(2)} ms; hdr recordValue ${rows.hdr.at(-1)!.toFixed(0)} ns/value`,
  );
}
const fmt = (xs: number[], digits = 0): string => xs.map((x) => x.toFixed(digits)).join(' · ');
console.log(
  [
    '',
    '| Measure | per round | median |',
    '|---|---|---|',
    `| Recorder.add, ns per request | ${fmt(rows.add)} | ${median(rows.add).toFixed(0)} |`,
    `| of which the parts (2 × HotParts.add), ns per request | ${fmt(rows.parts)} | ${median(rows.parts).toFixed(0)} |`,
    `| main-thread tick (merge + snapshot), ms per second of run | ${fmt(rows.tick, 2)} | ${median(rows.tick).toFixed(2)} |`,
    `| of which the merge (export + structuredClone + mergeDelta), ms | ${fmt(rows.merge, 2)} | ${median(rows.merge).toFixed(2)} |`,
    `| hdr-histogram-js recordValue, ns per value (reference) | ${fmt(rows.hdr)} | ${median(rows.hdr).toFixed(0)} |`,
  ].join('\n'),
);
