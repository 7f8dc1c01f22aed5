// Latency in parts as the reports show it: the sentence, the table and the stacked chart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allFixtures, failReport, passReport } from '../__fixtures__/report-fixtures.js';
import { assertGolden } from './golden-helper.js';
import { partsLine, partsSentence, partsTable } from '../../src/report/parts.js';
import { stackedChart } from '../../src/report/svg.js';
import { downsample } from '../../src/report/format.js';
import type { LatencyMs } from '../../src/report/types.js';

const at99 = (p99: number | null): LatencyMs => ({
  p50: null,
  p90: null,
  p95: null,
  p99,
  max: null,
  mean: null,
});
const figures = (latency: number | null, service: number | null) => ({
  latencyMs: at99(latency),
  serviceTimeMs: at99(service),
  queueWaitMs: at99(null),
  ttfbMs: at99(null),
});

describe('partsSentence', () => {
  const cases: Array<[string, number | null, number | null, string | null]> = [
    [
      'the issue’s example: the rest waited',
      81,
      4,
      'p99 81 ms, of which service 4 ms: the rest waited for the generator or the in-flight cap',
    ],
    [
      'closed model: latency is service time',
      42.5,
      42.5,
      "p99 42.5 ms, of which service 42.5 ms: the latency is the server's own time",
    ],
    [
      '10 % of the latency is still the same',
      100,
      90,
      "p99 100 ms, of which service 90 ms: the latency is the server's own time",
    ],
    [
      'just over 10 % is not',
      100,
      89.99,
      'p99 100 ms, of which service 89.99 ms: the rest waited for the generator or the in-flight cap',
    ],
    [
      'below 10 ms, 1 ms is the margin',
      5,
      4,
      "p99 5 ms, of which service 4 ms: the latency is the server's own time",
    ],
    [
      'below 10 ms, over 1 ms is not',
      5,
      3.9,
      'p99 5 ms, of which service 3.9 ms: the rest waited for the generator or the in-flight cap',
    ],
    ['no latency measured', null, null, null],
    ['no service time (nothing was sent)', 100, null, null],
  ];
  for (const [name, latency, service, expected] of cases) {
    it(name, () => assert.equal(partsSentence(figures(latency, service)), expected));
  }
});

describe('golden latency in parts', () => {
  for (const [name, report] of Object.entries(allFixtures)) {
    it(`summary line and table: ${name}`, () =>
      assertGolden(`parts-line.${name}.md`, `${partsTable(report)}\n\n${partsLine(report)}\n`));
  }
  it('stacked chart of queue wait over service time (fail fixture: mostly queue)', () => {
    const pts = downsample(failReport.timeline);
    const svg = stackedChart(
      'Mean latency over time: queue wait on top of service time',
      'ms',
      pts.map((p) => p.second),
      [
        { label: 'service time', color: '#1f6feb', values: pts.map((p) => p.serviceMeanMs) },
        { label: 'queue wait', color: '#9a6700', values: pts.map((p) => p.queueMeanMs) },
      ],
    );
    assertGolden('parts-chart.fail.svg', `${svg}\n`);
  });
});

describe('stackedChart', () => {
  const chart = stackedChart(
    't',
    'ms',
    [0, 1, 2, 3],
    [
      { label: 'service', color: '#111', values: [10, 10, null, 10] },
      { label: 'queue', color: '#222', values: [0, 30, 5, 10] },
    ],
  );
  it('stacks the second layer on the first: its band spans service → service + queue', () => {
    // y scale: highest top 40 → niceMax 50; plot height 190 from y=220: 10 ms → 182, 40 ms → 68
    const polygons = [...chart.matchAll(/<polygon points="([^"]+)" fill="(#\d+)"/g)].map((m) => [m[2], m[1]]);
    assert.deepEqual(polygons, [
      ['#111', '60,182 273.3,182 273.3,220 60,220'],
      ['#111', '700,182 700,220'],
      ['#222', '60,182 273.3,68 273.3,182 60,182'],
      ['#222', '700,144 700,182'],
    ]);
  });
  it('breaks every band where a layer has no value (second 2)', () => {
    assert.equal((chart.match(/<polygon/g) ?? []).length, 4);
  });
  it('pass fixture (closed model) has no queue wait: the queue band lies on the service band', () => {
    const pts = downsample(passReport.timeline);
    assert.ok(pts.every((p) => p.queueMeanMs === null || p.queueMeanMs === 0));
  });
});
