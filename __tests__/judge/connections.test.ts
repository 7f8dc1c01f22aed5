// The connection line: what a user reads when the server closed, reset or refused connections —
// and nothing when every user kept its connection.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionsLine, describeConnections } from '../../src/judge/connections.js';
import { emptyConnectionCounts, type ConnectionCounts } from '../../src/metrics/connections.js';
import { renderConsoleReport } from '../../src/cli/table.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderSummary } from '../../src/report/summary.js';
import type { RunReport } from '../../src/report/types.js';
import { passReport } from '../__fixtures__/report-fixtures.js';

const counts = (c: Partial<ConnectionCounts>): ConnectionCounts => ({ ...emptyConnectionCounts(), ...c });

const CASES: { name: string; counts: Partial<ConnectionCounts>; line: string | null }[] = [
  { name: 'users kept their connections: no line', counts: { opened: 100, clientClosed: 100 }, line: null },
  {
    name: 'nginx at worker_connections: idle closes and reconnects',
    counts: { opened: 17_032, reconnects: 7_032, serverClosedIdle: 13_216, clientClosed: 3_816 },
    line: 'the server closed 13,216 idle keep-alive connections without announcing it; users reconnected 7,032 times',
  },
  {
    name: 'Connection: close after every 100 requests (Apache httpd)',
    counts: { opened: 103, reconnects: 100, serverClosedAnnounced: 100, clientClosed: 3 },
    line: 'the server closed 100 connections after announcing it (Connection: close, or HTTP/2 GOAWAY); users reconnected 100 times',
  },
  {
    name: 'HTTP/2: a GOAWAY every 1,000 requests (nginx keepalive_requests) refuses the streams in flight',
    counts: { opened: 16, reconnects: 14, serverClosedAnnounced: 14, refusedRetries: 1_203, clientClosed: 2 },
    line:
      'the server closed 14 connections after announcing it (Connection: close, or HTTP/2 GOAWAY); ' +
      'the server refused 1,203 requests unprocessed (HTTP/2 REFUSED_STREAM or GOAWAY), sent once more (only a second refusal is an error); ' +
      'users reconnected 14 times',
  },
  {
    name: 'HTTP/2: REFUSED_STREAM alone (no close) still gets its line',
    counts: { opened: 2, refusedRetries: 1, clientClosed: 2 },
    line: 'the server refused 1 request unprocessed (HTTP/2 REFUSED_STREAM or GOAWAY), sent once more (only a second refusal is an error)',
  },
  {
    name: 'stale keep-alive retries are named as not errors',
    counts: { opened: 12, reconnects: 10, serverClosedIdle: 10, staleRetries: 1, clientClosed: 2 },
    line:
      'the server closed 10 idle keep-alive connections without announcing it; users reconnected 10 times; ' +
      '1 request met an idle close on the way and was retried on a new connection (not errors)',
  },
  {
    name: 'resets and refused connects',
    counts: { opened: 1, reset: 1, connectErrors: 40 },
    line: '1 connection was lost with a request on it (reset); 40 connects failed',
  },
];

describe('describeConnections', () => {
  for (const c of CASES) {
    it(c.name, () => assert.equal(describeConnections(counts(c.counts)), c.line));
  }
});

const connections = (c: Partial<ConnectionCounts>): RunReport['connections'] => ({
  ...counts(c),
  connectTimeMs: { p50: 685.06, p90: 1000, p95: 1200, p99: 1319.94, max: 1500, mean: 700 },
  connectTimeHistogram: null,
  timeline: [],
});

describe('the connection line in the reports', () => {
  const closing: RunReport = {
    ...passReport,
    connections: connections({
      opened: 17_032,
      reconnects: 7_032,
      serverClosedIdle: 13_216,
      clientClosed: 3_816,
    }),
  };
  const line =
    'the server closed 13,216 idle keep-alive connections without announcing it; users reconnected 7,032 times; ' +
    'connect time p50 685.06 ms, p99 1,319.94 ms';

  it('the line carries the connect time', () => assert.equal(connectionsLine(closing.connections), line));

  it('CLI, job summary and report.html show it when the server closed connections', () => {
    assert.ok(renderConsoleReport(closing).includes(`\nConnections: ${line}\n`));
    assert.ok(renderSummary(closing).includes(`**Connections:** ${line}`));
    const page = renderHtmlReport(closing);
    assert.ok(page.includes(`<p class="warn">${line}</p>`));
    assert.ok(page.includes('<td class="n">13,216</td>'));
  });

  it('and say nothing of connections when nothing happened to them', () => {
    const quiet: RunReport = { ...passReport, connections: connections({ opened: 50, clientClosed: 50 }) };
    assert.ok(!renderConsoleReport(quiet).includes('Connections:'));
    assert.ok(!renderSummary(quiet).includes('Connections'));
    assert.ok(!renderHtmlReport(quiet).includes('class="warn">the server'));
  });
});
