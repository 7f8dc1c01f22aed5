// Render properties beyond the golden files: escaping, size caps, downsampling, self-containment.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failReport, manyEndpointsReport, nastyReport, passReport } from '../__fixtures__/report-fixtures.js';
import { renderSummary } from '../../src/report/summary.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { appendDeploymentReport } from '../../src/report/markdown-report.js';
import { downsample, mdCell } from '../../src/report/format.js';
import { percentileDistribution } from '../../src/report/svg.js';
import { DEPLOYMENT_REPORT_HEADER, MAX_ENDPOINT_ROWS, SUMMARY_MAX_BYTES } from '../../src/report/names.js';

describe('markdown escaping', () => {
  const cases: Array<[string, string, string]> = [
    ['pipe', 'a|b', 'a&#124;b'],
    ['html', '<script>', '&lt;script&gt;'],
    ['backtick', '`x`', '&#96;x&#96;'],
    ['ampersand first', '&lt;', '&amp;lt;'],
    ['newlines', 'a\r\nb\nc', 'a b c'],
    ['link brackets', '[x](y)', '&#91;x&#93;(y)'],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(mdCell(input), expected));
  it('cuts long cells with an ellipsis', () =>
    assert.equal(mdCell('x'.repeat(500), 10), `${'x'.repeat(9)}…`));
});

describe('renderSummary', () => {
  it('never lets user data break a table row or inject HTML', () => {
    const md = renderSummary(nastyReport);
    assert.ok(!md.includes('<script>'));
    for (const line of md
      .split('\n')
      .filter(
        (l) =>
          l.startsWith('| ') &&
          !l.startsWith('| SLO') &&
          !l.startsWith('| Endpoint') &&
          !l.startsWith('| Requests'),
      )) {
      const cells = line.split('|').length;
      assert.ok(cells === 8 || cells === 11 || cells === 12, `row has ${cells - 2} cells: ${line}`);
    }
  });
  it('stays under 1 MiB with 5,000 endpoints and lists the top 50 by requests + an "N more" row', () => {
    const report = manyEndpointsReport(5000);
    const md = renderSummary(report);
    assert.ok(Buffer.byteLength(md) < SUMMARY_MAX_BYTES, `${Buffer.byteLength(md)} bytes`);
    assert.ok(md.includes(`| _${5000 - MAX_ENDPOINT_ROWS} more endpoints (all in results.json)_ |`));
    const rows = md.split('\n').filter((l) => l.startsWith('| endpoint-'));
    assert.equal(rows.length, MAX_ENDPOINT_ROWS);
    assert.ok(
      rows.every((r) => / \| (10[0-6]|9\d) \| /.test(r)),
      'rows are the busiest endpoints',
    );
  });
  it('shows verdict icons and SLO marks', () => {
    assert.match(renderSummary(passReport), /^## ✅ PASS: all 4 SLOs met/);
    const fail = renderSummary(failReport);
    assert.match(fail, /^## ❌ FAIL: /);
    assert.ok(fail.includes('| p95 &lt; 250ms | ≤ 250 ms | 310.5 ms | -60.5 ms | ✗ |'));
    assert.match(fail, /\| p99 \/users &lt; 400ms \| ≤ 400 ms \| – \| – \| – \| not judged/);
    assert.match(renderSummary(nastyReport), /^## ⚠️ INCONCLUSIVE/);
  });
  it('links the run and the artifact when known', () => {
    const md = renderSummary(passReport, {
      artifactUrl: 'https://github.com/acme/shop/actions/runs/987654/artifacts/5',
    });
    assert.ok(
      md.includes(
        '[Workflow run](https://github.com/acme/shop/actions/runs/987654) · [Report artifact](https://github.com/acme/shop/actions/runs/987654/artifacts/5)',
      ),
    );
  });
  it('charts at most 60 points', () => {
    const md = renderSummary(failReport);
    const axis = /x-axis "second" \[([^\]]*)\]/.exec(md);
    assert.ok(axis);
    assert.equal(axis[1].split(', ').length, 60);
  });
});

describe('downsample', () => {
  it('keeps worst percentiles and mean rps per group', () => {
    const tl = [0, 1, 2, 3].map((s) => ({
      second: s,
      warmUp: false,
      requests: 10 * (s + 1),
      errors: s,
      p50Ms: s,
      p95Ms: s === 1 ? 99 : s,
      p99Ms: null,
    }));
    assert.deepEqual(downsample(tl, 2), [
      { second: 0, rps: 15, errors: 1, p50Ms: 1, p95Ms: 99, p99Ms: null },
      { second: 2, rps: 35, errors: 5, p50Ms: 3, p95Ms: 3, p99Ms: null },
    ]);
    assert.equal(downsample([], 60).length, 0);
  });
});

describe('renderHtmlReport', () => {
  it('is self-contained and escapes user data', () => {
    const doc = renderHtmlReport(nastyReport);
    assert.ok(!/<script|src=|<link|@import|url\(/i.test(doc));
    assert.ok(doc.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.equal((doc.match(/<svg /g) ?? []).length, 4);
  });
  it('decodes the histogram for the percentile distribution', () => {
    const d = percentileDistribution(passReport.histogram);
    assert.equal(d.length, 9);
    assert.ok(d.every((p, i) => i === 0 || p.ms >= d[i - 1].ms));
    assert.ok(d[1].ms > 20 && d[1].ms < 100, `p50 ${d[1].ms}`);
    assert.deepEqual(percentileDistribution('not a histogram'), []);
  });
});

describe('renderJunit', () => {
  it('counts failures and skips and escapes for XML', () => {
    const x = renderJunit(failReport);
    assert.match(x, /tests="5" failures="3" errors="0" skipped="1"/);
    assert.match(x, /<failure type="SLOBreach" message="actual 310.5 ms vs limit ≤ 250 ms">/);
    const n = renderJunit(nastyReport);
    assert.ok(!n.includes('<script>') && !n.includes('\u0001') && n.includes('&#10;'));
  });
});

describe('appendDeploymentReport', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  it('creates the file with its header, then appends one entry per run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deploy-report-'));
    dirs.push(dir);
    const path = join(dir, 'deploy', 'deployment_report.md');
    await appendDeploymentReport(passReport, path);
    await appendDeploymentReport(failReport, path);
    const text = await readFile(path, 'utf8');
    assert.ok(text.startsWith(DEPLOYMENT_REPORT_HEADER));
    assert.equal((text.match(/^## /gm) ?? []).length, 2);
    assert.ok(
      text.includes('- **Auto-rollback triggered:** no') &&
        text.includes('- **Auto-rollback triggered:** yes'),
    );
  });
  it('keeps an existing log without a trailing newline intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deploy-report-'));
    dirs.push(dir);
    const path = join(dir, 'log.md');
    await writeFile(path, '# Old log\nlast line');
    await appendDeploymentReport(passReport, path);
    assert.ok(
      (await readFile(path, 'utf8')).startsWith('# Old log\nlast line\n\n## 2025-03-01T10:01:05.000Z'),
    );
  });
});
