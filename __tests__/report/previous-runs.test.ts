// baseline: previous-run against the fake GitHub REST API: the workflow's successful runs on the
// default branch (paginated), their artifacts, the 302 to the blob, the zip's results.json; runs
// that cannot be used are skipped with a note; a failed listing throws.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fetchPreviousRuns, type PreviousRunQuery } from '../../src/report/previous-runs.js';
import { readHistory } from '../../src/report/history.js';
import type { RunReport } from '../../src/report/types.js';
import {
  startFakeGithubApi,
  type FakeGithubApi,
  type FakeWorkflowRun,
} from '../__fixtures__/fake-github-api.js';
import { writeZip } from '../__fixtures__/zip-writer.js';
import { passReport } from '../__fixtures__/report-fixtures.js';
import { TREND_FIXTURES } from './trend-fixtures.js';

const TOKEN = 'ghs_previous_runs';
const ARTIFACT = 'slo-loadtest-report';

describe('fetchPreviousRuns (fake GitHub REST API)', () => {
  let gh: FakeGithubApi;
  let dir: string;
  let fixtures: RunReport[];
  let eventPath: string;
  before(async () => {
    gh = await startFakeGithubApi(TOKEN, 2);
    dir = await mkdtemp(join(tmpdir(), 'previous-runs-'));
    fixtures = await readHistory(TREND_FIXTURES);
    eventPath = join(dir, 'event.json');
    await writeFile(
      eventPath,
      JSON.stringify({ pull_request: { number: 42 }, repository: { default_branch: 'trunk' } }),
    );
  });
  after(async () => {
    await gh.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    gh.runs = [];
    gh.requests.length = 0;
    gh.actionsStatus = null;
    gh.defaultBranch = 'main';
  });

  /** Fixture run i (0-based) as a successful run on `branch` with the report artifact. */
  const run = (i: number, branch = 'main', over: Partial<FakeWorkflowRun> = {}): FakeWorkflowRun => ({
    id: Number(fixtures[i]!.run.runId),
    run_number: 100 + i,
    workflow: 'deploy.yml',
    head_branch: branch,
    conclusion: 'success',
    created_at: fixtures[i]!.startedAt,
    artifacts: [
      { id: 9000 + i, name: 'coverage', zip: writeZip({ 'lcov.info': 'x' }) },
      {
        id: 5000 + i,
        name: ARTIFACT,
        zip: writeZip({ 'results.json': JSON.stringify(fixtures[i]), 'report.md': '# r\n' }),
      },
    ],
    ...over,
  });
  const query = (over: Partial<PreviousRunQuery> = {}): PreviousRunQuery => ({
    apiUrl: gh.url.href,
    token: TOKEN,
    repository: 'acme/shop',
    workflowRef: 'acme/shop/.github/workflows/deploy.yml@refs/pull/42/merge',
    eventPath: null,
    runId: '987654',
    artifactName: ARTIFACT,
    maxRuns: 10,
    current: passReport,
    ...over,
  });

  it('5 successful runs on main, 2 per page: all 5, oldest first, with their figures; the blob without the token', async () => {
    gh.runs = [0, 1, 2, 3, 4].map((i) => run(i));
    const h = await fetchPreviousRuns(query());
    assert.deepEqual(h.notes, []);
    assert.deepEqual(
      h.runs.map((r) => [r.run.runId, r.latencyMs.p95, r.totals.throughputRps]),
      fixtures.map((r) => [r.run.runId, r.latencyMs.p95, r.totals.throughputRps]),
    );
    const paths = gh.requests.map((r) => r.path);
    assert.equal(paths[0], '/repos/acme/shop');
    assert.deepEqual(
      paths.filter((p) => p.includes('/workflows/')),
      [
        '/repos/acme/shop/actions/workflows/deploy.yml/runs?branch=main&status=success&per_page=30',
        '/repos/acme/shop/actions/workflows/deploy.yml/runs?branch=main&status=success&per_page=2&page=2',
        '/repos/acme/shop/actions/workflows/deploy.yml/runs?branch=main&status=success&per_page=2&page=3',
      ],
    );
    const blobs = gh.requests.filter((r) => r.path.startsWith('/blob/'));
    assert.deepEqual(
      blobs.map((b) => [b.path.split('?')[0], b.auth]),
      [5004, 5003, 5002, 5001, 5000].map((id) => [`/blob/artifacts/${id}.zip`, undefined]),
    );
    assert.ok(
      !gh.requests.some((r) => r.path.includes('/artifacts/900')),
      'only the report artifact is downloaded',
    );
  });

  it('a PR run looks at the default branch of the event payload, not its own branch', async () => {
    gh.runs = [run(0, 'trunk'), run(1, 'feature/x'), run(2, 'trunk'), run(3, 'main')];
    const h = await fetchPreviousRuns(query({ eventPath }));
    assert.deepEqual(
      h.runs.map((r) => r.run.runId),
      ['987601', '987603'],
    );
    assert.ok(!gh.requests.some((r) => r.path === '/repos/acme/shop'), 'the payload named the branch');
  });

  it('trend-runs 3: the 3 newest, no more downloads than needed', async () => {
    gh.runs = [0, 1, 2, 3, 4].map((i) => run(i));
    const h = await fetchPreviousRuns(query({ maxRuns: 3 }));
    assert.deepEqual(
      h.runs.map((r) => r.run.runId),
      ['987603', '987604', '987605'],
    );
    assert.equal(gh.requests.filter((r) => r.path.startsWith('/blob/')).length, 3);
  });

  it('failed runs and this run itself are not baselines', async () => {
    gh.runs = [run(0), run(1, 'main', { conclusion: 'failure' }), run(2, 'main', { id: 987654 })];
    const h = await fetchPreviousRuns(query());
    assert.deepEqual(
      h.runs.map((r) => r.run.runId),
      ['987601'],
    );
  });

  it('unusable runs are skipped, each with a note; the usable ones are kept', async () => {
    const other = { ...fixtures[3]!, target: 'https://prod.example.com/api' };
    gh.runs = [
      run(0),
      run(1, 'main', { artifacts: [{ id: 6001, name: 'coverage', zip: writeZip({ a: 'b' }) }] }),
      run(2, 'main', { artifacts: [{ id: 6002, name: ARTIFACT, zip: Buffer.from('not a zip at all') }] }),
      run(3, 'main', {
        artifacts: [{ id: 6003, name: ARTIFACT, zip: writeZip({ 'results.json': JSON.stringify(other) }) }],
      }),
      run(4, 'main', { artifacts: [{ id: 6004, name: ARTIFACT, zip: writeZip({ 'report.md': '#' }) }] }),
      {
        ...run(0),
        id: 987600,
        created_at: '2025-02-19T10:00:00.000Z',
        artifacts: [{ id: 6005, name: ARTIFACT, zip: null, expired: true }],
      },
      {
        ...run(0),
        id: 987599,
        created_at: '2025-02-18T10:00:00.000Z',
        artifacts: [{ id: 6006, name: ARTIFACT, zip: null }],
      },
    ];
    const h = await fetchPreviousRuns(query());
    assert.deepEqual(
      h.runs.map((r) => r.run.runId),
      ['987601'],
    );
    assert.deepEqual(h.notes, [
      'run 987605 (#104) skipped: artifact slo-loadtest-report has no results.json',
      'run 987604 (#103) skipped: it measured target https://prod.example.com/api, not https://staging.example.com/api',
      'run 987603 (#102) skipped: could not be read: not a zip: no end-of-central-directory record',
      'run 987602 (#101) skipped: no unexpired artifact slo-loadtest-report',
      'run 987600 (#100) skipped: no unexpired artifact slo-loadtest-report',
      'run 987599 (#100) skipped: could not be read: artifact 6006 blob download answered 404',
    ]);
  });

  it('no successful run: one note naming the workflow and branch', async () => {
    gh.runs = [run(0, 'main', { conclusion: 'failure' })];
    const h = await fetchPreviousRuns(query());
    assert.deepEqual(h, { runs: [], notes: ['no successful run of deploy.yml on main to compare with'] });
  });

  const failures: Array<[string, () => void, RegExp]> = [
    [
      'an unknown workflow (404)',
      () => void (gh.runs = [{ ...run(0), workflow: 'other.yml' }]),
      /^Not Found/,
    ],
    [
      'a token without actions: read (403)',
      () => void (gh.actionsStatus = 403),
      /^Resource not accessible by integration/,
    ],
    ['a server error (500)', () => void (gh.actionsStatus = 500), /^Server Error/],
  ];
  for (const [name, arrange, message] of failures) {
    it(`listing the runs fails: ${name} → throws, the token never in the message`, async () => {
      arrange();
      const err = (await fetchPreviousRuns(query()).catch((e: unknown) => e)) as Error;
      assert.match(err.message, message);
      assert.ok(!err.message.includes(TOKEN));
    });
  }

  it('a workflow ref that names no workflow file throws before any request', async () => {
    await assert.rejects(
      fetchPreviousRuns(query({ workflowRef: 'acme/shop' })),
      /^Error: GITHUB_WORKFLOW_REF "acme\/shop" does not name a workflow file$/,
    );
    assert.deepEqual(gh.requests, []);
  });

  it('the fixture zips are real zips (unzip -t accepts one)', async () => {
    const { execFileSync } = await import('node:child_process');
    const path = join(dir, 'a.zip');
    await writeFile(
      path,
      writeZip({ 'results.json': await readFile(join(TREND_FIXTURES, 'run-1', 'results.json')) }),
    );
    assert.match(execFileSync('unzip', ['-t', path], { encoding: 'utf8' }), /No errors detected/);
  });
});
