// Connection accounting merges exactly: shard deltas into the run (workers), runs into their union
// (runner shards) — counts summed, connect-time histograms added, seconds aligned.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addSeconds,
  ConnectionStats,
  ConnectionTotals,
  unionConnections,
  type ConnectionSecond,
  type ConnectionsDelta,
} from '../../src/metrics/connections.js';

/** A shard whose clock reads `now` µs. */
function shard(): { stats: ConnectionStats; at(us: number): void } {
  let now = 0;
  return { stats: new ConnectionStats(() => now), at: (us) => (now = us) };
}

describe('connection accounting merge', () => {
  it('two workers’ deltas: counts summed, connect times exact, seconds aligned', () => {
    const a = shard();
    const b = shard();
    a.at(200_000);
    a.stats.opened(500, false); // µs: exact in the HDR histogram below 2,048
    a.stats.opened(900, true);
    a.at(1_500_000);
    a.stats.serverClosedIdle(true);
    a.stats.reset();
    b.at(1_900_000);
    b.stats.opened(700, false);
    b.stats.connectError();
    b.stats.serverClosedAnnounced();
    b.stats.refusedRetry();
    b.stats.refusedRetry();
    b.stats.clientClosed();
    const totals = new ConnectionTotals();
    const first: ConnectionsDelta = a.stats.exportDelta();
    totals.merge(first);
    totals.merge(b.stats.exportDelta());
    totals.merge(a.stats.exportDelta()); // nothing new: an empty delta changes nothing
    const s = totals.snapshot();
    assert.deepEqual(s.counts, {
      opened: 3,
      reconnects: 1,
      connectErrors: 1,
      serverClosedAnnounced: 1,
      serverClosedIdle: 1,
      staleRetries: 1,
      refusedRetries: 2,
      reset: 1,
      clientClosed: 1,
    });
    assert.equal(s.connectTime.count, 3);
    assert.equal(s.connectTime.percentileMs(50), 0.7);
    assert.equal(s.connectTime.maxMs, 0.9);
    assert.deepEqual(s.seconds, [
      { second: 0, opened: 2, serverClosed: 0, reset: 0, connectErrors: 0 },
      { second: 1, opened: 1, serverClosed: 2, reset: 1, connectErrors: 1 },
    ]);
  });

  it('runner shards: the union adds histograms and shifts each shard’s seconds by its start offset', () => {
    const one = shard();
    one.stats.opened(100, false);
    const two = shard();
    two.stats.opened(900, false);
    two.at(1_000_000);
    two.stats.serverClosedIdle(false);
    const d1 = one.stats.exportDelta();
    const d2 = two.stats.exportDelta();
    const u = unionConnections([
      { counts: d1.counts, connectTimeHistogram: d1.connectTime, seconds: d1.seconds, offset: 0 },
      { counts: d2.counts, connectTimeHistogram: d2.connectTime, seconds: d2.seconds, offset: 2 },
      // results written before connection accounting: nothing to add
      {
        counts: new ConnectionTotals().snapshot().counts,
        connectTimeHistogram: null,
        seconds: [],
        offset: 0,
      },
    ]);
    assert.equal(u.counts.opened, 2);
    assert.equal(u.counts.serverClosedIdle, 1);
    assert.equal(u.connectTime.count, 2);
    assert.equal(u.connectTime.minMs, 0.1);
    assert.equal(u.connectTime.maxMs, 0.9);
    assert.deepEqual(u.seconds, [
      { second: 0, opened: 1, serverClosed: 0, reset: 0, connectErrors: 0 },
      { second: 2, opened: 1, serverClosed: 0, reset: 0, connectErrors: 0 },
      { second: 3, opened: 0, serverClosed: 1, reset: 0, connectErrors: 0 },
    ]);
  });
});

describe('addSeconds', () => {
  const sec = (second: number, opened: number) => ({
    second,
    opened,
    serverClosed: 0,
    reset: 0,
    connectErrors: 0,
  });
  it('finds a second through the index, appends new ones, sorts only when one lands before the last', () => {
    const into: ConnectionSecond[] = [];
    const index = new Map<number, ConnectionSecond>();
    addSeconds(into, index, [sec(0, 1), sec(1, 2)]);
    addSeconds(into, index, [sec(1, 3), sec(2, 4)]);
    addSeconds(into, index, [sec(5, 1)], 0);
    addSeconds(into, index, [sec(1, 1)], 2); // second 3: before the last (5)
    assert.deepEqual(
      into.map((s) => [s.second, s.opened]),
      [
        [0, 1],
        [1, 5],
        [2, 4],
        [3, 1],
        [5, 1],
      ],
    );
    assert.equal(index.size, 5);
    assert.equal(index.get(1), into[1]);
  });
});
