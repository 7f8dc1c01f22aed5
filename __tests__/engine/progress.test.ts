// The live progress line, as the user reads it in the log.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatProgress } from '../../src/engine/progress.js';
import type { TimelineBucket } from '../../src/metrics/types.js';
import { snapshotOf } from '../__fixtures__/snapshot.js';

function second(s: number, requests: number): TimelineBucket {
  const p = requests > 0 ? 5 : null;
  return {
    second: s,
    warmUp: false,
    requests,
    errors: 0,
    p50Ms: p,
    p95Ms: p,
    p99Ms: p,
    queueMeanMs: null,
    serviceMeanMs: p,
    serviceP99Ms: p,
  };
}

describe('progress line', () => {
  const latencies = Array.from({ length: 3000 }, () => 5);
  it('before a complete second has arrived from the workers: the mean rate so far, not 0 req/s', () => {
    // 3,000 requests done 1.5 s in; the workers' delta for second 0 has not been merged yet
    const snapshot = {
      ...snapshotOf({ latenciesMs: latencies, elapsedSeconds: 1.5 }),
      timeline: [second(0, 0), second(1, 0)],
    };
    assert.equal(formatProgress(snapshot, 60), 'elapsed 1/60s · 2,000 req/s · p95 5 ms · errors 0 (0%)');
  });
  it('then the last complete second', () => {
    const snapshot = {
      ...snapshotOf({ latenciesMs: latencies, elapsedSeconds: 2.2 }),
      timeline: [second(0, 1200), second(1, 1800), second(2, 100)],
    };
    assert.equal(formatProgress(snapshot, 60), 'elapsed 2/60s · 1,800 req/s · p95 5 ms · errors 0 (0%)');
  });
  it('a target that stopped answering shows 0 req/s once a complete second says so', () => {
    const snapshot = {
      ...snapshotOf({ latenciesMs: latencies, elapsedSeconds: 3.1 }),
      timeline: [second(0, 1500), second(1, 1500), second(2, 0)],
    };
    assert.equal(formatProgress(snapshot, 60), 'elapsed 3/60s · 0 req/s · p95 5 ms · errors 0 (0%)');
  });
});
