// The merge of runner shards is exact: the union's counts and every percentile equal those of one
// recorder that saw all the requests; incomplete or mixed sets are refused, naming the shards.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { executeMerge } from '../../src/merge/execute.js';
import type { RunReport } from '../../src/report/types.js';
import { recordingHost } from '../__fixtures__/host.js';
import {
  RUN,
  SHARD_CONFIG_PATH,
  SHARD_CONFIG_TEXT,
  reportOf,
  shardReport,
  writeShard,
} from '../__fixtures__/shard-results.js';

let dir: string;
let cwd: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'merge-'));
  cwd = process.cwd();
  process.chdir(dir);
  await writeFile(SHARD_CONFIG_PATH, SHARD_CONFIG_TEXT);
});
after(async () => {
  process.chdir(cwd);
  await rm(dir, { recursive: true, force: true });
});

async function merge(paths: string[], out: string) {
  const host = recordingHost();
  const result = await executeMerge(
    {
      paths,
      raw: {
        'config-path': SHARD_CONFIG_PATH,
        'output-dir': out,
        'deployment-report': '',
        'upload-artifact': 'false',
      },
      label: (n) => `--${n}`,
      run: RUN,
    },
    host,
  );
  return { ...result, host };
}

/** Everything a single run's report says about its traffic, for comparison. */
function traffic(r: RunReport) {
  return {
    totals: r.totals,
    latencyMs: r.latencyMs,
    serviceTimeMs: r.serviceTimeMs,
    queueWaitMs: r.queueWaitMs,
    ttfbMs: r.ttfbMs,
    statusCodes: r.statusCodes,
    errorKinds: r.errorKinds,
    endpoints: r.endpoints.map(({ histogram: _h, partHistograms: _p, ...e }) => e),
    slos: r.slos,
    counts: r.counts,
    timeline: r.timeline.map(
      ({ histogram: _h, queueMeanMs: _q, serviceMeanMs: _s, serviceP99Ms: _p, ...b }) => b,
    ),
    verdict: r.verdict,
  };
}

describe('merge: exact union', () => {
  for (const n of [2, 3, 4]) {
    it(`${n} shards = one recorder of all 4,000 requests (counts, every percentile, SLOs, verdict)`, async () => {
      const src = join(dir, `exact-${n}`);
      for (let i = 1; i <= n; i++) await writeShard(src, `shard-${i}`, shardReport(i, n));
      const { report } = await merge([src], join(dir, `out-${n}`));
      const whole = reportOf(() => true, { index: 1, count: 1 });
      assert.deepEqual(traffic(report), traffic(whole));
      assert.equal(report.totals.requests, 3000);
      assert.equal(report.verdict, 'pass');
      assert.equal(report.load.workers, n);
      assert.deepEqual(report.merge, {
        shards: n,
        overlapSeconds: 3,
        overlapRatio: 1,
        windows: Array.from({ length: n }, (_, i) => ({
          shard: `${i + 1}/${n}`,
          start: '2026-12-01T22:00:01.000Z',
          end: '2026-12-01T22:00:04.000Z',
        })),
      });
      assert.deepEqual(report.shard, { index: 1, count: 1, plannedStartAt: '2026-12-01T22:00:00.000Z' });
    });
  }
});

describe('merge: refusals name the shards', () => {
  const cases: Array<[string, (src: string) => Promise<void>, (src: string) => string]> = [
    [
      'a missing shard',
      async (src) => {
        for (const i of [1, 2, 4]) await writeShard(src, `s${i}`, shardReport(i, 4));
      },
      () => 'cannot merge the runner shards:\n  - shard 3/4 is missing',
    ],
    [
      'a duplicate shard',
      async (src) => {
        for (const i of [1, 2, 3]) await writeShard(src, `s${i}`, shardReport(i, 3));
        await writeShard(src, 'again', shardReport(2, 3));
      },
      (src) =>
        `cannot merge the runner shards:\n  - shard 2/3 appears 2 times: ${join(src, 'again', 'results.json')}, ${join(src, 's2', 'results.json')}`,
    ],
    [
      'a shard of another target and run',
      async (src) => {
        for (const i of [1, 2, 3]) await writeShard(src, `s${i}`, shardReport(i, 3));
        const other = shardReport(2, 3);
        await writeShard(src, 'x', {
          ...other,
          target: 'http://127.0.0.1:10/',
          run: { ...other.run, runId: '554' },
        });
      },
      (src) =>
        `cannot merge the runner shards:\n  - ${join(src, 'x', 'results.json')} is not part of this run: target http://127.0.0.1:10/ (the others: http://127.0.0.1:9/api); run acme/shop run 554 (the others: acme/shop run 555)`,
    ],
    [
      'a shard of another config',
      async (src) => {
        const other = shardReport(2, 2);
        await writeShard(src, 'a', shardReport(1, 2));
        await writeShard(src, 'b', { ...other, config: { ...other.config, digest: 'f00d' } });
      },
      (src) =>
        `cannot merge the runner shards:\n  - ${join(src, 'b', 'results.json')} is not part of this run: config digest f00d (the others: ${shardReport(1, 2).config.digest})\n  - shard 2/2 is missing`,
    ],
    [
      'results without shard data',
      async (src) => {
        const { counts: _c, ...old } = shardReport(1, 1);
        await writeShard(src, 'old', old as RunReport);
      },
      (src) =>
        `${join(src, 'old', 'results.json')}: cannot be merged exactly: it has no counts (written by a version without runner shards?)`,
    ],
  ];
  for (const [name, setUp, message] of cases) {
    it(`refuses ${name}`, async () => {
      const src = await mkdtemp(join(dir, 'bad-'));
      await setUp(src);
      await assert.rejects(merge([src], join(src, 'out')), { name: 'InputError', message: message(src) });
    });
  }
  it('refuses a config other than the shards ran', async () => {
    const src = await mkdtemp(join(dir, 'cfg-'));
    await writeShard(src, 'a', shardReport(1, 1));
    await writeFile(join(src, 'other.yml'), SHARD_CONFIG_TEXT.replace('p95: 250', 'p95: 200'));
    const host = recordingHost();
    await assert.rejects(
      executeMerge(
        {
          paths: [src],
          raw: { 'config-path': join(src, 'other.yml'), 'output-dir': join(src, 'out') },
          label: (n) => `--${n}`,
          run: RUN,
        },
        host,
      ),
      (e: Error) =>
        e.name === 'InputError' && e.message.startsWith(`${join(src, 'other.yml')}: this config (digest `),
    );
  });
});

describe('merge: overlap', () => {
  it('shards whose windows overlap 1 of 3 s → inconclusive, naming the overlap', async () => {
    const src = join(dir, 'skewed');
    await writeShard(src, 'a', shardReport(1, 2));
    await writeShard(src, 'b', shardReport(2, 2, '2026-12-01T22:00:02.000Z'));
    const { report } = await merge([src], join(dir, 'out-skewed'));
    assert.equal(report.verdict, 'inconclusive');
    assert.equal(
      report.reason,
      "the load generator was saturated: the runner shards' measured windows overlap for 1.0 s, 33 % of the shortest (at least 90 % needed): they did not load the target together (start them with start-at)",
    );
    assert.equal(report.merge?.overlapSeconds, 1);
    assert.equal(report.merge?.overlapRatio, 0.3333);
    assert.equal(report.totals.requests, 3000);
    // seconds realigned on the wall clock: 4 + 2 s offset = 6 timeline seconds
    assert.equal(report.timeline.length, 6);
  });
});
