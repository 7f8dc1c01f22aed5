// Sample RunReports for the reporters' tests: pass, fail with breaches, many endpoints, nasty data.
import { DIRECT_TRANSPORT } from '../../src/plan/transport.js';
import { emptyConnectionCounts } from '../../src/metrics/connections.js';
import * as hdr from 'hdr-histogram-js';
import { formatValue } from '../../src/format.js';
import type {
  RunReport,
  ReportEndpoint,
  ReportSlo,
  LatencyMs,
  LatencyPartsMs,
} from '../../src/report/types.js';

/** Deterministic histogram (µs) of `count` latencies spread around `medianMs`. */
export function histogramOf(medianMs: number, count: number, seed = 1): string {
  const h = hdr.build({ useWebAssembly: false });
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const u = x / 2147483648;
    h.recordValue(Math.round(medianMs * 1000 * (0.5 + u * u * 3)));
  }
  const b64 = hdr.encodeIntoCompressedBase64(h);
  h.destroy();
  return b64;
}

const lat = (p50: number, p95: number, p99: number): LatencyMs => ({
  p50,
  p90: Number(((p50 + p95) / 2).toFixed(2)),
  p95,
  p99,
  max: p99 * 2,
  mean: Number((p50 * 1.2).toFixed(2)),
});

const ZERO: LatencyMs = { p50: 0, p90: 0, p95: 0, p99: 0, max: 0, mean: 0 };

/** The parts of `latency` when `service` of it was the server's own time and the rest queue wait. */
function partsOf(latency: LatencyMs, service: LatencyMs, median: number): LatencyPartsMs {
  const queued = Object.values(service).some((v, i) => v !== Object.values(latency)[i]);
  const minus = (a: number | null, b: number | null) =>
    a === null || b === null ? null : Number((a - b).toFixed(3));
  return {
    serviceTimeMs: service,
    queueWaitMs: queued
      ? {
          p50: minus(latency.p50, service.p50),
          p90: minus(latency.p90, service.p90),
          p95: minus(latency.p95, service.p95),
          p99: minus(latency.p99, service.p99),
          max: minus(latency.max, service.max),
          mean: minus(latency.mean, service.mean),
        }
      : ZERO,
    ttfbMs: lat(service.p50! * 0.9, service.p95! * 0.9, service.p99! * 0.9),
    partHistograms: {
      serviceTime: histogramOf(service.p50!, 200, 3),
      queueWait: histogramOf(queued ? median : 0.001, 200, 5),
      ttfb: histogramOf(service.p50! * 0.9, 200, 9),
    },
  };
}

function endpoint(name: string, path: string, requests: number, errors: number, p50: number): ReportEndpoint {
  return {
    name,
    method: 'GET',
    path,
    requests,
    errors,
    errorRatePercent: requests ? Number(((errors / requests) * 100).toFixed(4)) : 0,
    throughputRps: Number((requests / 60).toFixed(2)),
    latencyMs: lat(p50, p50 * 3, p50 * 5),
    ...partsOf(lat(p50, p50 * 3, p50 * 5), lat(p50, p50 * 3, p50 * 5), p50),
    statusCodes: { '200': requests - errors, ...(errors ? { '500': errors } : {}) },
    histogram: histogramOf(p50, 200, requests),
  };
}

function slo(
  name: string,
  unit: ReportSlo['unit'],
  bound: ReportSlo['bound'],
  limit: number,
  actual: number | null,
): ReportSlo {
  const passed = actual === null ? null : bound === 'max' ? actual <= limit : actual >= limit;
  return {
    name,
    endpoint: null,
    unit,
    bound,
    limit,
    actual,
    passed,
    samples: actual === null ? 12 : 3000,
    samplesNeeded: 1000,
    explanation:
      passed === null
        ? 'not judged: 12 samples, 1000 needed'
        : `${formatValue(actual, unit)} ${passed ? 'within' : 'exceeds'} ${formatValue(limit, unit)}`,
  };
}

