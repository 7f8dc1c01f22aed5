// runLoad: starts the shards, merges their deltas exactly (counts + encoded HDR histograms), ticks
// a live snapshot about once per second, honours abort, and returns the final snapshot.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Defaults } from '../constants.js';
import { createHistogram, mergeEncoded } from '../metrics/histogram.js';
import { Recorder } from '../metrics/recorder.js';
import { ErrorKind, type Snapshot } from '../metrics/types.js';
import type { Plan } from '../plan/plan.js';
import { isOpenModel } from '../config/keys.js';
import { arrivalsBefore, maxUsers, US_PER_SECOND } from '../plan/patterns.js';
import { laneOf, runShardArrivals, runShardShare } from '../plan/run-shard.js';
import { buildHealth } from './health.js';
import type { ShardInit, ToMain } from './messages.js';
import { DIRECT_HTTP1, type TransportSpec } from './transport.js';
import { spawnInline, spawnWorker, type ShardHandle } from './spawn.js';

export { formatProgress } from './progress.js';

export interface EngineOptions {
  /** Abort: stop the load promptly; the partial snapshot has `aborted` set (reason = signal.reason). */
  signal?: AbortSignal;
  /** About once per second, with a live merged snapshot. */
  onTick?: (snapshot: Snapshot) => void;
  /** Worker threads; 0 runs the load in the main thread. Default plan.load.workers ?? defaultWorkers(https target). */
  workers?: number;
  /** Response body cap, bytes (default Defaults.MaxBodyBytes). */
  maxBodyBytes?: number;
  /** Interval of ticks and worker deltas, ms (default 1000). */
  tickMs?: number;
  /** How the slots reach the target (default: the raw HTTP/1.1 client, direct, default TLS trust). */
  transport?: Partial<TransportSpec>;
  /**
   * Wall-clock time (epoch ms) at which t = 0 is wanted, so that runner shards on several machines
   * load together. The workers are started and ready before it; a time already past starts now.
   */
  startAtEpochMs?: number;
  /** Waits (abortably) until the wall clock reads epochMs; default: a timer. */
  waitUntil?: (epochMs: number, signal?: AbortSignal) => Promise<void>;
}

const DEFAULT_TICK_MS = 1000;
/** Beyond this, more threads only add contention on the small runners this action targets. */
const MAX_DEFAULT_WORKERS = 4;

/**
 * Plain HTTP: one worker thread per core but one (left to the main thread, the OS and often a
 * local target), at least 1, at most 4. Measured on 2 cores against a local nginx
 * (docs/BENCHMARKS.md): 1 worker beats 2 at 100 connections; 2 beat 1 by 5–10 % at 10,000 users.
 * TLS (HTTPS and HTTP/2): one per core, at most 4 — record encryption is CPU work a second thread
 * shares: over HTTPS on 2 cores 2 workers gave 2.03× the 1-worker rate in one run and 1.14× (median
 * of 3 disturbed rounds) in another; HTTP/2 1.61× in the first (docs/BENCHMARKS.md).
 */
export function defaultWorkers(tls = false): number {
  return Math.max(1, Math.min(MAX_DEFAULT_WORKERS, availableParallelism() - (tls ? 0 : 1)));
}

