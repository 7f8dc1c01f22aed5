// baseline: previous-run end to end, as the runner runs it: `node dist/index.js` against a loopback
// target, GITHUB_API_URL pointing at the fake GitHub REST API holding 5 earlier successful runs of
// the workflow on the default branch (their report artifacts: zips of the committed results files).
// The summary, the PR comment and report.html show those five runs' figures; with no runs or a 404
// the baseline is a notice and the verdict and exit code are those of a run without one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatNumber } from '../../src/format.js';
import { readHistory } from '../../src/report/history.js';
import type { RunReport } from '../../src/report/types.js';
import { startFakeGithubApi, type FakeGithubApi } from '../__fixtures__/fake-github-api.js';
import { makeWorkspace, runAction, type ActionRun } from '../__fixtures__/runner.js';
import { startServer, type TestServer } from '../__fixtures__/servers.js';
import { writeZip } from '../__fixtures__/zip-writer.js';
import { TREND_FIXTURES } from '../report/trend-fixtures.js';

const TOKEN = 'ghs_e2e_baseline';
const CONFIG = `
load:
  concurrency: 4
  duration: 3s
thresholds:
  latency: { p50: 100, p95: 250 }
  error_rate: 1
`;
const BREACH = CONFIG.replace('p50: 100', 'p50: 0.001');