/** `queueShare` of each second's mean latency waited in the queue, the rest was service time. */
function timeline(seconds: number, rps: number, p50: number, queueShare = 0): RunReport['timeline'] {
  return Array.from({ length: seconds }, (_, s) => ({
    second: s,
    warmUp: s < 5,
    requests: rps + ((s * 7) % 13),
    errors: s % 17 === 0 ? 2 : 0,
    p50Ms: s === 3 ? null : p50 + (s % 5),
    p95Ms: s === 3 ? null : p50 * 3 + (s % 7),
    p99Ms: s === 3 ? null : p50 * 5 + (s % 11),
    queueMeanMs: s === 3 ? null : Number(((p50 * 1.2 + (s % 5)) * queueShare).toFixed(3)),
    serviceMeanMs: s === 3 ? null : Number(((p50 * 1.2 + (s % 5)) * (1 - queueShare)).toFixed(3)),
    serviceP99Ms: s === 3 ? null : Number(((p50 * 5 + (s % 11)) * (1 - queueShare)).toFixed(3)),
    histogram: null,
  }));
}

export const passReport: RunReport = {
  schemaVersion: 1,
  calibration: null,
  tool: { name: 'slo-loadtest-action', version: '1.0.0' },
  verdict: 'pass',
  passed: true,
  rollback: false,
  reason: 'all 4 SLOs met',
  target: 'https://staging.example.com/api',
  environment: 'staging',
  stage: null,
  config: { path: 'deploy/performance_config.yml', digest: 'sha256:0123abcd' },
  load: {
    pattern: 'sustained',
    concurrency: 100,
    durationSeconds: 60,
    rate: 1000,
    warmUpSeconds: 5,
    workers: 2,
  },
  startedAt: '2025-03-01T10:00:00.000Z',
  finishedAt: '2025-03-01T10:01:05.000Z',
  totals: {
    requests: 60000,
    errors: 12,
    errorRatePercent: 0.02,
    throughputRps: 1000,
    durationSeconds: 60,
    bytes: 12_345_678,
    warmUpRequests: 5000,
  },
  latencyMs: lat(42.5, 120.25, 210.75),
  ...partsOf(lat(42.5, 120.25, 210.75), lat(42.5, 120.25, 210.75), 42.5),
  statusCodes: { '200': 59988, '503': 12 },
  errorKinds: { http_status: 12 },
  errors: [
    {
      kind: 'http_503',
      count: 12,
      firstMessage: 'HTTP 503',
      topMessage: 'HTTP 503',
      topMessageCount: 12,
      endpoints: ['list users', 'get user'],
    },
  ],
  endpoints: [endpoint('list users', '/users', 40000, 8, 40), endpoint('get user', '/users/1', 20000, 4, 45)],
  slos: [
    slo('p50 < 100ms', 'ms', 'max', 100, 42.5),
    slo('p95 < 250ms', 'ms', 'max', 250, 120.25),
    slo('error_rate < 0.5%', '%', 'max', 0.5, 0.02),
    slo('throughput > 900', 'req/s', 'min', 900, 1000),
  ],
  timeline: timeline(65, 1000, 40),
  generator: {
    intendedRequests: 60000,
    sentRequests: 60000,
    achievedRatio: 1,
    schedulingLagP99Ms: 1.5,
    eventLoopDelayP99Ms: 3.25,
    cpuPercent: 85.5,
    saturatedReasons: [],
  },
  aborted: null,
  // 60,000 measured + 5,000 warm-up requests, every one answered
  requests: { sent: 65000, completed: 65000, failed: 0, inFlightAtEnd: 0, notSent: 0, balanced: true },
  transport: { ...DIRECT_TRANSPORT, tlsError: null },
  connections: {
    ...emptyConnectionCounts(),
    connectTimeMs: { p50: null, p90: null, p95: null, p99: null, max: null, mean: null },
    connectTimeHistogram: null,
    timeline: [],
  },
  histogram: histogramOf(42.5, 2000),
  run: {
    runUrl: 'https://github.com/acme/shop/actions/runs/987654',
    repository: 'acme/shop',
    sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    ref: 'refs/pull/42/merge',
    runId: '987654',
    workflow: 'deploy',
    job: 'loadtest',
    pullRequest: 42,
  },
  shard: { index: 1, count: 1, plannedStartAt: null },
  merge: null,
  counts: {
    overall: fixtureCounts(60000, 12),
    endpoints: [fixtureCounts(40000, 8), fixtureCounts(20000, 4)],
    warmUp: fixtureCounts(5000, 0),
  },
};

