// The trend: this run against the 5 runs before it (deltas + charts) in the job summary, the PR
// comment and report.html, rendered from results files committed on disk; the pure choices of the
// previous-run lookup; a missing baseline is a notice and changes nothing else.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { publishReports } from '../../src/report/publish.js';
import { renderSummary } from '../../src/report/summary.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderPrComment } from '../../src/report/pr-comment.js';
import { renderTrend } from '../../src/report/trend.js';
import {
  latestRuns,
  pickArtifact,
  readHistory,
  seriesMismatch,
  workflowFile,
  type History,
} from '../../src/report/history.js';
import type { RunReport } from '../../src/report/types.js';
import { passReport } from '../__fixtures__/report-fixtures.js';
import { assertGolden } from './golden-helper.js';
import { TREND_FIXTURES } from './trend-fixtures.js';
import { baseSettings, recordingDeps } from './publish-helper.js';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function fiveRuns(): Promise<History> {
  return { runs: latestRuns(await readHistory(TREND_FIXTURES), 10), notes: [] };
}

describe('trend from 5 results files on disk', () => {
  it('reads them oldest first with their figures', async () => {
    const { runs } = await fiveRuns();
    assert.deepEqual(
      runs.map((r) => [
        r.run.runId,
        r.latencyMs.p95,
        r.latencyMs.p99,
        r.totals.throughputRps,
        r.totals.errorRatePercent,
      ]),
      [
        ['987601', 101.5, 180.25, 1021.4, 0.01],
        ['987602', 104.25, 186.5, 1018.2, 0.02],
        ['987603', 103.75, 184, 1024.9, 0],
        ['987604', 108.5, 193.75, 1011.6, 0.05],
        ['987605', 112, 201.5, 1003.3, 0.03],
      ],
    );
  });

  it('job summary golden: deltas against run 987605, 6-point charts', async () => {
    const md = renderSummary(passReport, { trend: renderTrend(passReport, await fiveRuns()) });
    assertGolden('summary.trend.md', md);
  });

  it('PR comment golden: the same deltas and charts', async () =>
    assertGolden('pr-comment.trend.md', renderPrComment(passReport, await fiveRuns())));

  it('report.html golden: delta table and SVG trend charts', async () =>
    assertGolden('report.trend.html', renderHtmlReport(passReport, await fiveRuns())));

  it('the delta row of p95 reads the newest run (112 ms) against this run', async () => {
    const trend = renderTrend(passReport, await fiveRuns());
    const row = trend.split('\n').find((l) => l.startsWith('| p95 |'));
    assert.equal(row, '| p95 | 112 | 120.25 | ▲ +8.25 ms (+7.4%) |');
    assert.match(trend, /line \[101\.5, 104\.25, 103\.75, 108\.5, 112, [\d.]+\]/);
    assert.match(trend, /line \[1021\.4, 1018\.2, 1024\.9, 1011\.6, 1003\.3, [\d.]+\]/);
    assert.match(trend, /line \[0\.01, 0\.02, 0, 0\.05, 0\.03, [\d.]+\]/);
  });

  it('latestRuns keeps the newest n by start time', async () => {
    const { runs } = await fiveRuns();
    assert.deepEqual(
      latestRuns([...runs].reverse(), 3).map((r) => r.run.runId),
      ['987603', '987604', '987605'],
    );
  });
});

describe('renderTrend without runs', () => {
  it('no runs, no notes → no section', () =>
    assert.equal(renderTrend(passReport, { runs: [], notes: [] }), ''));
  it('notes only → the notes, escaped', () =>
    assert.equal(
      renderTrend(passReport, { runs: [], notes: ['no successful run of ci.yml on main_branch'] }),
      '### Compared with earlier runs\n\n_no successful run of ci.yml on main&#95;branch_',
    ));
});

describe('workflowFile', () => {
  const cases: Array<[string, string, string | null]> = [
    ['branch ref', 'acme/shop/.github/workflows/deploy.yml@refs/heads/main', 'deploy.yml'],
    ['pull request ref', 'acme/shop/.github/workflows/load test.yaml@refs/pull/42/merge', 'load test.yaml'],
    ['no @ref', 'acme/shop/.github/workflows/deploy.yml', null],
    ['not a workflow path', 'acme/shop/deploy.yml@refs/heads/main', null],
    ['a subfolder is not a workflow', 'acme/shop/.github/workflows/x/deploy.yml@refs/heads/main', null],
  ];
  for (const [name, ref, want] of cases) it(name, () => assert.equal(workflowFile(ref), want));
});

