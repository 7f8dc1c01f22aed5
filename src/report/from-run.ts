// Assembles the one RunReport value (= results.json) from a finished run. Pure.
import type { Calibration } from '../engine/calibrate.js';
import type { Config } from '../config/types.js';
import { TOOL_NAME, RESULTS_SCHEMA_VERSION } from '../constants.js';
import type { Judgement } from '../judge/types.js';
import { errorEntries } from '../judge/errors.js';
import { errorCount, errorRatePercent, goodputRps } from '../judge/select.js';
import { CONNECTION_COUNT_KEYS, type ConnectionsSnapshot } from '../metrics/connections.js';
import {
  ERROR_KIND_NAMES,
  ErrorKind,
  type Counts,
  type GeneratorHealth,
  type LatencyParts,
  type LatencyStats,
  type Snapshot,
} from '../metrics/types.js';
import { isOpenModel } from '../config/keys.js';
import type { Plan } from '../plan/plan.js';
import { DIRECT_TRANSPORT, type TransportFacts } from '../plan/transport.js';
import type { Settings } from '../settings/types.js';
import type { LatencyMs, LatencyPartsMs, MergeInfo, RunReport } from './types.js';

export interface RunFacts {
  config: Config;
  plan: Plan;
  workers: number;
  settings: Pick<Settings, 'targetUrl' | 'environment' | 'stage' | 'run' | 'runShard'> &
    Partial<Pick<Settings, 'trafficWeight'>>;
  snapshot: Snapshot;
  judgement: Judgement;
  /** How the load reached the target (default: direct HTTP/1.1, certificate checks on). */
  transport?: TransportFacts;
  finishedAt: Date;
  version: string;
  /** The shared start the run waited for (ISO), or null. */
  plannedStartAt: string | null;
  /** Set when the run is the merge of runner shards. */
  merge?: MergeInfo | null;
  /** The calibration run before the load (input calibrate); absent or null when none ran. */
  calibration?: Calibration | null;
}

export function buildRunReport(facts: RunFacts): RunReport {
  const { config, snapshot, judgement, settings } = facts;
  const overall = snapshot.overall;
  const seconds = snapshot.measuredSeconds;
  const errors = errorEntries(snapshot, config.errorClass);
  const transport = facts.transport ?? DIRECT_TRANSPORT;
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: facts.version },
    calibration: facts.calibration ?? null,
    verdict: judgement.verdict,
    passed: judgement.verdict === 'pass',
    rollback: judgement.verdict !== 'pass',
    reason: judgement.reason,
    target: settings.targetUrl.href,
    environment: settings.environment,
    stage: settings.stage,
    config: { path: config.path, digest: config.digest },
    load: {
      pattern: config.load.pattern,
      concurrency: config.load.concurrency,
      durationSeconds: config.load.durationSeconds,
      // Only the rate patterns use a rate; a `rate` left in a closed-model config is not reported as if it ran.
      rate: isOpenModel(config.load) ? config.load.rate : null,
      warmUpSeconds: config.load.warmUpSeconds,
      workers: facts.workers,
    },
    startedAt: snapshot.startedAt,
    finishedAt: facts.finishedAt.toISOString(),
    totals: {
      requests: overall.counts.requests,
      errors: errorCount(overall.counts, config.errorClass),
      errorRatePercent: round(errorRatePercent(overall.counts, config.errorClass), 4),
      throughputRps: round(overall.throughputRps, 2),
      durationSeconds: round(seconds, 3),
      bytes: overall.counts.bytes,
      warmUpRequests: snapshot.warmUp.requests,
    },
    latencyMs: latencyMs(overall.latency),
    ...partsMs(overall.parts),
    statusCodes: { ...overall.counts.statusCodes },
    errorKinds: { ...overall.counts.errorKinds },
    errors,
    endpoints: snapshot.endpoints.map((endpoint) => {
      const spec = config.endpoints.find((e) => e.name === endpoint.name);
      return {
        name: endpoint.name,
        method: spec?.method ?? 'GET',
        // As written in the config: a ${VAR} (a key in a query string) is never expanded here.
        path: spec?.displayPath ?? '/',
        requests: endpoint.counts.requests,
        errors: errorCount(endpoint.counts, config.errorClass),
        errorRatePercent: round(errorRatePercent(endpoint.counts, config.errorClass), 4),
        throughputRps: round(goodputRps(endpoint.counts, seconds), 2),
        latencyMs: latencyMs(endpoint.latency),
        ...partsMs(endpoint.parts),
        statusCodes: { ...endpoint.counts.statusCodes },
        histogram: endpoint.latency.encoded(),
      };
    }),
    slos: judgement.slos.map((s) => ({
      name: s.name,
      endpoint: s.endpoint,
      unit: s.unit,
      bound: s.bound,
      limit: s.limit,
      actual: s.actual === null ? null : round(s.actual, 3),
      passed: s.passed,
      samples: s.samples,
      samplesNeeded: s.samplesNeeded,
      explanation: s.explanation,
    })),
    timeline: timelineOf(snapshot),
    generator: generatorOf(snapshot.health),
    aborted: snapshot.aborted,
    requests: snapshot.accounting === null ? null : { ...snapshot.accounting },
    transport: {
      ...transport,
      resolve: [...transport.resolve],
      tlsError: errors.find((e) => e.kind === ERROR_KIND_NAMES[ErrorKind.Tls])?.firstMessage ?? null,
    },
    connections: connectionsOf(snapshot.connections),
    histogram: overall.latency.encoded(),
    run: { ...settings.run },
    shard: { ...settings.runShard, plannedStartAt: facts.plannedStartAt },
    counts: {
      overall: copyCounts(overall.counts),
      endpoints: snapshot.endpoints.map((e) => copyCounts(e.counts)),
      warmUp: copyCounts(snapshot.warmUp),
    },
    merge: facts.merge ?? null,
    promote: judgement.verdict === 'pass',
    trafficWeight: settings.trafficWeight ?? null,
  };
}

