// The trend: this run against the 5 runs before it (deltas + charts) in the job summary, from
// results files on disk; a missing baseline is a notice and changes nothing else.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { publishReports } from '../../src/report/publish.js';
import { writeResultsJson } from '../../src/report/results-json.js';
import { renderSummary } from '../../src/report/summary.js';
import { readHistory, renderTrend } from '../../src/report/trend.js';
import type { RunReport } from '../../src/report/types.js';
import { passReport } from '../__fixtures__/report-fixtures.js';
import { assertGolden } from './golden-helper.js';
import { baseSettings, recordingDeps } from './publish-helper.js';

/** Run n (1 = oldest) of 5 earlier runs, a day apart, latency creeping up. */
function earlier(n: number): RunReport {
  return {
    ...passReport,
    startedAt: `2025-02-2${n}T10:00:00.000Z`,
    latencyMs: { ...passReport.latencyMs, p95: 100 + 4 * n, p99: 180 + 7 * n },
    totals: { ...passReport.totals, throughputRps: 1020 - 5 * n, errorRatePercent: 0.01 * n },
    run: { ...passReport.run, runId: String(987600 + n) },
  };
}

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('trend', () => {
  it('5 earlier runs from a folder of results → the summary golden (deltas vs run 987605, 6-point charts)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trend-'));
    dirs.push(dir);
    // written in another order than their start times: the trend sorts by time
    for (const n of [3, 1, 5, 2, 4]) await writeResultsJson(earlier(n), join(dir, `run-${n}`));
    const history = await readHistory(dir);
    assert.deepEqual(
      history.map((r) => r.run.runId),
      ['987601', '987602', '987603', '987604', '987605'],
    );
    const md = renderSummary(passReport, { trend: renderTrend(passReport, history) });
    assertGolden('summary.trend.md', md);
  });

  it('no history → no section', () => assert.equal(renderTrend(passReport, []), ''));

  it('a missing baseline is a notice; the summary is written without a trend, nothing fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trend-missing-'));
    dirs.push(dir);
    const deps = recordingDeps();
    const settings = baseSettings(join(dir, 'out'), { baselineResultsPath: join(dir, 'nope') });
    const before = JSON.stringify(passReport);
    const outcome = await publishReports(passReport, settings, deps);
    assert.deepEqual(outcome.failed, []);
    assert.ok(outcome.succeeded.includes('summary'));
    assert.equal(deps.notices.filter((n) => n.startsWith('no baseline to compare with: ENOENT')).length, 1);
    assert.equal(deps.summaries.length, 1);
    assert.equal(deps.summaries[0], renderSummary(passReport, {}));
    assert.equal(JSON.stringify(passReport), before); // the verdict and every figure unchanged
  });
});