describe('pickArtifact', () => {
  const a = (id: number, name: string, expired = false) => ({ id, name, size_in_bytes: 10, expired });
  const cases: Array<[string, ReturnType<typeof a>[], number | null]> = [
    ['the named one among others', [a(1, 'coverage'), a(2, 'slo-loadtest-report')], 2],
    ['an expired one is not used', [a(3, 'slo-loadtest-report', true)], null],
    ['a shard artifact is not the report', [a(4, 'slo-loadtest-shard-1')], null],
    ['none', [], null],
  ];
  for (const [name, list, want] of cases)
    it(name, () => assert.equal(pickArtifact(list, 'slo-loadtest-report')?.id ?? null, want));
});

describe('seriesMismatch', () => {
  const cases: Array<[string, Partial<RunReport>, string | null]> = [
    ['the same series', {}, null],
    [
      'other target',
      { target: 'https://prod.example.com/api' },
      'target https://prod.example.com/api, not https://staging.example.com/api',
    ],
    ['other environment', { environment: 'production' }, 'environment production, not staging'],
    [
      'other config',
      { config: { path: 'x.yml', digest: 'abc' } },
      `config digest abc, not ${passReport.config.digest}`,
    ],
    ['other stage', { stage: 'canary-10' }, 'stage canary-10, not (none)'],
    ['a runner shard', { shard: { index: 2, count: 4, plannedStartAt: null } }, 'shard 2/4, not 1/1'],
  ];
  for (const [name, over, want] of cases)
    it(name, () => assert.equal(seriesMismatch(passReport, { ...passReport, ...over }), want));
});

describe('baseline in publishReports', () => {
  it('files: the summary carries the trend of the 5 files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trend-files-'));
    dirs.push(dir);
    const deps = recordingDeps();
    const settings = baseSettings(join(dir, 'out'), { baseline: { kind: 'files', path: TREND_FIXTURES } });
    const outcome = await publishReports(passReport, settings, deps);
    assert.deepEqual(outcome.failed, []);
    assert.deepEqual(
      outcome.history.runs.map((r) => r.run.runId),
      ['987601', '987602', '987603', '987604', '987605'],
    );
    assert.equal(
      deps.summaries[0],
      renderSummary(passReport, { trend: renderTrend(passReport, await fiveRuns()) }),
    );
  });

  it('trend-runs 2: only the 2 newest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trend-two-'));
    dirs.push(dir);
    const settings = baseSettings(join(dir, 'out'), {
      baseline: { kind: 'files', path: TREND_FIXTURES },
      trendRuns: 2,
    });
    const outcome = await publishReports(passReport, settings, recordingDeps());
    assert.deepEqual(
      outcome.history.runs.map((r) => r.run.runId),
      ['987604', '987605'],
    );
  });

  it('a missing baseline is a notice; the summary says so, nothing fails, the report is unchanged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trend-missing-'));
    dirs.push(dir);
    const deps = recordingDeps();
    const settings = baseSettings(join(dir, 'out'), { baseline: { kind: 'files', path: join(dir, 'nope') } });
    const before = JSON.stringify(passReport);
    const outcome = await publishReports(passReport, settings, deps);
    assert.deepEqual([outcome.failed, deps.warnings], [[], []]);
    assert.equal(deps.notices.length, 1);
    assert.match(
      deps.notices[0]!,
      /^no baseline to compare with: ENOENT: no such file or directory, stat '.*nope'$/,
    );
    assert.equal(
      deps.summaries[0],
      renderSummary(passReport, { trend: renderTrend(passReport, { runs: [], notes: deps.notices }) }),
    );
    assert.equal(JSON.stringify(passReport), before); // the verdict and every figure unchanged
  });

  it('previous-run without a token: a notice naming what is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trend-token-'));
    dirs.push(dir);
    const deps = recordingDeps();
    const settings = baseSettings(join(dir, 'out'), {
      baseline: { kind: 'previous-run', workflowRef: null, eventPath: null },
    });
    const outcome = await publishReports(passReport, settings, deps);
    assert.deepEqual([outcome.failed, deps.warnings], [[], []]);
    assert.deepEqual(deps.notices, [
      'no baseline to compare with: previous-run needs input github-token (a token with actions: read), GITHUB_WORKFLOW_REF',
    ]);
  });
});
