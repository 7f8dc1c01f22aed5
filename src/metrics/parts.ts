// Latency in parts: beside each latency histogram, the request's service time (actual send →
// response end), queue wait (intended send → actual send) and time to first byte (actual send →
// first response byte), each in its own HDR histogram (µs), merged exactly like latency.
// latency = queue wait + service time for every sent request.
//
// HotParts records them in the hot path (flat bucket arrays, see hot-histogram.ts) and hands them
// over with take(); PartHistograms holds the merged hdr histograms the snapshot reads.
import { addBuckets, HotHistogram, type Buckets } from './hot-histogram.js';
import {
  copyHistogram,
  createHistogram,
  latencyStatsOf,
  meanUs,
  summaryUs,
  type Histogram,
} from './histogram.js';
import type { LatencyParts, TimelineBucket } from './types.js';

/** One group's recorded parts since the previous take(); null where nothing was recorded. */
export interface PartsDelta {
  serviceTime: Buckets | null;
  queueWait: Buckets | null;
  ttfb: Buckets | null;
}

export class HotParts {
  private readonly serviceTime = new HotHistogram();
  private readonly queueWait = new HotHistogram();
  private readonly ttfb: HotHistogram | null;

  /** `withTtfb` false: the time to first byte is not kept (a timeline second does not show it). */
  constructor(withTtfb = true) {
    this.ttfb = withTtfb ? new HotHistogram() : null;
  }

  /**
   * One request. `sent` false (an arrival the generator never sent): it waited its whole latency
   * and has no service time. `ttfbUs` < 0: no response byte arrived.
   */
  add(latencyUs: number, serviceUs: number, ttfbUs: number, sent: boolean): void {
    if (!sent) {
      this.queueWait.record(latencyUs);
      return;
    }
    this.serviceTime.record(serviceUs);
    this.queueWait.record(latencyUs - serviceUs);
    if (ttfbUs >= 0) this.ttfb?.record(ttfbUs);
  }

  take(): PartsDelta {
    return {
      serviceTime: this.serviceTime.take(),
      queueWait: this.queueWait.take(),
      ttfb: this.ttfb?.take() ?? null,
    };
  }
}

export class PartHistograms {
  readonly serviceTime: Histogram;
  readonly queueWait: Histogram;
  readonly ttfb: Histogram;

  constructor(packed = false) {
    this.serviceTime = createHistogram(packed);
    this.queueWait = createHistogram(packed);
    this.ttfb = createHistogram(packed);
  }

  merge(delta: PartsDelta): void {
    if (delta.serviceTime !== null) addBuckets(this.serviceTime, delta.serviceTime);
    if (delta.queueWait !== null) addBuckets(this.queueWait, delta.queueWait);
    if (delta.ttfb !== null) addBuckets(this.ttfb, delta.ttfb);
  }

  /** Frozen copies: recording may continue while they are read. */
  stats(): LatencyParts {
    return {
      serviceTime: latencyStatsOf(copyHistogram(this.serviceTime)),
      queueWait: latencyStatsOf(copyHistogram(this.queueWait)),
      ttfb: latencyStatsOf(copyHistogram(this.ttfb)),
    };
  }

  /**
   * One second of the timeline: mean queue wait and mean service time (of sent requests they add
   * up to the mean latency, so they stack) and the service time's p99, ms; null when none.
   */
  timelineFigures(): Pick<TimelineBucket, 'queueMeanMs' | 'serviceMeanMs' | 'serviceP99Ms'> {
    const q = this.queueWait;
    const has = this.serviceTime.totalCount > 0;
    const service = summaryUs(this.serviceTime, [99]);
    return {
      queueMeanMs: q.totalCount > 0 ? meanUs(q) / 1000 : null,
      serviceMeanMs: has ? service.meanUs / 1000 : null,
      serviceP99Ms: has ? service.percentilesUs[0] / 1000 : null,
    };
  }
}
