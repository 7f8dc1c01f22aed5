// The recorder: add(record) per request, snapshot() when asked. Workers each own one and ship
// exportDelta() (counts + bucket ranges) to the main thread, which mergeDelta()s them exactly.
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
  decodeHistogram,
  encodeHistogram,
  latencyStatsOf,
  summaryUs,
  recordedValuesOf,
  type Histogram,
} from './histogram.js';
import { addBuckets, HotHistogram, type Buckets } from './hot-histogram.js';
import { HotParts, PartHistograms, type PartsDelta } from './parts.js';
import { ErrorMessages, type KindMessages } from './error-messages.js';

const US_PER_SECOND = 1_000_000;
const NO_PARTS = { queueMeanMs: null, serviceMeanMs: null, serviceP99Ms: null } as const;
/**
 * A packed timeline keeps a second in its encoded form once it is this many seconds older than the
 * newest second merged (a closed-model record arrives at most its timeout after its second; an open
 * model's queued arrival can come later still: a record for a compacted second expands it again,
 * so the window only decides the cost, never the result).
 */
export const COMPACT_AFTER_SECONDS = 10;

/** Merged (read by snapshot()): hdr histograms. */
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
  /** The second's timeline figures as last computed; null once a merge changed the second. */
  figures: TimelineBucket | null;
}
/** A finished second of a packed timeline: its histograms encoded (~2 KB/s instead of ~50 KB/s packed). */
interface CompactSecond {
  requests: number;
  errors: number;
  figures: TimelineBucket;
  /** encodeHistogram of each histogram, null when it is empty. */
  encoded: {
    latency: string | null;
    serviceTime: string | null;
    queueWait: string | null;
    ttfb: string | null;
  };
}
type TimelineSecond = Second | CompactSecond;
const isCompact = (b: TimelineSecond): b is CompactSecond => 'encoded' in b;
const encodeOrNull = (h: Histogram): string | null => (h.totalCount > 0 ? encodeHistogram(h) : null);
/** Recorded since the last take (written by add()): flat bucket arrays. */
interface HotGroup {
  counts: CountsData;
  latency: HotHistogram;
  parts: HotParts;
}
interface HotSecond {
  requests: number;
  errors: number;
  latency: HotHistogram;
  parts: HotParts;
}

export interface GroupDelta {
  counts: CountsData;
  histogram: Buckets | null;
  parts: PartsDelta;
}
/**
 * What a worker sends each tick: everything recorded since its previous delta. Structured-clonable.
 * The overall histograms are not in it: they are the sum of the endpoints', added on merge.
 */
export interface RecorderDelta {
  overall: { counts: CountsData };
  endpoints: GroupDelta[];
  warmUp: CountsData;
  /** post-warm-up failures' messages */
  messages: KindMessages[];
  timeline: { second: number; requests: number; errors: number; histogram: Buckets; parts: PartsDelta }[];
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
  accounting: Snapshot['accounting'];
}

/** expected[endpoint][status] === 1 when the status is in the endpoint's expectStatus. */
function expectedTable(endpoints: readonly Pick<EndpointConfig, 'expectStatus'>[]): Uint8Array[] {
  return endpoints.map((e) => {
    const table = new Uint8Array(STATUS_SLOTS);
    for (const s of e.expectStatus) if (s > 0 && s < STATUS_SLOTS) table[s] = 1;
    return table;
  });
}

/**
 * add() writes flat bucket arrays (the hot path: one endpoint's latency and parts, one second's
 * latency, service time and queue wait); exportDelta() takes them; mergeDelta() adds a delta into
 * hdr histograms; snapshot() first merges what this recorder itself recorded, then reads.
 */
export class Recorder {
  private readonly names: string[];
  private readonly expected: Uint8Array[];
  private readonly overall: Group;
  private readonly endpoints: Group[];
  private readonly warmUp = emptyCounts();
  private readonly timeline: (TimelineSecond | undefined)[] = [];
  /** Every second below this index is compact or absent (packed timeline only). */
  private compactedBelow = 0;
  private readonly messages = new ErrorMessages();
  private hotOverall = emptyCounts();
  private readonly hotEndpoints: HotGroup[];
  private hotWarmUp = emptyCounts();
  private hotSeconds: (HotSecond | undefined)[] = [];
  /** Taken (empty) hot seconds, reused: a second's three ~94 KB count arrays are not made anew each tick. */
  private readonly freeHotSeconds: HotSecond[] = [];
  private readonly hotMessages = new ErrorMessages();
  private hotRecords = 0;

