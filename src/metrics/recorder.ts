// The recorder: add(record) per request, snapshot() when asked. Workers each own one and ship
// exportDelta() (counts + encoded histograms) to the main thread, which mergeDelta()s them exactly.
import type { EndpointConfig } from '../config/types.js';
import {
  ERROR_KIND_NAMES,
  ErrorKind,
  type GeneratorHealth,
  type KindMessageSummary,
  type ResultRecord,
  type SecondLatency,
  type Snapshot,
  type TimelineBucket,
} from './types.js';
import { addCount, emptyCounts, mergeCounts, STATUS_SLOTS, toCounts, type CountsData } from './counts.js';
import {
  copyHistogram,
  createHistogram,
  encodeHistogram,
  latencyStatsOf,
  mergeEncoded,
  recordedValuesOf,
  recordUs,
  type Histogram,
} from './histogram.js';
import { PartHistograms, type PartsDelta } from './parts.js';
import { ErrorMessages, type KindMessages } from './error-messages.js';

const US_PER_SECOND = 1_000_000;
const NO_PARTS = { queueMeanMs: null, serviceMeanMs: null, serviceP99Ms: null } as const;

interface Group {
  counts: CountsData;
  histogram: Histogram;
  parts: PartHistograms;
}
interface Second {
  requests: number;
  errors: number;
  histogram: Histogram;
  parts: PartHistograms;
}

export interface GroupDelta {
  counts: CountsData;
  histogram: string | null;
  parts: PartsDelta;
}
/** What a worker sends each tick: everything recorded since its previous delta. Structured-clonable. */
export interface RecorderDelta {
  overall: GroupDelta;
  endpoints: GroupDelta[];
  warmUp: CountsData;
  /** post-warm-up failures' messages */
  messages: KindMessages[];
  timeline: { second: number; requests: number; errors: number; histogram: string; parts: PartsDelta }[];
}

export interface SnapshotMeta {
  startedAt: string;
  elapsedSeconds: number;
  measuredSeconds: number;
  /** Timeline length, seconds (the whole run, empty seconds included). */
  timelineSeconds: number;
  health: GeneratorHealth;
  aborted: Snapshot['aborted'];
  connections: Snapshot['connections'];
}

/** expected[endpoint][status] === 1 when the status is in the endpoint's expectStatus. */
function expectedTable(endpoints: readonly Pick<EndpointConfig, 'expectStatus'>[]): Uint8Array[] {
  return endpoints.map((e) => {
    const table = new Uint8Array(STATUS_SLOTS);
    for (const s of e.expectStatus) if (s > 0 && s < STATUS_SLOTS) table[s] = 1;
    return table;
  });
}

export class Recorder {
  private readonly names: string[];
  private readonly expected: Uint8Array[];
  private overall!: Group;
  private endpoints!: Group[];
  private warmUp!: CountsData;
  private timeline: (Second | undefined)[] = [];
  private messages = new ErrorMessages();

  /** `packedTimeline`: the long-lived merged recorder keeps per-second histograms packed (small). */
  constructor(
    endpoints: readonly Pick<EndpointConfig, 'name' | 'expectStatus'>[],
    private readonly warmUpUs: number,
    private readonly packedTimeline = false,
  ) {
    this.names = endpoints.map((e) => e.name);
    this.expected = expectedTable(endpoints);
    this.reset();
  }

  private reset(): void {
    const group = (): Group => ({
      counts: emptyCounts(),
      histogram: createHistogram(),
      parts: new PartHistograms(),
    });
    this.overall = group();
    this.endpoints = this.names.map(group);
    this.warmUp = emptyCounts();
    this.timeline = [];
  }

  /** Transport errors and statuses outside the endpoint's expectStatus count as errors. */
  isError(record: ResultRecord): boolean {
    return record.errorKind !== ErrorKind.None || this.expected[record.endpoint][record.status] !== 1;
  }

  add(record: ResultRecord): void {
    const isError = this.isError(record);
    const second = Math.floor(record.intendedStartUs / US_PER_SECOND);
    const bucket = this.timeline[second] ?? this.newSecond(second);
    bucket.requests++;
    if (isError) bucket.errors++;
    const sent = record.errorKind !== ErrorKind.NotSent;
    const { latencyUs, serviceUs, ttfbUs } = record;
    recordUs(bucket.histogram, latencyUs);
    bucket.parts.add(latencyUs, serviceUs, ttfbUs, sent);
    if (record.intendedStartUs < this.warmUpUs) {
      addCount(this.warmUp, record.status, record.errorKind, isError, record.bytes);
      return;
    }
    const endpoint = this.endpoints[record.endpoint];
    if (record.errorKind !== ErrorKind.None) this.messages.add(record.errorKind, record.message ?? '');
    addCount(this.overall.counts, record.status, record.errorKind, isError, record.bytes);
    addCount(endpoint.counts, record.status, record.errorKind, isError, record.bytes);
    recordUs(this.overall.histogram, latencyUs);
    recordUs(endpoint.histogram, latencyUs);
    this.overall.parts.add(latencyUs, serviceUs, ttfbUs, sent);
    endpoint.parts.add(latencyUs, serviceUs, ttfbUs, sent);
  }

  private newSecond(second: number): Second {
    const bucket: Second = {
      requests: 0,
      errors: 0,
      histogram: createHistogram(this.packedTimeline),
      parts: new PartHistograms(this.packedTimeline),
    };
    this.timeline[second] = bucket;
    return bucket;
  }

