// Latency in parts: beside each latency histogram, the request's service time (actual send →
// response end), queue wait (intended send → actual send) and time to first byte (actual send →
// first response byte), each in its own HDR histogram (µs), encodable and merged exactly like
// latency. latency = queue wait + service time for every sent request.
//
// Queue waits of exactly 0 µs (every request of the closed model, where the intended send time is
// the actual one) are counted and added to the histogram in one step when it is read: the hot path
// pays an increment instead of a histogram record for them.
import {
  copyHistogram,
  createHistogram,
  encodeHistogram,
  latencyStatsOf,
  mergeEncoded,
  recordUs,
  type Histogram,
} from './histogram.js';
import type { LatencyParts, TimelineBucket } from './types.js';

/** Encoded histograms of one group's parts; null when nothing was recorded. */
export interface PartsDelta {
  serviceTime: string | null;
  queueWait: string | null;
  ttfb: string | null;
}

export class PartHistograms {
  readonly serviceTime: Histogram;
  private readonly queueWait: Histogram;
  readonly ttfb: Histogram;
  private zeroQueueWaits = 0;

  constructor(packed = false) {
    this.serviceTime = createHistogram(packed);
    this.queueWait = createHistogram(packed);
    this.ttfb = createHistogram(packed);
  }

  /**
   * One request. `sent` false (an arrival the generator never sent): it waited its whole latency
   * and has no service time. `ttfbUs` < 0: no response byte arrived.
   */
  add(latencyUs: number, serviceUs: number, ttfbUs: number, sent: boolean): void {
    if (!sent) {
      recordUs(this.queueWait, latencyUs);
      return;
    }
    recordUs(this.serviceTime, serviceUs);
    const queueUs = latencyUs - serviceUs;
    if (queueUs < 0.5) this.zeroQueueWaits++;
    else recordUs(this.queueWait, queueUs);
    if (ttfbUs >= 0) recordUs(this.ttfb, ttfbUs);
  }

  /** The queue-wait histogram with every counted zero in it. */
  queue(): Histogram {
    if (this.zeroQueueWaits > 0) {
      this.queueWait.recordValueWithCount(0, this.zeroQueueWaits);
      this.zeroQueueWaits = 0;
    }
    return this.queueWait;
  }

  encode(): PartsDelta {
    const enc = (h: Histogram): string | null => (h.totalCount > 0 ? encodeHistogram(h) : null);
    return { serviceTime: enc(this.serviceTime), queueWait: enc(this.queue()), ttfb: enc(this.ttfb) };
  }

  merge(delta: PartsDelta): void {
    if (delta.serviceTime !== null) mergeEncoded(this.serviceTime, delta.serviceTime);
    if (delta.queueWait !== null) mergeEncoded(this.queueWait, delta.queueWait);
    if (delta.ttfb !== null) mergeEncoded(this.ttfb, delta.ttfb);
  }

  /** Frozen copies: recording may continue while they are read. */
  stats(): LatencyParts {
    return {
      serviceTime: latencyStatsOf(copyHistogram(this.serviceTime)),
      queueWait: latencyStatsOf(copyHistogram(this.queue())),
      ttfb: latencyStatsOf(copyHistogram(this.ttfb)),
    };
  }

  /**
   * One second of the timeline: mean queue wait and mean service time (of sent requests they add
   * up to the mean latency, so they stack) and the service time's p99, ms; null when none.
   */
  timelineFigures(): Pick<TimelineBucket, 'queueMeanMs' | 'serviceMeanMs' | 'serviceP99Ms'> {
    const q = this.queue();
    const s = this.serviceTime;
    const has = s.totalCount > 0;
    return {
      queueMeanMs: q.totalCount > 0 ? q.mean / 1000 : null,
      serviceMeanMs: has ? s.mean / 1000 : null,
      serviceP99Ms: has ? s.getValueAtPercentile(99) / 1000 : null,
    };
  }
}
