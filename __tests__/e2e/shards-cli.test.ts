// 4 runner-shard processes (`node dist/cli.js run --shard i/4`) and `merge`, against one server that
// counts what it received: the merged results hold exactly the requests and errors it served.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createHistogram, mergeEncoded } from '../../src/metrics/histogram.js';
import { exitCodeFor } from '../../src/outputs.js';
import type { RunReport } from '../../src/report/types.js';
import { makeWorkspace, runCli } from '../__fixtures__/runner.js';
import { startServer, type TestServer } from '../__fixtures__/servers.js';

const cli = runCli;

const CONFIG =
  'load: { pattern: rate, rate: 300, duration: 4s, warm_up: 1s, concurrency: 40, workers: 1 }\n' +
  'endpoints:\n  - { name: root, path: /, expect_status: [200] }\n' +
  'thresholds:\n  latency: { p95: 250 }\n  error_rate: 20\n';

describe('runner shards end to end (node dist/cli.js)', () => {
  let server: TestServer;
  before(async () => {
    // every 10th request served gets a 503: exactly 120 of the 1,200 (warm-up included)
    server = await startServer((_req, n) => ({
      status: n % 10 === 0 ? 503 : 200,
      delayMs: n % 50 === 0 ? 40 : 1,
    }));
  });
  after(() => server.close());

  it('4 shards with a shared start + merge account for each of the 1,200 arrivals once, as the server counted them', async () => {
    const ws = makeWorkspace({ 'perf.yml': CONFIG });
    const startAt = new Date(Date.now() + 4000).toISOString();
    const runs = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        cli(
          [
            'run',
            '--target',
            server.url.href,
            '--config',
            'perf.yml',
            '--shard',
            `${i}/4`,
            '--start-at',
            startAt,
            '--results',
            `shards/s${i}`,
          ],
          ws,
        ),
      ),
    );
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const shards = [1, 2, 3, 4].map(
      (i) => JSON.parse(readFileSync(join(ws, `shards/s${i}/results.json`), 'utf8')) as RunReport,
    );
    assert.deepEqual(
      shards.map((s) => s.totals.requests),
      [225, 225, 225, 225],
    );
    assert.deepEqual(
      shards.map((s) => s.shard),
      [1, 2, 3, 4].map((index) => ({ index, count: 4, plannedStartAt: startAt })),
    );

    const merged = await cli(['merge', 'shards', '--config', 'perf.yml', '--results', 'merged'], ws);
    const report = JSON.parse(readFileSync(join(ws, 'merged/results.json'), 'utf8')) as RunReport;
    // the verdict depends on the generators' health on a shared machine; the exit code follows it
    assert.equal(merged.code, exitCodeFor(report.verdict), merged.stderr + merged.stdout);
    assert.match(merged.stdout, new RegExp(`^Verdict: ${report.verdict.toUpperCase()} — `, 'm'));
    // 1,200 arrivals: 300 in the 1 s warm-up, 900 measured; each sent once, or recorded not_sent
    // when the generator could not send it (on a busy machine)
    const both = (f: (c: RunReport['counts']['overall']) => number) =>
      f(report.counts.overall) + f(report.counts.warmUp);
    const notSent = both((c) => c.errorKinds.not_sent ?? 0);
    assert.equal(report.totals.requests, 900);
    assert.equal(report.totals.warmUpRequests, 300);
    assert.equal(server.received, 1200 - notSent);
    // the server answered every 10th request it received with a 503
    assert.equal(
      both((c) => c.statusCodes['503'] ?? 0),
      Math.ceil(server.received / 10),
    );
    assert.equal(
      both((c) => c.errors),
      Math.ceil(server.received / 10) + notSent,
    );
    assert.equal(report.totals.errors, report.counts.overall.errors);
    // percentiles = those of one histogram of all four shards' samples
    const all = createHistogram();
    for (const s of shards) mergeEncoded(all, s.histogram);
    const pct = (p: number) => Math.round((all.getValueAtPercentile(p) / 1000) * 1000) / 1000;
    assert.deepEqual(
      [report.latencyMs.p50, report.latencyMs.p90, report.latencyMs.p95, report.latencyMs.p99],
      [pct(50), pct(90), pct(95), pct(99)],
    );
    assert.equal(all.totalCount, 900);
    assert.equal(
      shards.reduce((a, r) => a + r.totals.requests + r.totals.warmUpRequests, 0),
      1200,
    );
    assert.equal(report.merge?.shards, 4);
    assert.ok(report.merge!.overlapRatio >= 0.99, `overlap ${report.merge!.overlapRatio}`);
  });

  it('merge with a shard missing exits 2 and names it', async () => {
    const ws = makeWorkspace({ 'perf.yml': CONFIG });
    const r = await cli(
      [
        'run',
        '--target',
        server.url.href,
        '--config',
        'perf.yml',
        '--shard',
        '1/2',
        '--duration',
        '2s',
        '--results',
        'shards/s1',
      ],
      ws,
    );
    assert.equal(r.code, 0, r.stderr);
    const merged = await cli(['merge', 'shards', '--config', 'perf.yml'], ws);
    assert.equal(merged.code, 2);
    assert.equal(merged.stderr, 'error: cannot merge the runner shards:\n  - shard 2/2 is missing\n');
  });
});