  /** `packedTimeline`: the long-lived merged recorder keeps per-second histograms packed (small). */
  constructor(
    endpoints: readonly Pick<EndpointConfig, 'name' | 'expectStatus'>[],
    private readonly warmUpUs: number,
    private readonly packedTimeline = false,
  ) {
    this.names = endpoints.map((e) => e.name);
    this.expected = expectedTable(endpoints);
    const group = (): Group => ({
      counts: emptyCounts(),
      histogram: createHistogram(),
      parts: new PartHistograms(),
    });
    this.overall = group();
    this.endpoints = this.names.map(group);
    this.hotEndpoints = this.names.map(() => ({
      counts: emptyCounts(),
      latency: new HotHistogram(),
      parts: new HotParts(),
    }));
  }

  /** Transport errors and statuses outside the endpoint's expectStatus count as errors. */
  isError(record: ResultRecord): boolean {
    return record.errorKind !== ErrorKind.None || this.expected[record.endpoint][record.status] !== 1;
  }

  add(record: ResultRecord): void {
    this.hotRecords++;
    const isError = this.isError(record);
    const second = Math.floor(record.intendedStartUs / US_PER_SECOND);
    const bucket = this.hotSeconds[second] ?? this.newHotSecond(second);
    bucket.requests++;
    if (isError) bucket.errors++;
    const sent = record.errorKind !== ErrorKind.NotSent;
    const { latencyUs, serviceUs, ttfbUs } = record;
    bucket.latency.record(latencyUs);
    bucket.parts.add(latencyUs, serviceUs, ttfbUs, sent);
    if (record.intendedStartUs < this.warmUpUs) {
      addCount(this.hotWarmUp, record.status, record.errorKind, isError, record.bytes);
      return;
    }
    const endpoint = this.hotEndpoints[record.endpoint];
    if (record.errorKind !== ErrorKind.None) this.hotMessages.add(record.errorKind, record.message ?? '');
    addCount(this.hotOverall, record.status, record.errorKind, isError, record.bytes);
    addCount(endpoint.counts, record.status, record.errorKind, isError, record.bytes);
    endpoint.latency.record(latencyUs);
    endpoint.parts.add(latencyUs, serviceUs, ttfbUs, sent);
  }

  private newHotSecond(second: number): HotSecond {
    const bucket: HotSecond = this.freeHotSeconds.pop() ?? {
      requests: 0,
      errors: 0,
      latency: new HotHistogram(),
      parts: new HotParts(false),
    };
    this.hotSeconds[second] = bucket;
    return bucket;
  }

  /** Everything add() recorded since the last call, then starts afresh. */
  exportDelta(): RecorderDelta {
    const delta: RecorderDelta = {
      overall: { counts: this.hotOverall },
      endpoints: this.hotEndpoints.map((g) => {
        const counts = g.counts;
        g.counts = emptyCounts();
        return { counts, histogram: g.latency.take(), parts: g.parts.take() };
      }),
      warmUp: this.hotWarmUp,
      messages: this.hotMessages.export(),
      timeline: [],
    };
    this.hotSeconds.forEach((b, second) => {
      if (!b) return;
      const histogram = b.latency.take();
      // take() empties them: the second goes back to the pool as new
      const parts = b.parts.take();
      if (histogram)
        delta.timeline.push({ second, requests: b.requests, errors: b.errors, histogram, parts });
      b.requests = 0;
      b.errors = 0;
      this.freeHotSeconds.push(b);
    });
    this.hotOverall = emptyCounts();
    this.hotWarmUp = emptyCounts();
    this.hotSeconds = [];
    this.hotRecords = 0;
    return delta;
  }

  mergeDelta(delta: RecorderDelta): void {
    mergeCounts(this.overall.counts, delta.overall.counts);
    delta.endpoints.forEach((from, i) => {
      const into = this.endpoints[i];
      mergeCounts(into.counts, from.counts);
      for (const g of [into, this.overall]) {
        if (from.histogram !== null) addBuckets(g.histogram, from.histogram);
        g.parts.merge(from.parts);
      }
    });
    mergeCounts(this.warmUp, delta.warmUp);
    this.messages.merge(delta.messages);
    let newest = -1;
    for (const t of delta.timeline) {
      const bucket = this.liveSecond(t.second);
      bucket.requests += t.requests;
      bucket.errors += t.errors;
      addBuckets(bucket.histogram, t.histogram);
      bucket.parts.merge(t.parts);
      bucket.figures = null;
      if (t.second > newest) newest = t.second;
    }
    if (this.packedTimeline) this.compactBelow(newest - COMPACT_AFTER_SECONDS);
  }