  /** Everything recorded since the last call, then starts afresh. */
  exportDelta(): RecorderDelta {
    const group = (g: Group): GroupDelta => ({
      counts: g.counts,
      histogram: g.histogram.totalCount > 0 ? encodeHistogram(g.histogram) : null,
      parts: g.parts.encode(),
    });
    const delta: RecorderDelta = {
      overall: group(this.overall),
      endpoints: this.endpoints.map(group),
      warmUp: this.warmUp,
      messages: this.messages.export(),
      timeline: [],
    };
    this.timeline.forEach((b, second) => {
      if (b && b.requests > 0) {
        delta.timeline.push({
          second,
          requests: b.requests,
          errors: b.errors,
          histogram: encodeHistogram(b.histogram),
          parts: b.parts.encode(),
        });
      }
    });
    this.reset();
    return delta;
  }

  mergeDelta(delta: RecorderDelta): void {
    const merge = (into: Group, from: GroupDelta): void => {
      mergeCounts(into.counts, from.counts);
      if (from.histogram !== null) mergeEncoded(into.histogram, from.histogram);
      into.parts.merge(from.parts);
    };
    merge(this.overall, delta.overall);
    delta.endpoints.forEach((e, i) => merge(this.endpoints[i], e));
    mergeCounts(this.warmUp, delta.warmUp);
    this.messages.merge(delta.messages);
    for (const t of delta.timeline) {
      const bucket = this.timeline[t.second] ?? this.newSecond(t.second);
      bucket.requests += t.requests;
      bucket.errors += t.errors;
      mergeEncoded(bucket.histogram, t.histogram);
      bucket.parts.merge(t.parts);
    }
  }

  /** Post-warm-up requests that got no response because the generator could not send them. */
  get notSent(): number {
    return this.overall.counts.kinds[ErrorKind.NotSent];
  }

  get measuredRequests(): number {
    return this.overall.counts.requests;
  }

  /** A copy: recording may continue while the snapshot is read. */
  snapshot(meta: SnapshotMeta): Snapshot {
    const measured = meta.measuredSeconds;
    const oc = this.overall.counts;
    const successes = oc.requests - oc.errors;
    const timeline: TimelineBucket[] = [];
    const seconds = Math.max(meta.timelineSeconds, this.timeline.length);
    for (let second = 0; second < seconds; second++) {
      const b = this.timeline[second];
      const has = b !== undefined && b.requests > 0;
      const pct = (p: number): number | null => (has ? b.histogram.getValueAtPercentile(p) / 1000 : null);
      timeline.push({
        second,
        warmUp: second * US_PER_SECOND < this.warmUpUs,
        requests: b?.requests ?? 0,
        errors: b?.errors ?? 0,
        p50Ms: pct(50),
        p95Ms: pct(95),
        p99Ms: pct(99),
        ...(has ? b.parts.timelineFigures() : NO_PARTS),
      });
    }
    return {
      startedAt: meta.startedAt,
      measuredSeconds: measured,
      elapsedSeconds: meta.elapsedSeconds,
      overall: {
        counts: toCounts(oc),
        latency: latencyStatsOf(copyHistogram(this.overall.histogram)),
        parts: this.overall.parts.stats(),
        // successful (non-error) responses per second of the measured window
        throughputRps: measured > 0 ? successes / measured : 0,
      },
      endpoints: this.endpoints.map((e, i) => ({
        name: this.names[i],
        counts: toCounts(e.counts),
        latency: latencyStatsOf(copyHistogram(e.histogram)),
        parts: e.parts.stats(),
      })),
      warmUp: toCounts(this.warmUp),
      timeline,
      encodeTimeline: encodeSeconds(this.timeline.slice(0, seconds), seconds),
      health: meta.health,
      aborted: meta.aborted,
      latencyBySecond: secondsOf(this.timeline.slice(0, seconds), this.warmUpUs),
      errorMessages: this.messageSummaries(),
      unexpectedStatuses: this.unexpectedStatuses(),
      connections: meta.connections,
    };
  }

  private unexpectedStatuses(): Record<string, number> {
    const out: Record<string, number> = {};
    this.endpoints.forEach((e, i) => {
      const statuses = e.counts.statuses;
      for (let s = 1; s < STATUS_SLOTS; s++) {
        if (statuses[s] > 0 && this.expected[i][s] !== 1) out[s] = (out[s] ?? 0) + statuses[s];
      }
    });
    return out;
  }

  private messageSummaries(): Record<string, KindMessageSummary> {
    const out: Record<string, KindMessageSummary> = {};
    const kinds = this.overall.counts.kinds;
    for (let k = 1; k < kinds.length; k++) {
      const kind = k as ErrorKind;
      const first = this.messages.first(kind);
      const top = this.messages.top(kind);
      if (kinds[k] === 0 || first === null) continue;
      out[ERROR_KIND_NAMES[kind]] = {
        firstMessage: first,
        topMessage: top?.message ?? first,
        topMessageCount: top?.count ?? 0,
      };
    }
    return out;
  }
}

/**
 * The per-second histograms encoded when called (not copied: per tick that would cost a copy of
 * every second; the final snapshot is taken after recording ended, so it encodes what it shows).
 */
function encodeSeconds(seconds: readonly (Second | undefined)[], length: number): () => (string | null)[] {
  return () =>
    Array.from({ length }, (_, i) => {
      const b = seconds[i];
      return b && b.requests > 0 ? encodeHistogram(b.histogram) : null;
    });
}

/** Measured (post-warm-up) seconds that hold requests, as recorded values (read when called, like encodeSeconds). */
function secondsOf(seconds: readonly (Second | undefined)[], warmUpUs: number): () => SecondLatency[] {
  return () => {
    const out: SecondLatency[] = [];
    seconds.forEach((b, second) => {
      if (!b || b.histogram.totalCount === 0 || second * US_PER_SECOND < warmUpUs) return;
      out.push({ second, ...recordedValuesOf(b.histogram) });
    });
    return out;
  };
}