function fixtureCounts(requests: number, errors: number): RunReport['counts']['overall'] {
  return {
    requests,
    errors,
    statusClasses: { '1xx': 0, '2xx': requests - errors, '3xx': 0, '4xx': 0, '5xx': errors, none: 0 },
    statusCodes: { '200': requests - errors, '503': errors },
    errorKinds: errors > 0 ? { http_status: errors } : {},
    bytes: requests * 200,
  };
}

export const failReport: RunReport = {
  ...passReport,
  verdict: 'fail',
  passed: false,
  rollback: true,
  reason: '2 of 4 SLOs breached: p95 < 250ms, error_rate < 0.5%',
  environment: 'production',
  stage: 'canary-25',
  totals: { ...passReport.totals, errors: 900, errorRatePercent: 1.5 },
  load: { ...passReport.load, pattern: 'rate', concurrency: 50 },
  latencyMs: lat(90, 310.5, 650),
  ...partsOf(lat(90, 310.5, 650), lat(30, 38, 41), 60),
  slos: [
    slo('p50 < 100ms', 'ms', 'max', 100, 90),
    slo('p95 < 250ms', 'ms', 'max', 250, 310.5),
    slo('error_rate < 0.5%', '%', 'max', 0.5, 1.5),
    slo('p99 /users < 400ms', 'ms', 'max', 400, null),
  ],
  timeline: timeline(180, 900, 90, 0.8),
  errors: [
    {
      kind: 'timeout',
      count: 600,
      firstMessage: 'timed out waiting for the first response byte',
      topMessage: 'timed out waiting for the first response byte',
      topMessageCount: 590,
      endpoints: ['list users'],
    },
    {
      kind: 'connection_reset',
      count: 300,
      firstMessage: 'read ECONNRESET',
      topMessage: 'the server closed the connection before any response byte',
      topMessageCount: 200,
      endpoints: ['list users', 'get user'],
    },
  ],
  calibration: {
    pattern: 'rate',
    rate: 1000,
    concurrency: 50,
    durationSeconds: 10,
    workers: 1,
    requests: 10000,
    latencyMs: { p50: 0.12, p99: 1.35 },
    serviceTimeMs: { p50: 0.1, p99: 1.1 },
    schedulingLagP99Ms: 0.4,
    eventLoopDelayP99Ms: 10.9,
    saturatedReasons: [],
  },
  generator: { ...passReport.generator, saturatedReasons: [] },
  histogram: histogramOf(90, 2000, 7),
};

/** Many endpoints (the summary must stay < 1 MiB and list a bounded number). */
export function manyEndpointsReport(n: number): RunReport {
  const endpoints = Array.from({ length: n }, (_, i) =>
    endpoint(
      `endpoint-${String(i).padStart(5, '0')} ${'x'.repeat(300)}`,
      `/e/${i}`,
      10 + (i % 97),
      i % 3,
      10,
    ),
  );
  return { ...passReport, endpoints, histogram: passReport.histogram };
}

const NASTY = 'a|b <script>alert(1)</script> `rm -rf` & "q" \'s\'\nnew line ]]> --> \u0001';

export const nastyReport: RunReport = {
  ...failReport,
  verdict: 'inconclusive',
  passed: false,
  rollback: false,
  reason: `generator saturated: ${NASTY}`,
  target: 'https://evil.example.com/a|b?<x>=`y`',
  environment: `prod|<b>${'`'}`,
  stage: 'stage\nwith newline',
  endpoints: [{ ...endpoint(NASTY, '/a|b', 100, 1, 5), method: 'POST' }],
  errors: [
    {
      kind: 'protocol',
      count: 1,
      firstMessage: `malformed status line ${NASTY}`,
      topMessage: NASTY,
      topMessageCount: 1,
      endpoints: [NASTY],
    },
  ],
  slos: [{ ...slo(`p95 ${NASTY}`, 'ms', 'max', 250, null), explanation: `not judged: ${NASTY}` }],
  generator: {
    ...passReport.generator,
    achievedRatio: 0.4,
    saturatedReasons: [`event loop blocked ${NASTY}`],
  },
  run: { ...passReport.run, workflow: 'deploy <prod>', runUrl: null, pullRequest: null },
};

export const allFixtures = { pass: passReport, fail: failReport, nasty: nastyReport } as const;