function timelineOf(snapshot: Snapshot): RunReport['timeline'] {
  const histograms = snapshot.encodeTimeline();
  return snapshot.timeline.map((b, i) => ({ ...b, histogram: histograms[i] ?? null }));
}

function connectionsOf(c: ConnectionsSnapshot): RunReport['connections'] {
  const counts = Object.fromEntries(CONNECTION_COUNT_KEYS.map((k) => [k, c.counts[k]]));
  return {
    ...(counts as unknown as RunReport['connections']),
    connectTimeMs: latencyMs(c.connectTime),
    connectTimeHistogram: c.connectTime.count > 0 ? c.connectTime.encoded() : null,
    timeline: c.seconds.map((s) => ({ ...s })),
  };
}

function copyCounts(c: Counts): Counts {
  return {
    requests: c.requests,
    errors: c.errors,
    statusClasses: { ...c.statusClasses },
    statusCodes: { ...c.statusCodes },
    errorKinds: { ...c.errorKinds },
    bytes: c.bytes,
  };
}

function generatorOf({ workers: _, ...health }: GeneratorHealth): RunReport['generator'] {
  return { ...health, saturatedReasons: [...health.saturatedReasons] };
}

function latencyMs(latency: LatencyStats): LatencyMs {
  if (latency.count === 0) return { p50: null, p90: null, p95: null, p99: null, max: null, mean: null };
  const p = (q: number): number => round(latency.percentileMs(q), 3);
  return {
    p50: p(50),
    p90: p(90),
    p95: p(95),
    p99: p(99),
    max: round(latency.maxMs, 3),
    mean: round(latency.meanMs, 3),
  };
}

function partsMs(parts: LatencyParts): LatencyPartsMs {
  return {
    serviceTimeMs: latencyMs(parts.serviceTime),
    queueWaitMs: latencyMs(parts.queueWait),
    ttfbMs: latencyMs(parts.ttfb),
    partHistograms: {
      serviceTime: parts.serviceTime.encoded(),
      queueWait: parts.queueWait.encoded(),
      ttfb: parts.ttfb.encoded(),
    },
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
