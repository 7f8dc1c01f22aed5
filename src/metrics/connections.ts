// Connection accounting: what happened to the connections (not the requests) of a run — opened,
// closed by the server (announced or not), lost mid-request, reopened, failed to open — and how
// long opening one took (an HDR histogram, µs, one record per connect). Whole run, warm-up
// included: connections are opened mostly at the start. Slots bump the plain counters; a shard
// ships exportDelta() with its ticks; the main thread and the runner-shard merge add them exactly.
import {
  copyHistogram,
  createHistogram,
  encodeHistogram,
  latencyStatsOf,
  mergeEncoded,
  recordUs,
  type Histogram,
} from './histogram.js';
import type { LatencyStats } from './types.js';

const US_PER_SECOND = 1_000_000;

/**
 * The counts. At the end of a run (every connection closed) opened = serverClosedAnnounced +
 * serverClosedIdle + reset + clientClosed.
 */
export interface ConnectionCounts {
  /** Connections established (TCP connected; over TLS: handshake done). */
  opened: number;
  /** Of `opened`: connections a user (or HTTP/2 session) opened after it had one before. */
  reconnects: number;
  /** Attempts to open a connection that failed (refused, DNS, TLS handshake, connect timeout). */
  connectErrors: number;
  /** The server closed the connection after a response that announced it (Connection: close, HTTP/1.0, a body delimited by the close; HTTP/2: GOAWAY). */
  serverClosedAnnounced: number;
  /** The server closed a keep-alive connection between responses without announcing it (idle timeout, connection limit). */
  serverClosedIdle: number;
  /** Of `serverClosedIdle`: requests written as the server closed the idle connection, retried once on a new one. */
  staleRetries: number;
  /**
   * HTTP/2: requests whose stream the server refused without processing it (REFUSED_STREAM, or
   * opened past a GOAWAY's last stream id), sent once more — not errors.
   */
  refusedRetries: number;
  /** The connection was lost with a request on it (reset, EPIPE, or closed before the response ended). */
  reset: number;
  /** Closed by this side: timeouts, protocol errors, body caps, the end of the run. */
  clientClosed: number;
}

/** One second of connection events (shard clock, whole run). */
export interface ConnectionSecond {
  second: number;
  opened: number;
  /** Announced + idle closes by the server. */
  serverClosed: number;
  reset: number;
  connectErrors: number;
}

/** What a shard ships with each tick: everything since its previous delta. Structured-clonable. */
export interface ConnectionsDelta {
  counts: ConnectionCounts;
  /** Encoded connect-time histogram (µs), null when nothing connected. */
  connectTime: string | null;
  seconds: ConnectionSecond[];
}

/** The run's connections as the judge and the reports see them. */
export interface ConnectionsSnapshot {
  counts: ConnectionCounts;
  connectTime: LatencyStats;
  /** Seconds with any connection event, in order. */
  seconds: readonly ConnectionSecond[];
}

export function emptyConnectionCounts(): ConnectionCounts {
  return {
    opened: 0,
    reconnects: 0,
    connectErrors: 0,
    serverClosedAnnounced: 0,
    serverClosedIdle: 0,
    staleRetries: 0,
    refusedRetries: 0,
    reset: 0,
    clientClosed: 0,
  };
}

export const CONNECTION_COUNT_KEYS = Object.keys(emptyConnectionCounts()) as (keyof ConnectionCounts)[];

/** Adds b's counts into a. */
export function addConnectionCounts(a: ConnectionCounts, b: ConnectionCounts): void {
  for (const k of CONNECTION_COUNT_KEYS) a[k] += b[k] ?? 0;
}

/**
 * Adds per-second entries into a list kept sorted by second (`offset` shifts `from`'s seconds).
 * `index` maps each of `into`'s seconds to its entry (kept by the caller across calls): a second is
 * found in O(1), and the list is sorted again only when a new second lands before its last.
 */
export function addSeconds(
  into: ConnectionSecond[],
  index: Map<number, ConnectionSecond>,
  from: readonly ConnectionSecond[],
  offset = 0,
): void {
  let unsorted = false;
  for (const f of from) {
    const second = f.second + offset;
    let s = index.get(second);
    if (s === undefined) {
      s = { second, opened: 0, serverClosed: 0, reset: 0, connectErrors: 0 };
      if (into.length > 0 && into[into.length - 1].second > second) unsorted = true;
      into.push(s);
      index.set(second, s);
    }
    s.opened += f.opened;
    s.serverClosed += f.serverClosed;
    s.reset += f.reset;
    s.connectErrors += f.connectErrors;
  }
  if (unsorted) into.sort((x, y) => x.second - y.second);
}

