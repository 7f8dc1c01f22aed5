// The merge action the way the runner runs it: two shard jobs (`node dist/index.js` with shard i/2)
// upload their results to the fake Results service; the merge job (`node dist/merge/index.js`)
// lists and downloads them with @actions/artifact, merges them exactly and reports like a run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunReport } from '../../src/report/types.js';
import {
  runtimeToken,
  startFakeResultsService,
  type FakeResultsService,
} from '../__fixtures__/fake-results-service.js';
import { makeWorkspace, runAction } from '../__fixtures__/runner.js';
import { startServer, type TestServer } from '../__fixtures__/servers.js';

const CONFIG =
  'load: { pattern: rate, rate: 200, duration: 3s, warm_up: 1s, concurrency: 20, workers: 1 }\n' +
  'endpoints:\n  - { name: root, path: /, expect_status: [200] }\n' +
  'thresholds:\n  latency: { p95: 1000 }\n  error_rate: 20\n';

describe('merge action end to end (node dist/merge/index.js)', () => {
  let server: TestServer;
  let fake: FakeResultsService;
  before(async () => {
    server = await startServer((_req, n) => ({ status: n % 20 === 0 ? 503 : 200 }));
    fake = await startFakeResultsService('500');
  });
  after(async () => {
    await server.close();
    await fake.close();
  });

  const env = (job: string) => ({
    ACTIONS_RUNTIME_TOKEN: runtimeToken('run-backend-7', job),
    ACTIONS_RESULTS_URL: `${fake.url.href}`,
  });

  it('2 shard jobs upload, the merge job downloads both, judges the union, sets outputs and uploads the report', async () => {
    const ws = makeWorkspace({ 'deploy/performance_config.yml': CONFIG });
    const startAt = new Date(Date.now() + 3000).toISOString();
    const shards = await Promise.all(
      [1, 2].map((i) =>
        runAction(
          {
            'target-url': server.url.href,
            shard: `${i}/2`,
            'start-at': startAt,
            'artifact-name': `slo-loadtest-shard-${i}`,
            'output-dir': `out-${i}`,
            'deployment-report': '',
          },
          { workspace: ws, env: env(`job-shard-${i}`) },
        ),
      ),
    );
    for (const s of shards) assert.equal(s.exitCode, 0, s.stdout + s.stderr);
    assert.deepEqual(
      fake.artifacts.map((a) => [a.name, a.finalized]).sort(),
      [
        ['slo-loadtest-shard-1', true],
        ['slo-loadtest-shard-2', true],
      ].sort(),
    );

    const merge = await runAction(
      { 'shard-artifacts': 'slo-loadtest-shard-*', 'output-dir': 'merged', 'deployment-report': '' },
      { workspace: ws, env: env('job-merge'), entry: 'dist/merge/index.js' },
    );
    const report = JSON.parse(readFileSync(join(ws, merge.outputs['results-json']!), 'utf8')) as RunReport;
    assert.equal(
      merge.exitCode,
      report.verdict === 'pass' ? 0 : report.verdict === 'fail' ? 1 : 3,
      merge.stdout,
    );
    assert.deepEqual(fake.downloads.sort(), ['slo-loadtest-shard-1', 'slo-loadtest-shard-2']);
    assert.deepEqual(fake.errors, []);
    // 600 arrivals (200/s × 3 s), 400 of them measured; every 20th response served is a 503
    assert.equal(
      report.counts.overall.requests + report.counts.warmUp.requests,
      600,
      JSON.stringify(report.counts),
    );
    const both = (f: (c: RunReport['counts']['overall']) => number) =>
      f(report.counts.overall) + f(report.counts.warmUp);
    const notSent = both((c) => c.errorKinds.not_sent ?? 0); // arrivals a busy generator could not send
    assert.equal(server.received, 600 - notSent);
    assert.equal(report.totals.requests, 400);
    assert.equal(
      both((c) => c.statusCodes['503'] ?? 0),
      Math.ceil(server.received / 20),
    );
    assert.equal(merge.outputs.verdict, report.verdict);
    assert.equal(merge.outputs['p95-ms'], String(report.latencyMs.p95));
    assert.equal(report.merge?.shards, 2);
    assert.match(
      merge.summary,
      /\*\*Merged:\*\* 2 runner shards, measured windows overlap [\d.]+ s \([\d.]+ %\)/,
    );
    // the merged report is uploaded like a run's
    const uploaded = fake.artifacts.find((a) => a.name === 'slo-loadtest-report');
    assert.equal(uploaded?.finalized, true);
  });

  it('a shard missing: exit 2, outputs verdict=error, and the missing shard named', async () => {
    const ws = makeWorkspace({ 'deploy/performance_config.yml': CONFIG });
    const one = await runAction(
      {
        'target-url': server.url.href,
        shard: '1/3',
        'artifact-name': 'lonely-shard-1',
        'output-dir': 'out',
        'deployment-report': '',
      },
      {
        workspace: ws,
        env: { ...env('job-lonely'), ACTIONS_RUNTIME_TOKEN: runtimeToken('run-backend-8', 'j1') },
      },
    );
    assert.equal(one.exitCode, 0, one.stdout);
    const merge = await runAction(
      { 'shard-artifacts': 'lonely-shard-*', 'deployment-report': '' },
      {
        workspace: ws,
        env: { ...env('job-merge'), ACTIONS_RUNTIME_TOKEN: runtimeToken('run-backend-8', 'j2') },
        entry: 'dist/merge/index.js',
      },
    );
    assert.equal(merge.exitCode, 2);
    assert.equal(merge.outputs.verdict, 'error');
    assert.match(
      merge.stdout,
      /::error::cannot merge the runner shards:%0A  - shard 2\/3 is missing%0A  - shard 3\/3 is missing/,
    );
  });
});
