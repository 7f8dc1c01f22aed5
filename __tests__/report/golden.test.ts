// Golden files for every render: exact text, deterministic (times come from the report).
import { describe, it } from 'node:test';
import { allFixtures } from '../__fixtures__/report-fixtures.js';
import { assertGolden } from './golden-helper.js';
import { renderSummary } from '../../src/report/summary.js';
import { renderMarkdownReport, renderDeploymentEntry } from '../../src/report/markdown-report.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderSlackPayload } from '../../src/report/slack.js';
import { renderExposition } from '../../src/report/exposition.js';
import { renderPrComment } from '../../src/report/pr-comment.js';
import { renderConsoleReport } from '../../src/cli/table.js';

const renders: Array<[string, string, (r: (typeof allFixtures)['pass']) => string]> = [
  [
    'summary',
    'md',
    (r) => renderSummary(r, { artifactUrl: r.run.runUrl ? `${r.run.runUrl}/artifacts/123` : null }),
  ],
  ['report', 'md', renderMarkdownReport],
  ['deployment-entry', 'md', renderDeploymentEntry],
  ['junit', 'xml', renderJunit],
  ['report', 'html', renderHtmlReport],
  ['slack', 'json', (r) => JSON.stringify(renderSlackPayload(r), null, 2) + '\n'],
  ['exposition', 'txt', (r) => renderExposition(r, 'slo_loadtest')],
  [
    'pr-comment',
    'md',
    (r) => renderPrComment(r, r === allFixtures.fail ? { runs: [allFixtures.pass], notes: [] } : undefined),
  ],
  ['cli', 'txt', (r) => `${renderConsoleReport(r)}\n`],
];

for (const [name, ext, render] of renders) {
  describe(`golden ${name}.${ext}`, () => {
    for (const [fixture, report] of Object.entries(allFixtures)) {
      it(fixture, () => assertGolden(`${name}.${fixture}.${ext}`, render(report)));
    }
  });
}
