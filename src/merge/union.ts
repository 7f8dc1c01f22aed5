// The union of runner shards as one Snapshot: counts summed, HDR histograms (overall, per
// endpoint, per second, latency parts) added bucket by bucket — exact, as if one generator had
// recorded every request. The judge and every reporter then see a single run.
import {
  createHistogram,
  encodeHistogram,
  latencyStatsOf,
  mergeEncoded,
  recordedValuesOf,
  type Histogram,
} from '../metrics/histogram.js';
import type {
  Counts,
  GeneratorHealth,
  KindMessageSummary,
  LatencyParts,
  LatencyStats,
  Snapshot,
  TimelineBucket,
} from '../metrics/types.js';
import { emptyConnectionCounts, unionConnections } from '../metrics/connections.js';
import { sumAccounting } from '../metrics/accounting.js';
import type { PartHistogramsB64, RunReport } from '../report/types.js';
import { formatRunShard } from '../settings/run-shard.js';
import { overlapProblem, type Overlap } from './overlap.js';

export function unionSnapshot(reports: readonly RunReport[], overlap: Overlap): Snapshot {
  const first = reports[0]!;
  const measuredSeconds = overlap.spanSeconds;
  const overallCounts = sumCounts(reports.map((r) => r.counts.overall));
  const endpoints = first.endpoints.map((e, i) => ({
    name: e.name,
    counts: sumCounts(reports.map((r) => r.counts.endpoints[i]!)),
    latency: statsOf(reports.map((r) => r.endpoints[i]!.histogram)),
    parts: partsOf(reports.map((r) => r.endpoints[i]!.partHistograms)),
  }));
  const startMs = Math.min(...reports.map((r) => Date.parse(r.startedAt)));
  const endMs = Math.max(...reports.map((r) => Date.parse(r.startedAt) + elapsedMs(r)));
  const timeline = unionTimeline(reports, startMs);
  return {
    startedAt: new Date(startMs).toISOString(),
    measuredSeconds,
    elapsedSeconds: (endMs - startMs) / 1000,
    overall: {
      counts: overallCounts,
      latency: statsOf(reports.map((r) => r.histogram)),
      parts: partsOf(reports.map((r) => r.partHistograms)),
      // successful responses per second of the union's measured window, like a single run's
      throughputRps:
        measuredSeconds > 0 ? (overallCounts.requests - overallCounts.errors) / measuredSeconds : 0,
    },
    endpoints,
    warmUp: sumCounts(reports.map((r) => r.counts.warmUp)),
    timeline: timeline.buckets,
    encodeTimeline: () => timeline.histograms.map((h) => (h && h.totalCount > 0 ? encodeHistogram(h) : null)),
    latencyBySecond: () =>
      timeline.buckets.flatMap((b, s) => {
        const h = timeline.histograms[s];
        return !b.warmUp && h && h.totalCount > 0 ? [{ second: s, ...recordedValuesOf(h) }] : [];
      }),
    health: unionHealth(reports, overlap),
    aborted: unionAborted(reports),
    accounting: sumAccounting(reports.map((r) => r.requests)),
    ...unionErrors(reports),
    connections: unionConnections(
      reports.map((r) => ({
        // results written before connection accounting existed contribute none
        counts: r.connections ?? emptyConnectionCounts(),
        connectTimeHistogram: r.connections?.connectTimeHistogram ?? null,
        seconds: r.connections?.timeline ?? [],
        offset: secondOffset(r, startMs),
      })),
    ),
  };
}

/** Whole seconds from the union's start to this shard's (shards that share a start-at are within ms). */
function secondOffset(r: RunReport, startMs: number): number {
  return Math.round((Date.parse(r.startedAt) - startMs) / 1000);
}

/**
 * The shards' error messages: a kind's first message is the first shard's that had it, its most
 * common one the one with the highest count in a shard. Statuses: the shards' error-status entries
 * summed (results.json written before errors[] existed contribute none).
 */
function unionErrors(reports: readonly RunReport[]): Pick<Snapshot, 'errorMessages' | 'unexpectedStatuses'> {
  const errorMessages: Record<string, KindMessageSummary> = {};
  const unexpectedStatuses: Record<string, number> = {};
  for (const e of reports.flatMap((r) => r.errors ?? [])) {
    if (e.kind.startsWith('http_')) {
      const code = e.kind.slice('http_'.length);
      unexpectedStatuses[code] = (unexpectedStatuses[code] ?? 0) + e.count;
      continue;
    }
    const known = errorMessages[e.kind];
    if (known === undefined) {
      errorMessages[e.kind] = {
        firstMessage: e.firstMessage,
        topMessage: e.topMessage,
        topMessageCount: e.topMessageCount,
      };
    } else if (e.topMessageCount > known.topMessageCount) {
      errorMessages[e.kind] = { ...known, topMessage: e.topMessage, topMessageCount: e.topMessageCount };
    }
  }
  return { errorMessages, unexpectedStatuses };
}

/** A shard's whole run (warm-up + measured window), ms. */
function elapsedMs(r: RunReport): number {
  return (r.load.warmUpSeconds + r.totals.durationSeconds) * 1000;
}

function merged(encoded: readonly (string | null | undefined)[]): Histogram {
  const h = createHistogram();
  for (const e of encoded) if (e) mergeEncoded(h, e);
  return h;
}

function statsOf(encoded: readonly string[]): LatencyStats {
  return latencyStatsOf(merged(encoded));
}