  /** The second to merge into: made, or expanded from its compact form (exactly: encoding is lossless). */
  private liveSecond(second: number): Second {
    const b = this.timeline[second];
    if (b === undefined) return this.newSecond(second);
    if (!isCompact(b)) return b;
    const packed = this.packedTimeline;
    const histogramOf = (e: string | null) =>
      e === null ? createHistogram(packed) : decodeHistogram(e, packed);
    const parts = new PartHistograms(packed);
    for (const k of ['serviceTime', 'queueWait', 'ttfb'] as const) {
      if (b.encoded[k] !== null) parts[k].add(histogramOf(b.encoded[k]));
    }
    const live: Second = {
      requests: b.requests,
      errors: b.errors,
      histogram: histogramOf(b.encoded.latency),
      parts,
      figures: b.figures,
    };
    this.timeline[second] = live;
    if (second < this.compactedBelow) this.compactedBelow = second;
    return live;
  }

  /** Seconds before `end` kept from now on in their encoded form (each encoded once, figures first). */
  private compactBelow(end: number): void {
    for (let second = this.compactedBelow; second < end; second++) {
      const b = this.timeline[second];
      if (b !== undefined && !isCompact(b)) this.timeline[second] = this.compacted(second, b);
    }
    if (end > this.compactedBelow) this.compactedBelow = end;
  }

  private compacted(second: number, b: Second): CompactSecond {
    return {
      requests: b.requests,
      errors: b.errors,
      figures: this.timelineBucket(second),
      encoded: {
        latency: encodeOrNull(b.histogram),
        serviceTime: encodeOrNull(b.parts.serviceTime),
        queueWait: encodeOrNull(b.parts.queueWait),
        ttfb: encodeOrNull(b.parts.ttfb),
      },
    };
  }

  /** What this recorder's own add() calls recorded, merged into what it reads. */
  private mergeOwn(): void {
    if (this.hotRecords > 0) this.mergeDelta(this.exportDelta());
  }

  private newSecond(second: number): Second {
    const bucket: Second = {
      requests: 0,
      errors: 0,
      histogram: createHistogram(this.packedTimeline),
      parts: new PartHistograms(this.packedTimeline),
      figures: null,
    };
    this.timeline[second] = bucket;
    return bucket;
  }

  /** A second of the timeline (its percentiles are computed once per change, not per snapshot). */
  private timelineBucket(second: number): TimelineBucket {
    const b = this.timeline[second];
    if (b?.figures) return { ...b.figures };
    // (a compact second always has its figures)
    if (b !== undefined && isCompact(b)) throw new Error('recorder: a compact second without figures');
    const has = b !== undefined && b.requests > 0;
    const [p50, p95, p99] = has
      ? summaryUs(b.histogram, [50, 95, 99]).percentilesUs.map((us) => us / 1000)
      : [];
    const figures: TimelineBucket = {
      second,
      warmUp: second * US_PER_SECOND < this.warmUpUs,
      requests: b?.requests ?? 0,
      errors: b?.errors ?? 0,
      p50Ms: p50 ?? null,
      p95Ms: p95 ?? null,
      p99Ms: p99 ?? null,
      ...(has ? b.parts.timelineFigures() : NO_PARTS),
    };
    if (b) b.figures = figures;
    return { ...figures };
  }

  /** Post-warm-up requests that got no response because the generator could not send them. */
  get notSent(): number {
    this.mergeOwn();
    return this.overall.counts.kinds[ErrorKind.NotSent];
  }

  get measuredRequests(): number {
    this.mergeOwn();
    return this.overall.counts.requests;
  }

  /** A copy: recording may continue while the snapshot is read. */
  snapshot(meta: SnapshotMeta): Snapshot {
    this.mergeOwn();
    const measured = meta.measuredSeconds;
    const oc = this.overall.counts;
    const successes = oc.requests - oc.errors;
    const timeline: TimelineBucket[] = [];
    const seconds = Math.max(meta.timelineSeconds, this.timeline.length);
    for (let second = 0; second < seconds; second++) timeline.push(this.timelineBucket(second));
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
      accounting: meta.accounting,
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
function encodeSeconds(
  seconds: readonly (TimelineSecond | undefined)[],
  length: number,
): () => (string | null)[] {
  return () =>
    Array.from({ length }, (_, i) => {
      const b = seconds[i];
      if (!b || b.requests === 0) return null;
      return isCompact(b) ? b.encoded.latency : encodeHistogram(b.histogram);
    });
}

/** Measured (post-warm-up) seconds that hold requests, as recorded values (read when called, like encodeSeconds). */
function secondsOf(
  seconds: readonly (TimelineSecond | undefined)[],
  warmUpUs: number,
): () => SecondLatency[] {
  return () => {
    const out: SecondLatency[] = [];
    seconds.forEach((b, second) => {
      if (!b || second * US_PER_SECOND < warmUpUs) return;
      const histogram = isCompact(b)
        ? b.encoded.latency === null
          ? null
          : decodeHistogram(b.encoded.latency, true)
        : b.histogram;
      if (histogram === null || histogram.totalCount === 0) return;
      out.push({ second, ...recordedValuesOf(histogram) });
    });
    return out;
  };
}