/** The events that are counted per second, as indexes into ConnectionStats' per-second arrays. */
const enum PerSecond {
  Opened = 0,
  ServerClosed = 1,
  Reset = 2,
  ConnectErrors = 3,
}

/**
 * One shard's (or the merged run's) accounting. The event methods are called on connection events
 * only, never per request: an increment, and for a connect one histogram record.
 */
export class ConnectionStats {
  counts = emptyConnectionCounts();
  private connectTime: Histogram = createHistogram();
  /** [second] → 4 counters (PerSecond). */
  private seconds: (Int32Array | undefined)[] = [];

  constructor(private readonly nowUs: () => number) {}

  private bump(event: PerSecond): void {
    const second = Math.max(0, Math.floor(this.nowUs() / US_PER_SECOND));
    const s = (this.seconds[second] ??= new Int32Array(4));
    s[event]++;
  }

  opened(connectUs: number, reconnect: boolean): void {
    this.counts.opened++;
    if (reconnect) this.counts.reconnects++;
    recordUs(this.connectTime, connectUs);
    this.bump(PerSecond.Opened);
  }

  connectError(): void {
    this.counts.connectErrors++;
    this.bump(PerSecond.ConnectErrors);
  }

  serverClosedAnnounced(): void {
    this.counts.serverClosedAnnounced++;
    this.bump(PerSecond.ServerClosed);
  }

  /** `staleRetry`: a request was on its way and is retried on a new connection. */
  serverClosedIdle(staleRetry: boolean): void {
    this.counts.serverClosedIdle++;
    if (staleRetry) this.counts.staleRetries++;
    this.bump(PerSecond.ServerClosed);
  }

  /** HTTP/2: a stream the server refused unprocessed is sent once more. */
  refusedRetry(): void {
    this.counts.refusedRetries++;
  }

  reset(): void {
    this.counts.reset++;
    this.bump(PerSecond.Reset);
  }

  clientClosed(): void {
    this.counts.clientClosed++;
  }

  /** Everything since the last call, then starts afresh. */
  exportDelta(): ConnectionsDelta {
    const seconds: ConnectionSecond[] = [];
    this.seconds.forEach((s, second) => {
      if (s === undefined) return;
      seconds.push({
        second,
        opened: s[PerSecond.Opened]!,
        serverClosed: s[PerSecond.ServerClosed]!,
        reset: s[PerSecond.Reset]!,
        connectErrors: s[PerSecond.ConnectErrors]!,
      });
    });
    const delta: ConnectionsDelta = {
      counts: this.counts,
      connectTime: this.connectTime.totalCount > 0 ? encodeHistogram(this.connectTime) : null,
      seconds,
    };
    this.counts = emptyConnectionCounts();
    this.connectTime.reset();
    this.seconds = [];
    return delta;
  }
}

/** The merge of shard deltas (main thread): exact sums and histogram addition. */
export class ConnectionTotals {
  private readonly counts = emptyConnectionCounts();
  private readonly connectTime = createHistogram();
  private readonly seconds: ConnectionSecond[] = [];
  private readonly bySecond = new Map<number, ConnectionSecond>();

  merge(delta: ConnectionsDelta): void {
    addConnectionCounts(this.counts, delta.counts);
    if (delta.connectTime !== null) mergeEncoded(this.connectTime, delta.connectTime);
    addSeconds(this.seconds, this.bySecond, delta.seconds);
  }

  /** A copy: merging may continue while it is read. */
  snapshot(): ConnectionsSnapshot {
    return {
      counts: { ...this.counts },
      connectTime: latencyStatsOf(copyHistogram(this.connectTime)),
      seconds: this.seconds.map((s) => ({ ...s })),
    };
  }
}

/** The union of several runs' (runner shards') connections; each offset aligns its seconds. */
export function unionConnections(
  parts: readonly {
    counts: ConnectionCounts;
    connectTimeHistogram: string | null;
    seconds: readonly ConnectionSecond[];
    offset: number;
  }[],
): ConnectionsSnapshot {
  const counts = emptyConnectionCounts();
  const histogram = createHistogram();
  const seconds: ConnectionSecond[] = [];
  const bySecond = new Map<number, ConnectionSecond>();
  for (const p of parts) {
    addConnectionCounts(counts, p.counts);
    if (p.connectTimeHistogram) mergeEncoded(histogram, p.connectTimeHistogram);
    addSeconds(seconds, bySecond, p.seconds, p.offset);
  }
  return { counts, connectTime: latencyStatsOf(histogram), seconds };
}
