// Runner-shard results built the real way (Recorder → snapshot → judge → RunReport) from known
// records, and the one-recorder run of all of them, for exact-merge tests.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { configFromText } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import { evaluate } from '../../src/judge/evaluate.js';
import { ConnectionTotals } from '../../src/metrics/connections.js';
import { Recorder } from '../../src/metrics/recorder.js';
import { ErrorKind, type ResultRecord } from '../../src/metrics/types.js';
import { buildPlan } from '../../src/plan/plan.js';
import { buildRunReport } from '../../src/report/from-run.js';
import { renderResultsJson } from '../../src/report/results-json.js';
import type { RunReport } from '../../src/report/types.js';
import type { RunShard } from '../../src/settings/run-shard.js';
import type { RunContext } from '../../src/settings/types.js';

export const SHARD_CONFIG_PATH = 'shard-config.yml';
export const SHARD_CONFIG_TEXT = `thresholds:
  latency: { p50: 100, p95: 250, p99: 400 }
  error_rate: 10
load:
  pattern: rate
  rate: 1000
  duration: 4s
  warm_up: 1s
  concurrency: 100
endpoints:
  - { name: list, path: /users, weight: 3 }
  - { name: create, method: POST, path: /users, weight: 1, expect_status: [201] }
`;

export function shardConfig(): Config {
  return configFromText(SHARD_CONFIG_TEXT, {
    path: SHARD_CONFIG_PATH,
    explicit: true,
    environment: 'staging',
    overrides: {},
    env: {},
  });
}

export const TARGET = new URL('http://127.0.0.1:9/api');
export const RUN: RunContext = {
  runUrl: 'https://github.com/acme/shop/actions/runs/555',
  repository: 'acme/shop',
  sha: 'abc',
  ref: 'refs/heads/main',
  runId: '555',
  workflow: 'deploy',
  job: 'loadtest',
  pullRequest: null,
};

/** Record i of a 4,000-arrival run (1,000/s for 4 s): mixed latencies, 503s, timeouts, both endpoints. */
export function record(i: number): ResultRecord {
  const endpoint = i % 4 === 3 ? 1 : 0;
  const timeout = i % 97 === 0;
  const status = timeout ? 0 : i % 23 === 0 ? 503 : endpoint === 1 ? 201 : 200;
  const latencyUs = 800 + ((i * 7919) % 40_000) + (i % 101 === 0 ? 300_000 : 0);
  return {
    endpoint,
    status,
    errorKind: timeout ? ErrorKind.Timeout : status === 503 ? ErrorKind.None : ErrorKind.None,
    intendedStartUs: i * 1000,
    latencyUs,
    serviceUs: latencyUs - (i % 5) * 100,
    ttfbUs: timeout ? -1 : Math.floor(latencyUs / 2),
    bytes: 100 + (i % 7),
  };
}

export const RECORDS = 4000;

export interface BuiltRun {
  report: RunReport;
}

/** The report of the records `keep` selects, as one run started at startedAt. */
export function reportOf(
  keep: (i: number) => boolean,
  runShard: RunShard,
  startedAt = '2026-12-01T22:00:00.000Z',
): RunReport {
  const config = shardConfig();
  const plan = buildPlan(TARGET, config, runShard);
  // as the engine records: a worker's recorder, its delta merged into the main thread's
  const worker = new Recorder(plan.endpoints, config.load.warmUpSeconds * 1_000_000);
  const recorder = new Recorder(plan.endpoints, config.load.warmUpSeconds * 1_000_000, true);
  let intended = 0;
  for (let i = 0; i < RECORDS; i++) {
    if (!keep(i)) continue;
    worker.add(record(i));
    if (i >= 1000) intended++;
  }
  recorder.mergeDelta(worker.exportDelta());
  const snapshot = recorder.snapshot({
    startedAt,
    accounting: null,
    elapsedSeconds: 4,
    connections: new ConnectionTotals().snapshot(),
    measuredSeconds: 3,
    timelineSeconds: 4,
    aborted: null,
    health: {
      workers: 1,
      intendedRequests: intended,
      sentRequests: intended,
      achievedRatio: 1,
      schedulingLagP99Ms: 0.5,
      eventLoopDelayP99Ms: 2,
      cpuPercent: 40,
      saturatedReasons: [],
    },
  });
  return buildRunReport({
    config,
    plan,
    workers: 1,
    settings: { targetUrl: TARGET, environment: 'staging', stage: null, run: RUN, runShard },
    snapshot,
    judgement: evaluate(snapshot, config),
    finishedAt: new Date(Date.parse(startedAt) + 4000),
    version: '1.0.0',
    plannedStartAt: '2026-12-01T22:00:00.000Z',
  });
}

/** Shard i of n of the records (arrival k belongs to shard k mod n + 1, as the engine divides them). */
export function shardReport(index: number, count: number, startedAt?: string): RunReport {
  return reportOf((i) => i % count === index - 1, { index, count }, startedAt);
}

export async function writeShard(dir: string, name: string, report: RunReport): Promise<string> {
  await mkdir(join(dir, name), { recursive: true });
  const file = join(dir, name, 'results.json');
  await writeFile(file, renderResultsJson(report));
  return file;
}