export async function runLoad(plan: Plan, options: EngineOptions = {}): Promise<Snapshot> {
  const { load, runShard } = plan;
  const requested = options.workers ?? load.workers ?? defaultWorkers(plan.target.protocol === 'https:');
  // this runner shard's users or in-flight places (all of them unless the run is split over runners)
  const capacity = runShardShare(isOpenModel(load) ? load.concurrency : maxUsers(load), runShard);
  const concurrency = runShardShare(load.concurrency, runShard);
  // HTTP/2: every shard opens at least one session, so no more shards than this runner's connections
  const sessions =
    options.transport?.client === 'h2'
      ? runShardShare(options.transport.connections ?? 1, runShard)
      : Infinity;
  const shards = Math.max(1, Math.min(requested, Math.max(1, capacity), Math.max(1, sessions)));
  const inline = requested === 0;
  const tickMs = options.tickMs ?? DEFAULT_TICK_MS;
  const warmUpUs = load.warmUpSeconds * US_PER_SECOND;
  const recorder = new Recorder(plan.endpoints, warmUpUs, true);
  const lag = createHistogram();
  const shardLoopP99Ms = new Array<number>(shards).fill(0);
  let queued = 0;
  /** Post-warm-up requests of kind Generator (the deltas' overall counts exclude the warm-up). */
  let generatorErrors = 0;
  let failure: Error | null = null;
  let readyCount = 0;
  let markReady!: () => void;
  const allReady = new Promise<void>((resolve) => (markReady = resolve));

  const onMessage = (shard: number) => (m: ToMain) => {
    if (m.type === 'ready') {
      if (++readyCount === shards) markReady();
      return;
    }
    if (m.type === 'error') {
      failure ??= new Error(`load shard ${shard} failed: ${m.message}`);
      stopAll('error');
      markReady();
      return;
    }
    recorder.mergeDelta(m.delta);
    generatorErrors += m.delta.overall.counts.kinds[ErrorKind.Generator] ?? 0;
    queued += m.health.queued;
    if (m.health.lag !== null) mergeEncoded(lag, m.health.lag);
    // cumulative in the shard since the warm-up ended: the latest value is the window's
    shardLoopP99Ms[shard] = m.health.eventLoopP99Ms;
  };

  const handles: ShardHandle[] = [];
  for (let shard = 0; shard < shards; shard++) {
    const { lane, lanes } = laneOf(runShard, shard, shards);
    const init: ShardInit = {
      targetHref: plan.target.href,
      endpoints: plan.endpoints.map((e) => ({
        ...e,
        headers: { ...e.headers },
        expectStatus: [...e.expectStatus],
      })),
      load: { ...load, burst: load.burst ? { ...load.burst } : null },
      shard: lane,
      shards: lanes,
      maxBodyBytes: options.maxBodyBytes ?? Defaults.MaxBodyBytes,
      tickMs,
      transport: { ...DIRECT_HTTP1, ...options.transport },
    };
    handles.push(
      inline ? spawnInline(init, onMessage(shard)) : spawnWorker(init, import.meta.url, onMessage(shard)),
    );
  }
  let stopping = false;
  function stopAll(reason: string): void {
    if (stopping) return;
    stopping = true;
    for (const h of handles) h.post({ type: 'stop', reason });
  }
  const finished = Promise.all(handles.map((h) => h.finished));
  finished.catch((error: unknown) => {
    failure ??= error instanceof Error ? error : new Error(String(error));
  });
  await Promise.race([allReady, finished]);
  if (failure) throw failure;
  if (options.startAtEpochMs !== undefined && !options.signal?.aborted) {
    await (options.waitUntil ?? waitUntilEpochMs)(options.startAtEpochMs, options.signal);
  }

  const startedAt = new Date().toISOString();
  const runStartEpochMs = performance.timeOrigin + performance.now();
  const elapsedUs = (): number => (performance.timeOrigin + performance.now() - runStartEpochMs) * 1000;
  const cpuStart = process.cpuUsage();
  let aborted: Snapshot['aborted'] = null;
  for (const h of handles) h.post({ type: 'start', runStartEpochMs });

  const snapshotNow = (): Snapshot => {
    const nowUs = elapsedUs();
    const endUs = Math.min(
      nowUs,
      aborted ? aborted.atSeconds * US_PER_SECOND : Infinity,
      load.durationSeconds * US_PER_SECOND,
    );
    const measuredSeconds = Math.max(0, endUs - warmUpUs) / US_PER_SECOND;
    const intended = isOpenModel(load)
      ? runShardArrivals(
          arrivalsBefore(load, warmUpUs),
          Math.max(arrivalsBefore(load, warmUpUs), arrivalsBefore(load, endUs)),
          runShard,
        )
      : null;
    const cpu = process.cpuUsage(cpuStart);
    const health = buildHealth({
      workers: inline ? 0 : shards,
      intended,
      sent: recorder.measuredRequests - recorder.notSent,
      queued,
      lagP99Ms: lag.totalCount > 0 ? lag.getValueAtPercentile(99) / 1000 : 0,
      eventLoopP99Ms: Math.max(...shardLoopP99Ms),
      cpuPercent: nowUs > 0 ? (100 * (cpu.user + cpu.system)) / nowUs : 0,
      concurrency,
      measuredSeconds,
      generatorErrors,
    });
    return recorder.snapshot({
      startedAt,
      elapsedSeconds: nowUs / US_PER_SECOND,
      measuredSeconds,
      timelineSeconds: Math.ceil(endUs / US_PER_SECOND),
      health,
      aborted,
    });
  };

  const onAbort = (): void => {
    if (aborted) return;
    const reason = options.signal?.reason;
    aborted = {
      reason: typeof reason === 'string' ? reason : String(reason ?? 'aborted'),
      atSeconds: elapsedUs() / US_PER_SECOND,
    };
    stopAll(aborted.reason);
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const ticker = options.onTick ? setInterval(() => options.onTick?.(snapshotNow()), tickMs) : undefined;
  try {
    await finished;
  } finally {
    clearInterval(ticker);
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (failure) throw failure;
  return snapshotNow();
}

/** Resolves when Date.now() reaches epochMs (or at once if past), or when the signal aborts. */
function waitUntilEpochMs(epochMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, epochMs - Date.now()));
    signal?.addEventListener('abort', done, { once: true });
  });
}
