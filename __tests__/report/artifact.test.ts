// End-to-end: publishReports uploads the report artifact with the real @actions/artifact client to a
// local fake of the Actions Results service; the received zip holds exactly what was written.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startFakeResultsService,
  runtimeToken,
  type FakeResultsService,
} from '../__fixtures__/fake-results-service.js';
import { readZip } from '../../src/report/zip.js';
import { failReport, passReport } from '../__fixtures__/report-fixtures.js';
import { publishReports } from '../../src/report/publish.js';
import { baseSettings, recordingDeps } from './publish-helper.js';

const ENV_KEYS = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'GITHUB_SERVER_URL',
  'ACTIONS_ARTIFACT_UPLOAD_CONCURRENCY',
] as const;

describe('artifact upload', () => {
  let fake: FakeResultsService;
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  before(async () => {
    fake = await startFakeResultsService('123');
    dir = await mkdtemp(join(tmpdir(), 'artifact-'));
    for (const k of ENV_KEYS) saved[k] = process.env[k];
  });
  after(async () => {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads results.json, report.md, junit.xml, report.html through the Twirp + block-blob protocol', async () => {
    // @actions/artifact reads these from process.env; restored in after().
    process.env.ACTIONS_RUNTIME_TOKEN = runtimeToken('run-backend-1', 'job-backend-2');
    process.env.ACTIONS_RESULTS_URL = fake.url.href;
    process.env.GITHUB_SERVER_URL = 'https://github.com';
    delete process.env.ACTIONS_ARTIFACT_UPLOAD_CONCURRENCY;
    const out = join(dir, 'out');
    const settings = baseSettings(out, {
      artifact: { upload: true, name: 'slo-loadtest-report', retentionDays: 7 },
    });
    const deps = recordingDeps({ env: process.env });
    const outcome = await publishReports(failReport, settings, deps);

    assert.deepEqual(fake.errors, []);
    assert.deepEqual(outcome.failed, []);
    assert.ok(outcome.succeeded.includes('artifact'));
    assert.deepEqual(outcome.artifact?.id, 123);
    assert.equal(outcome.artifact?.url, 'https://github.com/acme/shop/actions/runs/987654/artifacts/123');
    assert.ok(
      deps.summaries[0].includes(
        '[Report artifact](https://github.com/acme/shop/actions/runs/987654/artifacts/123)',
      ),
    );

    assert.equal(fake.created.length, 1);
    assert.equal(fake.created[0].workflow_run_backend_id, 'run-backend-1');
    assert.equal(fake.created[0].workflow_job_run_backend_id, 'job-backend-2');
    assert.equal(fake.created[0].name, 'slo-loadtest-report');
    assert.ok(typeof fake.created[0].expires_at === 'string', 'retention days → expires_at');
    assert.equal(fake.authHeaders[0], `Bearer ${process.env.ACTIONS_RUNTIME_TOKEN}`);
    assert.match(String(fake.finalized[0].hash), /^sha256:[0-9a-f]{64}$/);

    const blob = fake.blob();
    assert.ok(blob);
    const entries = readZip(blob);
    assert.deepEqual([...entries.keys()].sort(), ['junit.xml', 'report.html', 'report.md', 'results.json']);
    const written = await readFile(join(out, 'results.json'), 'utf8');
    assert.equal(entries.get('results.json')?.toString('utf8'), written);
    assert.deepEqual(JSON.parse(written), failReport);
    assert.equal(entries.get('junit.xml')?.toString('utf8'), await readFile(join(out, 'junit.xml'), 'utf8'));
  });

  it('outside GitHub Actions: a notice, no error, files stay in the output dir', async () => {
    const out = join(dir, 'local');
    const deps = recordingDeps({ env: {} });
    const outcome = await publishReports(
      passReport,
      baseSettings(out, { artifact: { upload: true, name: 'x', retentionDays: null } }),
      deps,
    );
    assert.deepEqual(deps.notices, [
      `artifact upload skipped: not running in GitHub Actions; files are in ${out}`,
    ]);
    assert.deepEqual(outcome.failed, []);
    assert.equal(outcome.artifact, null);
    assert.deepEqual(outcome.skipped.find((s) => s.reporter === 'artifact')?.reason, deps.notices[0]);
    assert.equal(outcome.paths.resultsJson, join(out, 'results.json'));
  });
});
