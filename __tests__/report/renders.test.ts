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
import { formatValue } from '../../src/format.js';
import type { RunReport } from '../../src/report/types.js';
import { percentileDistribution } from '../../src/report/svg.js';
import { DEPLOYMENT_REPORT_HEADER, MAX_ENDPOINT_ROWS, SUMMARY_MAX_BYTES } from '../../src/report/names.js';

const NO_PARTS = { queueMeanMs: null, serviceMeanMs: null, serviceP99Ms: null };

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

describe('an endpoint without a name of its own', () => {
  const unnamed = {
    ...passReport,
    endpoints: [{ ...passReport.endpoints[0], name: 'GET /users', method: 'GET', path: '/users' }],
  };
  it('the summary row does not print the request twice', () => {
    const row = renderSummary(unnamed)
      .split('\n')
      .find((l) => l.startsWith('| GET /users |'));
    assert.ok(row?.startsWith('| GET /users |  | 40,000 |'), row);
  });
  it('nor does report.html', () => {
    assert.ok(
      renderHtmlReport(unnamed).includes('<tr><td>GET /users</td><td></td><td class="n">40,000</td>'),
    );
  });
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
          !l.startsWith('| Requests') &&
          !l.startsWith('| Error'),
      )) {
      const cells = line.split('|').length;
      // SLO rows 6 cells, error rows 5, latency-in-parts rows 7, endpoint rows 9, totals 11
      assert.ok(
        cells === 7 || cells === 8 || cells === 9 || cells === 11 || cells === 13,
        `row has ${cells - 2} cells: ${line}`,
      );
    }
    const errorRows = md.split('\n').filter((l) => l.startsWith('| protocol |'));
    assert.equal(errorRows.length, 1, 'the nasty error message stays in its one row');
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
  it('keeps worst percentiles and mean successful responses/s per group', () => {
    const tl = [0, 1, 2, 3].map((s) => ({
      second: s,
      warmUp: false,
      requests: 10 * (s + 1),
      errors: s,
      p50Ms: s,
      p95Ms: s === 1 ? 99 : s,
      p99Ms: null,
      ...NO_PARTS,
    }));
    assert.deepEqual(downsample(tl, 2), [
      {
        second: 0,
        seconds: 2,
        successRps: 14.5,
        errors: 1,
        emptySeconds: 0,
        p50Ms: 1,
        p95Ms: 99,
        p99Ms: null,
        queueMeanMs: null,
        serviceMeanMs: null,
      },
      {
        second: 2,
        seconds: 2,
        successRps: 32.5,
        errors: 5,
        emptySeconds: 0,
        p50Ms: 3,
        p95Ms: 3,
        p99Ms: null,
        queueMeanMs: null,
        serviceMeanMs: null,
      },
    ]);
    assert.equal(downsample([], 60).length, 0);
  });
  it('counts the seconds without completed requests; a group of only such seconds has no latency', () => {
    const tl = [0, 1, 2, 3].map((s) => ({
      second: s,
      warmUp: false,
      requests: s === 0 ? 5 : 0,
      errors: 0,
      p50Ms: s === 0 ? 7 : null,
      p95Ms: s === 0 ? 8 : null,
      p99Ms: s === 0 ? 9 : null,
      ...NO_PARTS,
    }));
    assert.deepEqual(
      downsample(tl, 2).map((p) => [p.emptySeconds, p.p50Ms, p.successRps]),
      [
        [1, 7, 2.5],
        [2, null, 0],
      ],
    );
  });
});

describe('summary charts', () => {
  /** Seconds 0–5; seconds 2 and 3 hang (no completed request); 10 requests/s, 1 error each second. */
  const hang: RunReport = {
    ...passReport,
    timeline: [0, 1, 2, 3, 4, 5].map((s) => {
      const hung = s === 2 || s === 3;
      return {
        second: s,
        warmUp: false,
        requests: hung ? 0 : 10,
        errors: hung ? 0 : 1,
        p50Ms: hung ? null : 10 + s,
        p95Ms: hung ? null : 20 + s,
        p99Ms: hung ? null : 30 + s,
        ...NO_PARTS,
        histogram: null,
      };
    }),
  };
  const blocks = (md: string) => [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);

  it('leaves seconds without completed requests out of the latency chart (no 0 ms) and says so', () => {
    const md = renderSummary(hang);
    const [latency] = blocks(md);
    assert.ok(latency.includes('x-axis "second" [0, 1, 4, 5]'), latency);
    assert.ok(latency.includes('    line [10, 11, 14, 15]\n'), latency);
    assert.ok(latency.includes('    line [20, 21, 24, 25]\n'), latency);
    assert.ok(latency.includes('    line [30, 31, 34, 35]\n'), latency);
    assert.ok(
      md.includes('```\n\n_2 seconds without completed requests are not plotted._\n\n### Throughput'),
    );
  });
  it('plots successful responses per second (requests − errors) on the throughput chart, gaps as 0', () => {
    const [, throughput] = blocks(renderSummary(hang));
    assert.ok(throughput.includes('title "Successful responses/s"'), throughput);
    assert.ok(throughput.includes('x-axis "second" [0, 1, 2, 3, 4, 5]'), throughput);
    assert.ok(throughput.includes('    line [9, 9, 0, 0, 9, 9]\n'), throughput);
  });
  it('has no note when every second completed requests', () => {
    const md = renderSummary({ ...hang, timeline: hang.timeline.filter((b) => b.p50Ms !== null) });
    assert.ok(!md.includes('not plotted'));
  });
  it('says "1 second … is" for one', () => {
    const tl = hang.timeline.filter((b) => b.second !== 3);
    assert.ok(
      renderSummary({ ...hang, timeline: tl }).includes(
        '_1 second without completed requests is not plotted._',
      ),
    );
  });
});

describe('one number, one render', () => {
  it('an SLO row shows the same value as its explanation', () => {
    const explanation = `${formatValue(0.245, '%')} within ${formatValue(0.5, '%')}`;
    assert.equal(explanation, '0.25% within 0.5%');
    const slo = { ...passReport.slos[2], actual: 0.245, explanation };
    const md = renderSummary({ ...passReport, slos: [slo] });
    const row = md.split('\n').find((l) => l.startsWith('| error&#95;rate'));
    assert.equal(row, '| error&#95;rate &lt; 0.5% | ≤ 0.5% | 0.25% | 0.26% | ✓ | 0.25% within 0.5% |');
  });
  it('a count reads the same in the verdict line and the totals table (grouped)', () => {
    const report = { ...passReport, reason: 'all 4 SLOs met over 60,000 requests' };
    const md = renderSummary(report);
    assert.ok(md.includes('over 60,000 requests'));
    const at = md.split('\n').findIndex((l) => l.startsWith('| 60'));
    assert.deepEqual(md.split('\n').slice(at, at + 2), [
      '| 60,000 | 12 | 0.02% | 1,000 req/s | latency | 42.5 ms | 81.38 ms | 120.25 ms | 210.75 ms | 421.5 ms | 51 ms |',
      '| | | | | service time | 42.5 ms | 81.38 ms | 120.25 ms | 210.75 ms | 421.5 ms | 51 ms |',
    ]);
  });
});

describe('renderHtmlReport', () => {
  it('is self-contained and escapes user data', () => {
    const doc = renderHtmlReport(nastyReport);
    assert.ok(!/<script|src=|<link|@import|url\(/i.test(doc));
    assert.ok(doc.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.equal((doc.match(/<svg /g) ?? []).length, 5);
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