describe('baseline previous-run end to end (node dist/index.js, fake GitHub API)', () => {
  let target: TestServer;
  let gh: FakeGithubApi;
  let workspace: string;
  let plain: ActionRun;
  let earlier: RunReport[];
  before(async () => {
    // 4 users, 10 ms answers: ~1,000 light requests, so a busy machine does not saturate the generator
    target = await startServer(() => ({ delayMs: 10 }));
    gh = await startFakeGithubApi(TOKEN, 2);
    workspace = makeWorkspace({
      'deploy/performance_config.yml': CONFIG,
      'deploy/breach.yml': BREACH,
      'event.json': JSON.stringify({ pull_request: { number: 7 }, repository: { default_branch: 'main' } }),
    });
    // a run without a baseline: what this target, config and environment look like in results.json
    plain = await runAction(inputs(), { workspace, env: { GITHUB_REF: 'refs/heads/main' } });
    assert.equal(plain.exitCode, 0, plain.stdout + plain.stderr);
    const current = JSON.parse(
      readFileSync(resolve(workspace, plain.outputs['results-json']!), 'utf8'),
    ) as RunReport;
    // the 5 committed earlier runs, as runs of this same target and config
    earlier = (await readHistory(TREND_FIXTURES)).map((r) => ({
      ...r,
      target: current.target,
      environment: current.environment,
      config: current.config,
      shard: current.shard,
    }));
    gh.runs = earlier.map((r, i) => ({
      id: Number(r.run.runId),
      run_number: 40 + i,
      workflow: 'deploy.yml',
      head_branch: 'main',
      conclusion: 'success',
      created_at: r.startedAt,
      artifacts: [
        {
          id: 700 + i,
          name: 'slo-loadtest-report',
          zip: writeZip({ 'results.json': JSON.stringify(r), 'report.md': '# earlier\n' }),
        },
      ],
    }));
  });
  after(async () => {
    await target.close();
    await gh.close();
  });

  function inputs(over: Record<string, string> = {}): Record<string, string> {
    return { 'target-url': target.url.href, 'config-path': 'deploy/performance_config.yml', ...over };
  }
  /** The runner's environment of a pull-request run of deploy.yml, the API at the fake. */
  function prEnv(): Record<string, string> {
    return {
      GITHUB_API_URL: gh.url.href.replace(/\/$/, ''),
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/deploy.yml@refs/pull/7/merge',
      GITHUB_EVENT_PATH: join(workspace, 'event.json'),
      GITHUB_EVENT_NAME: 'pull_request',
    };
  }
  const baselineInputs = (over: Record<string, string> = {}) =>
    inputs({ baseline: 'previous-run', 'github-token': TOKEN, ...over });

  it('5 previous runs: the summary, the PR comment and report.html carry their figures', async () => {
    const run = await runAction(baselineInputs(), { workspace, env: prEnv() });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.verdict, 'pass');
    const o = run.outputs;
    // the delta table: the newest earlier run (987605: p95 112, p99 201.5, 1,003.3 req/s, 0.03 %)
    assert.match(
      run.summary,
      /^### Compared with the previous run \(\[run 987605\]\(https:\/\/github\.com\/acme\/shop\/actions\/runs\/987605\)\)$/m,
    );
    const deltas = run.summary.slice(run.summary.indexOf('### Compared with the previous run')).split('\n');
    const row = (name: string) => deltas.find((l) => l.startsWith(`| ${name} | `))!.split(' | ');
    assert.deepEqual(row('p95').slice(1, 3), ['112', formatNumber(Number(o['p95-ms']))]);
    assert.deepEqual(row('p99').slice(1, 2), ['201.5']);
    assert.deepEqual(row('throughput').slice(1, 2), ['1,003.3']);
    assert.deepEqual(row('error rate').slice(1, 2), ['0.03']);
    // the charts: the five files' figures, oldest first, then this run's
    const last = (v: string) => String(Math.round(Number(v) * 100) / 100);
    assert.ok(run.summary.includes('### Trend over the last 6 runs'));
    const trendSection = run.summary.slice(run.summary.indexOf('### Trend over the last 6 runs'));
    const trend = trendSection.slice(0, trendSection.indexOf('\n### ', 1));
    const lines = [...trend.matchAll(/^ {4}line \[(.*)\]$/gm)].map((m) => m[1]);
    assert.deepEqual(lines, [
      `101.5, 104.25, 103.75, 108.5, 112, ${last(o['p95-ms']!)}`,
      `180.25, 186.5, 184, 193.75, 201.5, ${last(o['p99-ms']!)}`,
      `1021.4, 1018.2, 1024.9, 1011.6, 1003.3, ${last(o['throughput-rps']!)}`,
      `0.01, 0.02, 0, 0.05, 0.03, ${last(o['error-rate-percent']!)}`,
    ]);
    assert.match(
      run.summary,
      /x-axis \["run 987601", "run 987602", "run 987603", "run 987604", "run 987605", "this run"\]/,
    );
    // the PR comment: the same section
    const comment = gh.comments.get('acme/shop#7')!.at(-1)!.body;
    assert.ok(
      lines.every((l) => comment.includes(`\n    line [${l}]\n`)),
      comment,
    );
    assert.ok(comment.includes('| p95 | 112 | '), comment);
    // report.html: the delta table and an SVG chart per figure
    const html = readFileSync(join(workspace, 'loadtest-results', 'report.html'), 'utf8');
    assert.ok(html.includes('<h2>Trend over the last 6 runs</h2>'), 'report.html has the trend');
    assert.ok(html.includes('<tr><td>p95</td><td class="n">112</td>'), 'report.html has the deltas');
    assert.equal((html.match(/aria-label="(Latency p95 \/ p99|Throughput|Error rate)"/g) ?? []).length, 3);
    // the lookup: default branch from the PR event, successful runs only, the blob without the token
    assert.ok(
      gh.requests.some(
        (r) =>
          r.path ===
          '/repos/acme/shop/actions/workflows/deploy.yml/runs?branch=main&status=success&per_page=30',
      ),
      gh.requests.map((r) => r.path).join('\n'),
    );
    const blobs = gh.requests.filter((r) => r.path.startsWith('/blob/'));
    assert.equal(blobs.length, 5);
    assert.ok(
      blobs.every((b) => b.auth === undefined),
      'the blob GET carries no token',
    );
    // the token is registered with the runner's mask, and printed nowhere else
    const leaks = run.stdout.split('\n').filter((l) => l.includes(TOKEN) && !l.startsWith('::add-mask::'));
    assert.deepEqual(leaks, []);
  });

  it('no previous runs: a notice, and the verdict and exit code of a run without a baseline', async () => {
    const runs = gh.runs;
    gh.runs = runs.map((r) => ({ ...r, conclusion: 'failure' as const }));
    try {
      const run = await runAction(baselineInputs({ 'pr-comment': 'false' }), { workspace, env: prEnv() });
      assert.deepEqual(
        [run.exitCode, run.outputs.verdict, run.outputs.passed],
        [plain.exitCode, 'pass', 'true'],
      );
      assert.match(run.stdout, /^::notice::no successful run of deploy\.yml on main to compare with$/m);
      assert.match(
        run.summary,
        /^### Compared with earlier runs\n\n_no successful run of deploy\.yml on main to compare with_$/m,
      );
      assert.ok(!run.summary.includes('### Trend over'));
    } finally {
      gh.runs = runs;
    }
  });

  it('the API answers 404: a notice; a breach still fails with exit code 1, as without a baseline', async () => {
    const breach = { 'config-path': 'deploy/breach.yml', 'pr-comment': 'false' };
    const without = await runAction(inputs(breach), { workspace, env: prEnv() });
    gh.actionsStatus = 404;
    try {
      const run = await runAction(baselineInputs(breach), { workspace, env: prEnv() });
      assert.deepEqual([without.exitCode, without.outputs.verdict], [1, 'fail']);
      assert.deepEqual(
        [run.exitCode, run.outputs.verdict, run.outputs.rollback],
        [1, 'fail', without.outputs.rollback],
      );
      assert.match(
        run.stdout,
        /^::notice::no baseline to compare with: Not Found - https:\/\/docs\.github\.com\/rest$/m,
      );
      assert.match(
        run.summary,
        /^_no baseline to compare with: Not Found - https:\/\/docs\.github\.com\/rest_$/m,
      );
    } finally {
      gh.actionsStatus = null;
    }
  });
});
