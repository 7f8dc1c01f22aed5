// The transport notes (insecure-tls, a TLS failure with its count, a proxy, resolve, HTTP/2) reach
// every report: job summary, report.md, PR comment, report.html, junit.xml, Slack and the CLI.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderConsoleReport } from '../../src/cli/table.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdownReport } from '../../src/report/markdown-report.js';
import { renderPrComment } from '../../src/report/pr-comment.js';
import { renderSlackPayload } from '../../src/report/slack.js';
import { renderSummary } from '../../src/report/summary.js';
import { transportNotes } from '../../src/report/transport-notes.js';
import type { RunReport } from '../../src/report/types.js';
import { failReport, passReport } from '../__fixtures__/report-fixtures.js';

const report: RunReport = {
  ...failReport,
  errorKinds: { tls: 7, timeout: 2 },
  connections: {
    ...failReport.connections,
    opened: 4,
    connectTimeMs: { p50: 1.25, p90: 3, p95: 3.2, p99: 3.5, max: 4, mean: 1.8 },
  },
  errors: [
    {
      kind: 'tls',
      count: 7,
      firstMessage: 'self-signed certificate',
      topMessage: 'self-signed certificate',
      topMessageCount: 7,
      endpoints: ['home'],
    },
    {
      kind: 'timeout',
      count: 2,
      firstMessage: 'timed out waiting for the first response byte',
      topMessage: 'timed out waiting for the first response byte',
      topMessageCount: 2,
      endpoints: ['home'],
    },
  ],
  transport: {
    httpVersion: '2',
    client: 'undici',
    connections: 3,
    proxy: 'http://proxy.corp:3128',
    resolve: ['api.example.com:443:10.0.0.12'],
    insecureTls: true,
    tlsError: 'self-signed certificate',
  },
};

const NOTES = [
  'insecure-tls: certificate checks were OFF (any certificate was accepted)',
  'TLS failed: self-signed certificate — 7 requests with error tls',
  'proxy in the path: http://proxy.corp:3128 (latencies include it); opening a connection through it took p50 1.25 ms, p99 3.5 ms, max 4 ms (4 connections)',
  "resolve api.example.com:443:10.0.0.12 (Host and SNI kept the URL's name)",
  'HTTP/2 over 3 connections',
];

describe('transport notes', () => {
  it('are exactly these lines, and none for a direct HTTP/1.1 run', () => {
    assert.deepEqual(transportNotes(report), NOTES);
    assert.deepEqual(transportNotes(passReport), []);
  });

  const renders: [string, (r: RunReport) => string][] = [
    ['job summary', (r) => renderSummary(r)],
    ['report.md', renderMarkdownReport],
    ['PR comment', (r) => renderPrComment(r)],
    ['report.html', renderHtmlReport],
    ['junit.xml', renderJunit],
    ['Slack', (r) => JSON.stringify(renderSlackPayload(r))],
    ['CLI', renderConsoleReport],
  ];
  for (const [name, render] of renders) {
    it(`${name} carries every note`, () => {
      const text = render(report);
      for (const note of NOTES) {
        const escaped = name === 'report.html' || name === 'junit.xml' ? note.replace(/'/g, '&#39;') : note;
        assert.ok(text.includes(escaped) || text.includes(note.replace(/'/g, '&apos;')), `${name}: ${note}`);
      }
      assert.equal(render(passReport).includes('insecure-tls'), false);
    });
  }
});
