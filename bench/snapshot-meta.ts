// The run metadata a main-thread Recorder.snapshot needs, for benches that drive the recorder
// without a run (bench/recorder.ts, bench/soak-probe.ts): `second` is the newest second recorded.
import { ConnectionTotals } from '../src/metrics/connections.js';
import type { SnapshotMeta } from '../src/metrics/recorder.js';

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