function partsOf(parts: readonly PartHistogramsB64[]): LatencyParts {
  return {
    serviceTime: statsOf(parts.map((p) => p.serviceTime)),
    queueWait: statsOf(parts.map((p) => p.queueWait)),
    ttfb: statsOf(parts.map((p) => p.ttfb)),
  };
}

function sumCounts(all: readonly Counts[]): Counts {
  const add = (into: Record<string, number>, from: Readonly<Record<string, number>>): void => {
    for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
  };
  const statusClasses: Record<string, number> = {};
  const statusCodes: Record<string, number> = {};
  const errorKinds: Record<string, number> = {};
  let requests = 0;
  let errors = 0;
  let bytes = 0;
  for (const c of all) {
    requests += c.requests;
    errors += c.errors;
    bytes += c.bytes;
    add(statusClasses, c.statusClasses);
    add(statusCodes, c.statusCodes);
    add(errorKinds, c.errorKinds);
  }
  return { requests, errors, statusClasses, statusCodes, errorKinds, bytes };
}

/**
 * Seconds aligned on the wall clock: shard second s lands in union second s + its start offset
 * (whole seconds; shards that share a start-at are within milliseconds). Latency percentiles are
 * exact (histograms added); the per-second queue/service means are weighted by requests and the
 * service p99 is the highest shard's (the timeline does not carry part histograms per second).
 */
function unionTimeline(reports: readonly RunReport[], startMs: number) {
  const buckets: TimelineBucket[] = [];
  const histograms: (Histogram | null)[] = [];
  const weights: { queue: number; service: number }[] = [];
  for (const r of reports) {
    const offset = secondOffset(r, startMs);
    for (const b of r.timeline) {
      const s = b.second + offset;
      while (buckets.length <= s) {
        buckets.push(emptySecond(buckets.length));
        histograms.push(null);
        weights.push({ queue: 0, service: 0 });
      }
      const u = buckets[s]!;
      u.warmUp = u.warmUp || b.warmUp;
      u.requests += b.requests;
      u.errors += b.errors;
      if (b.histogram) mergeEncoded((histograms[s] ??= createHistogram()), b.histogram);
      const w = weights[s]!;
      if (b.queueMeanMs !== null) {
        u.queueMeanMs =
          ((u.queueMeanMs ?? 0) * w.queue + b.queueMeanMs * b.requests) / (w.queue + b.requests || 1);
        w.queue += b.requests;
      }
      if (b.serviceMeanMs !== null) {
        u.serviceMeanMs =
          ((u.serviceMeanMs ?? 0) * w.service + b.serviceMeanMs * b.requests) / (w.service + b.requests || 1);
        w.service += b.requests;
      }
      if (b.serviceP99Ms !== null) u.serviceP99Ms = Math.max(u.serviceP99Ms ?? 0, b.serviceP99Ms);
    }
  }
  buckets.forEach((u, s) => {
    const h = histograms[s];
    if (!h || h.totalCount === 0) return;
    u.p50Ms = h.getValueAtPercentile(50) / 1000;
    u.p95Ms = h.getValueAtPercentile(95) / 1000;
    u.p99Ms = h.getValueAtPercentile(99) / 1000;
  });
  return { buckets, histograms };
}

function emptySecond(second: number): TimelineBucket {
  return {
    second,
    warmUp: false,
    requests: 0,
    errors: 0,
    p50Ms: null,
    p95Ms: null,
    p99Ms: null,
    queueMeanMs: null,
    serviceMeanMs: null,
    serviceP99Ms: null,
  };
}

/**
 * Sums of what adds up (workers, intended and sent requests); the worst shard's lag, loop delay
 * and CPU; every shard's saturation reason under its name, and the overlap's when it falls short.
 */
function unionHealth(reports: readonly RunReport[], overlap: Overlap): GeneratorHealth {
  const open = reports.every((r) => r.generator.intendedRequests !== null);
  const intended = open ? reports.reduce((a, r) => a + (r.generator.intendedRequests ?? 0), 0) : null;
  const sent = reports.reduce((a, r) => a + r.generator.sentRequests, 0);
  const reasons = reports.flatMap((r) =>
    r.generator.saturatedReasons.map((reason) => `shard ${formatRunShard(r.shard)}: ${reason}`),
  );
  const problem = overlapProblem(overlap);
  if (problem !== null) reasons.push(problem);
  return {
    workers: reports.reduce((a, r) => a + r.load.workers, 0),
    intendedRequests: intended,
    sentRequests: sent,
    achievedRatio: intended === null ? null : intended > 0 ? sent / intended : 1,
    schedulingLagP99Ms: Math.max(...reports.map((r) => r.generator.schedulingLagP99Ms)),
    eventLoopDelayP99Ms: Math.max(...reports.map((r) => r.generator.eventLoopDelayP99Ms)),
    cpuPercent: Math.max(...reports.map((r) => r.generator.cpuPercent)),
    saturatedReasons: reasons,
  };
}

function unionAborted(reports: readonly RunReport[]): Snapshot['aborted'] {
  const stopped = reports.filter((r) => r.aborted !== null);
  if (stopped.length === 0) return null;
  return {
    reason: stopped.map((r) => `shard ${formatRunShard(r.shard)}: ${r.aborted!.reason}`).join('; '),
    atSeconds: Math.min(...stopped.map((r) => r.aborted!.atSeconds)),
  };
}
