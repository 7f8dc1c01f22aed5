// What the benches that drive the recorder without a run (bench/recorder.ts, bench/soak-probe.ts)
// feed it: the one result record they rewrite per request, and the run metadata a main-thread
// Recorder.snapshot needs (`second` is the newest second recorded).
import { ConnectionTotals } from '../src/metrics/connections.js';
import type { SnapshotMeta } from '../src/metrics/recorder.js';
import { ErrorKind, type ResultRecord } from '../src/metrics/types.js';

/** A successful 600-byte response on endpoint 0; the benches set its times per request. */
export function benchRecord(): ResultRecord {
  return {
    endpoint: 0,
    status: 200,
    errorKind: ErrorKind.None,
    intendedStartUs: 0,
    latencyUs: 0,
    serviceUs: 0,
    ttfbUs: 0,
    bytes: 600,
  };
}

export function benchSnapshotMeta(second: number, warmUpSeconds: number): SnapshotMeta {
  return {
    startedAt: '',
    elapsedSeconds: second + 1,
    measuredSeconds: Math.max(0, second + 1 - warmUpSeconds),
    timelineSeconds: second + 1,
    aborted: null,
    connections: new ConnectionTotals().snapshot(),
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
}
