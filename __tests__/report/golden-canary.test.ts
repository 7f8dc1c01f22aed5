// Golden renders of a canary run: the judge's own reasons (from a seeded simulation judged by the
// real judge) in the job summary, report.md and the CLI table, with both arms' figures.
import { describe, it } from 'node:test';
import { DEFAULT_CANARY_POLICY } from '../../src/config/canary-defaults.js';
import { judgeCanary } from '../../src/judge/canary.js';
import { decide } from '../../src/judge/decision.js';
import { withCanary } from '../../src/report/canary-report.js';
import { renderMarkdownReport } from '../../src/report/markdown-report.js';
import { renderSummary } from '../../src/report/summary.js';
import type { Snapshot } from '../../src/metrics/types.js';
import type { RunReport } from '../../src/report/types.js';
import { renderConsoleReport } from '../../src/cli/table.js';
import { simulate } from '../__fixtures__/canary-sim.js';
import { passReport } from '../__fixtures__/report-fixtures.js';
import { assertGolden } from './golden-helper.js';

const NO_SLOS = { slos: [], errorClass: 'unexpected' as const, minSamplesFactor: 10 };
const CONFIG = {
  ...DEFAULT_CANARY_POLICY,
  onMarginal: 'hold' as const,
  onInconclusive: 'hold' as const,
  autoRollback: true,
};

function canaryReport(shape: Parameters<typeof simulate>[0]['canaries'][number], seconds: number): RunReport {
  const sim = simulate({ seed: 5, ratePerArm: 100, seconds, canaries: [shape] });
  const judgement = judgeCanary(sim.canaries[0]!, sim.baseline, DEFAULT_CANARY_POLICY, NO_SLOS);
  const decision = decide(judgement.verdict, {
    autoRollback: true,
    onMarginal: 'hold',
    onInconclusive: 'hold',
  });
  const baseline = armReport(sim.baseline, 'https://prod.example.com/', seconds);
  const canary: RunReport = {
    ...armReport(sim.canaries[0]!, 'https://canary.example.com/', seconds),
    stage: 'canary-10',
    trafficWeight: 10,
  };
  return withCanary(canary, baseline, judgement, decision, CONFIG, false);
}

/** The fixture report with this arm's own totals and percentiles (the rest is the fixture's). */
function armReport(snapshot: Snapshot, target: string, seconds: number): RunReport {
  const c = snapshot.overall.counts;
  const mean = Math.round(snapshot.overall.latency.meanMs * 1000) / 1000;
  const p = (q: number): number => Math.round(snapshot.overall.latency.percentileMs(q) * 1000) / 1000;
  return {
    ...passReport,
    target,
    load: { ...passReport.load, pattern: 'rate', rate: 100, durationSeconds: seconds, warmUpSeconds: 0 },
    totals: {
      ...passReport.totals,
      requests: c.requests,
      errors: c.errors,
      errorRatePercent: Math.round((10000 * c.errors) / c.requests) / 100,
      throughputRps: (c.requests - c.errors) / seconds,
      durationSeconds: seconds,
      warmUpRequests: 0,
    },
    latencyMs: { p50: p(50), p90: p(90), p95: p(95), p99: p(99), max: p(100), mean: mean },
    // the simulation records service time = latency (no queueing)
    serviceTimeMs: { p50: p(50), p90: p(90), p95: p(95), p99: p(99), max: p(100), mean: mean },
    queueWaitMs: { p50: 0, p90: 0, p95: 0, p99: 0, max: 0, mean: 0 },
    ttfbMs: { p50: p(50), p90: p(90), p95: p(95), p99: p(99), max: p(100), mean: mean },
    errors: [],
    statusCodes: { '200': c.requests - c.errors, ...(c.errors > 0 ? { '500': c.errors } : {}) },
    slos: [],
    endpoints: [],
    timeline: [],
  };
}

const cases: Record<string, RunReport> = {
  // the slowest 3 % doubled, 1 % errors: p99 and error_rate fail (critical), p50/p95 hold
  fail: canaryReport({ latency: (ms, u) => (u > 0.97 ? 2 * ms : ms), errorRate: 0.01 }, 60),
  // 8 s at 100 req/s: too few seconds and samples → inconclusive, each check says what it needed
  inconclusive: canaryReport({}, 8),
};

describe('golden canary renders', () => {
  for (const [name, report] of Object.entries(cases)) {
    it(`summary.canary-${name}.md`, () => assertGolden(`summary.canary-${name}.md`, renderSummary(report)));
    it(`report.canary-${name}.md`, () =>
      assertGolden(`report.canary-${name}.md`, renderMarkdownReport(report)));
    it(`cli.canary-${name}.txt`, () =>
      assertGolden(`cli.canary-${name}.txt`, `${renderConsoleReport(report)}\n`));
  }
});
