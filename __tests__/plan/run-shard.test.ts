// Runner shards divide the load exactly: every user and every arrival belongs to one shard.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shardShare } from '../../src/plan/patterns.js';
import { laneOf, runShardArrivals, runShardShare, streamsPerConnection } from '../../src/plan/run-shard.js';
import { parseRunShard } from '../../src/settings/run-shard.js';
import { plannedStartEpochMs } from '../../src/plan/start.js';

describe('parseRunShard', () => {
  const cases: Array<[string, { index: number; count: number } | null]> = [
    ['2/4', { index: 2, count: 4 }],
    ['1/1', { index: 1, count: 1 }],
    [' 4/4 ', { index: 4, count: 4 }],
    ['0/4', null],
    ['5/4', null],
    ['2', null],
    ['2/0', null],
    ['1/257', null],
    ['a/b', null],
  ];
  for (const [text, expected] of cases) {
    it(`"${text}" → ${JSON.stringify(expected)}`, () => assert.deepEqual(parseRunShard(text), expected));
  }
});

describe('runner shard division', () => {
  it('the shares of users over n shards add up to exactly the total (0..50 users, 1..8 shards)', () => {
    for (let total = 0; total <= 50; total++) {
      for (let count = 1; count <= 8; count++) {
        let sum = 0;
        for (let index = 1; index <= count; index++) sum += runShardShare(total, { index, count });
        assert.equal(sum, total, `${total} users over ${count}`);
      }
    }
  });
  it('arrivals 1,000..1,999 split 4 ways: 250 each', () => {
    const got = [1, 2, 3, 4].map((index) => runShardArrivals(1000, 2000, { index, count: 4 }));
    assert.deepEqual(got, [250, 250, 250, 250]);
  });
  it('arrivals 0..9 split 4 ways: 3, 3, 2, 2 (the first shards take the remainder)', () => {
    const got = [1, 2, 3, 4].map((index) => runShardArrivals(0, 10, { index, count: 4 }));
    assert.deepEqual(got, [3, 3, 2, 2]);
  });
  it('worker lanes of all runner shards cover every user once, whatever each runner`s worker count', () => {
    // runner shards 1..3 of 3 with 1, 2 and 4 worker threads; 101 users
    const workers = [1, 2, 4];
    const owner = new Array<number>(101).fill(0);
    workers.forEach((w, r) => {
      for (let worker = 0; worker < w; worker++) {
        const { lane, lanes } = laneOf({ index: r + 1, count: 3 }, worker, w);
        for (let u = 0; u < 101; u++) if (u % lanes === lane) owner[u]++;
        const share = shardShare(101, lane, lanes);
        assert.equal(
          share,
          Array.from({ length: 101 }, (_, u) => u).filter((u) => u % lanes === lane).length,
        );
      }
    });
    assert.deepEqual(owner, new Array<number>(101).fill(1));
  });
});

describe('plannedStartEpochMs', () => {
  const now = Date.parse('2026-12-01T22:59:41.250Z');
  it('no start-at → null', () => assert.equal(plannedStartEpochMs(null, now), null));
  it('a time → that time', () =>
    assert.equal(plannedStartEpochMs({ kind: 'time', epochMs: now + 5000 }, now), now + 5000));
  it('next:1m → the next whole minute', () =>
    assert.equal(
      new Date(plannedStartEpochMs({ kind: 'boundary', everySeconds: 60 }, now)!).toISOString(),
      '2026-12-01T23:00:00.000Z',
    ));
  it('next:15s → the next quarter minute', () =>
    assert.equal(
      new Date(plannedStartEpochMs({ kind: 'boundary', everySeconds: 15 }, now)!).toISOString(),
      '2026-12-01T22:59:45.000Z',
    ));
  it('more than an hour ahead → an input error naming the time', () =>
    assert.throws(
      () => plannedStartEpochMs({ kind: 'time', epochMs: now + 2 * 3600_000 }, now),
      /^InputError: start-at 2026-12-02T00:59:41.250Z is 120 minutes ahead; at most 60 minutes are allowed/,
    ));
});

describe('streamsPerConnection (HTTP/2): the most streams one connection carries among the lanes', () => {
  const whole = { index: 1, count: 1 };
  const cases: Array<[string, number, number, { index: number; count: number }, number, number]> = [
    ['25 users over 3 connections, one lane: 9, 8, 8', 25, 3, whole, 1, 9],
    ['2 lanes: 13 users over 2 connections, 12 over 1', 25, 3, whole, 2, 12],
    ['2 lanes near nginx’s 128: 135 users on lane 1’s one connection', 270, 3, whole, 2, 135],
    ['1,000 users over 10 connections on 2 lanes: 100 each', 1000, 10, whole, 2, 100],
    ['runner shard 2 of 2, one worker: lane 1 of 2', 25, 3, { index: 2, count: 2 }, 1, 12],
    ['more lanes than connections: each lane keeps one', 10, 1, whole, 2, 5],
  ];
  for (const [name, users, connections, shard, workers, expected] of cases) {
    it(name, () => assert.equal(streamsPerConnection(users, connections, shard, workers), expected));
  }
});
