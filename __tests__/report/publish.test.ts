// publishReports: every reporter's failure becomes one warning; the others still run; nothing escapes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen, type Listening } from '../__fixtures__/http-fake.js';
import { startSlackReceiver, type SlackReceiver } from '../__fixtures__/slack-receiver.js';
import { startFakeGithubApi, type FakeGithubApi } from '../__fixtures__/fake-github-api.js';
import { failReport } from '../__fixtures__/report-fixtures.js';
import { publishReports, type Reporter, type ReporterName } from '../../src/report/publish.js';
import { REPORTERS } from '../../src/report/reporters.js';
import type { Settings } from '../../src/settings/types.js';
import { baseSettings, recordingDeps, type RecordingDeps } from './publish-helper.js';
import { TREND_FIXTURES } from './trend-fixtures.js';

const TOKEN = 'ghs_publish';
const ALL: ReporterName[] = [
  'baseline',
  'results-json',
  'markdown-report',
  'junit',
  'html',
  'artifact',
  'summary',
  'deployment-report',
  'pushgateway',
  'slack',
  'pr-comment',
];

describe('publishReports', () => {
  let root: string;
  let pushgw: Listening;
  let slackOk: SlackReceiver;
  let slackBad: SlackReceiver;
  let gh: FakeGithubApi;
  const pushes: string[] = [];
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'publish-'));
    pushgw = await listen((req, res) => {
      pushes.push(`${req.method} ${req.url}`);
      res.writeHead(req.url?.startsWith('/broken') ? 500 : 200).end();
    });
    slackOk = await startSlackReceiver([{ status: 200 }]);
    slackBad = await startSlackReceiver([{ status: 400, body: 'invalid_payload' }]);
    gh = await startFakeGithubApi(TOKEN);
  });
  after(async () => {
    await Promise.all([pushgw.close(), slackOk.close(), slackBad.close(), gh.close()]);
    await rm(root, { recursive: true, force: true });
  });

  /** Every reporter enabled and pointed at a working fake. */
  const allOn = (dir: string): Settings =>
    baseSettings(join(dir, 'out'), {
      deploymentReportPath: join(dir, 'deploy', 'deployment_report.md'),
      artifact: { upload: true, name: 'r', retentionDays: null },
      pushgateway: { url: pushgw.url, job: 'slo_loadtest', deleteAfter: false },
      slack: { webhookUrl: slackOk.webhookUrl, when: 'failure' },
      github: { token: TOKEN, prComment: true, apiUrl: gh.url.href },
      baseline: { kind: 'files', path: TREND_FIXTURES },
    });
  const actionsEnv = { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'http://127.0.0.1:1/' };
  const okUpload = async () => ({ id: 7, size: 100 });

  it('runs every reporter when all work', async () => {
    const dir = await mkdtemp(join(root, 'ok-'));
    const deps = recordingDeps({ env: actionsEnv, uploadArtifact: okUpload });
    const outcome = await publishReports(failReport, allOn(dir), deps);
    assert.deepEqual(outcome.failed, []);
    assert.deepEqual(outcome.succeeded, ALL, 'in the order of REPORTERS');
    assert.deepEqual(deps.warnings, []);
    assert.equal(outcome.paths.html, join(dir, 'out', 'report.html'));
    assert.ok(
      (await readFile(join(dir, 'deploy', 'deployment_report.md'), 'utf8')).includes(
        'Auto-rollback triggered:** yes',
      ),
    );
  });

  const cases: Array<
    [ReporterName, (dir: string, s: Settings, d: RecordingDeps) => Promise<Settings | void>, RegExp]
  > = [
    [
      'results-json',
      (dir) => mkdir(join(dir, 'out', 'results.json'), { recursive: true }).then(() => {}),
      /EISDIR/,
    ],
    [
      'markdown-report',
      (dir) => mkdir(join(dir, 'out', 'report.md'), { recursive: true }).then(() => {}),
      /EISDIR/,
    ],
    ['junit', (dir) => mkdir(join(dir, 'out', 'junit.xml'), { recursive: true }).then(() => {}), /EISDIR/],
    ['html', (dir) => mkdir(join(dir, 'out', 'report.html'), { recursive: true }).then(() => {}), /EISDIR/],
    [
      'artifact',
      async (_dir, _s, d) =>
        void (d.uploadArtifact = async () => Promise.reject(new Error('Failed to CreateArtifact: 503'))),
      /CreateArtifact/,
    ],
    [
      'summary',
      async (_dir, _s, d) => void (d.summary = { write: () => Promise.reject('summary file not writable') }),
      /not writable/,
    ],
    [
      'deployment-report',
      async (dir, s) => (
        await mkdir(join(dir, 'dr'), { recursive: true }),
        { ...s, deploymentReportPath: join(dir, 'dr') }
      ),
      /EISDIR/,
    ],
    [
      'pushgateway',
      async (_dir, s) => ({
        ...s,
        pushgateway: { url: new URL('/broken/', pushgw.url), job: 'j', deleteAfter: false },
      }),
      /HTTP 500/,
    ],
    [
      'slack',
      async (_dir, s) => ({ ...s, slack: { webhookUrl: slackBad.webhookUrl, when: 'always' } }),
      /^Slack webhook failed: HTTP 400/,
    ],
    [
      'pr-comment',
      async (_dir, s) => ({ ...s, github: { token: 'wrong', prComment: true, apiUrl: gh.url.href } }),
      /HTTP 401/,
    ],
  ];
  for (const [reporter, breakIt, message] of cases) {
    it(`${reporter} failing is one warning and the others still run`, async () => {
      const dir = await mkdtemp(join(root, `${reporter}-`));
      const deps = recordingDeps({ env: actionsEnv, uploadArtifact: okUpload });
      const settings = (await breakIt(dir, allOn(dir), deps)) ?? allOn(dir);
      const outcome = await publishReports(failReport, settings, deps);
      assert.deepEqual(
        outcome.failed.map((f) => f.reporter),
        [reporter],
      );
      assert.match(outcome.failed[0].error, message);
      assert.deepEqual([...outcome.succeeded].sort(), ALL.filter((r) => r !== reporter).sort());
      assert.equal(deps.warnings.length, 1);
      assert.ok(deps.warnings[0].startsWith(`${reporter} reporter failed: `));
      assert.ok(!deps.warnings[0].includes(slackBad.webhookUrl.pathname), 'no secret in warnings');
    });
  }

  it('skips disabled reporters without warnings', async () => {
    const dir = await mkdtemp(join(root, 'off-'));
    const deps = recordingDeps();
    const outcome = await publishReports(failReport, baseSettings(join(dir, 'out')), deps);
    assert.deepEqual(outcome.succeeded, ['results-json', 'markdown-report', 'junit', 'html', 'summary']);
    assert.deepEqual(
      outcome.skipped.map((s) => s.reporter),
      ['baseline', 'artifact', 'deployment-report', 'pushgateway', 'slack', 'pr-comment'],
    );
    assert.deepEqual([deps.warnings, deps.notices], [[], []]);
  });

  it('REPORTERS lists every reporter once, in the documented order', () =>
    assert.deepEqual(
      REPORTERS.map((r) => r.name),
      ALL,
    ));

  it('one loop: a throwing enabled() or run() is a warning; later reporters still run', async () => {
    const ran: string[] = [];
    const reporter = (name: ReporterName, over: Partial<Reporter>): Reporter => ({
      name,
      enabled: () => true,
      run: async () => void ran.push(name),
      ...over,
    });
    const deps = recordingDeps();
    const outcome = await publishReports(failReport, baseSettings(join(root, 'unused')), deps, [
      reporter('junit', {
        enabled: () => {
          throw new Error('cannot decide');
        },
      }),
      reporter('html', { enabled: () => ({ reason: 'off for the test' }) }),
      reporter('slack', { enabled: () => ({ reason: 'told', notice: true }) }),
      reporter('summary', { run: () => Promise.reject('a thrown string') }),
      reporter('pushgateway', {}),
    ]);
    assert.deepEqual(ran, ['pushgateway']);
    assert.deepEqual(outcome.succeeded, ['pushgateway']);
    assert.deepEqual(outcome.failed, [
      { reporter: 'junit', error: 'cannot decide' },
      { reporter: 'summary', error: 'a thrown string' },
    ]);
    assert.deepEqual(outcome.skipped, [
      { reporter: 'html', reason: 'off for the test' },
      { reporter: 'slack', reason: 'told' },
    ]);
    assert.deepEqual(deps.warnings, [
      'junit reporter failed: cannot decide',
      'summary reporter failed: a thrown string',
    ]);
    assert.deepEqual(deps.notices, ['told']);
  });
});
