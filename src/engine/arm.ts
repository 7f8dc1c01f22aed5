// One arm of a run: its shards, its recorder, its health, its snapshot. Prepared (workers spawned
// and ready) before anything is sent, then started at a t = 0 the caller chooses, so several arms
// (canary and baseline) can share one t = 0 and one arrival schedule: arrival n of every arm is
// intended at the same instant.
import { performance } from 'node:perf_hooks';
import { Defaults } from '../constants.js';
import { isOpenModel } from '../config/keys.js';
import { ConnectionTotals } from '../metrics/connections.js';
import { createHistogram } from '../metrics/histogram.js';
import { addBuckets } from '../metrics/hot-histogram.js';
import { accountingNote, requestAccounting } from '../metrics/accounting.js';
import { Recorder } from '../metrics/recorder.js';
import { ErrorKind, type Snapshot } from '../metrics/types.js';
import { arrivalsBefore, slotCount, US_PER_SECOND } from '../plan/patterns.js';
import type { Plan } from '../plan/plan.js';
import { laneOf, runShardArrivals, runShardShare, streamsPerConnection } from '../plan/run-shard.js';
import { buildHealth } from './health.js';
import type { ShardInit, ToMain } from './messages.js';
import { spawnInline, spawnWorker, type ShardHandle } from './spawn.js';
import { DIRECT_HTTP1, type TransportSpec } from './transport.js';

export interface ArmOptions {
  /** Worker threads; 0 runs the load in the main thread. */
  workers: number;
  maxBodyBytes?: number;
  tickMs: number;
  transport?: Partial<TransportSpec>;
}

export interface PreparedArm {
  /** Resolves when every shard is ready, or rejects when one failed first. */
  readonly ready: Promise<void>;
  /** t = 0 of the load (performance.timeOrigin + performance.now() in the main thread). */
  start(runStartEpochMs: number): void;
  /** Stops the load promptly; the snapshot then has `aborted` set. */
  abort(reason: string): void;
  /** Resolves when every shard is done; rejects with the first shard failure. */
  readonly finished: Promise<void>;
  snapshot(): Snapshot;
}

export function prepareArm(plan: Plan, options: ArmOptions): PreparedArm {
  const { load, runShard } = plan;
  const requested = options.workers;
  // this runner shard's users or in-flight places (all of them unless the run is split over runners)
  const slots = slotCount(load);
  const capacity = runShardShare(slots, runShard);
  const concurrency = runShardShare(load.concurrency, runShard);
  // HTTP/2: every shard opens at least one session, so no more shards than this runner's connections
  const h2 = options.transport?.client === 'h2';
  const h2Connections = options.transport?.connections ?? 1;
  const sessions = h2 ? runShardShare(h2Connections, runShard) : Infinity;
  let shards = Math.max(1, Math.min(requested, Math.max(1, capacity), Math.max(1, sessions)));
  // HTTP/2: fewer shards when a shard's share of the users would put more streams on one of its
  // connections than the server allows (they would wait in this client, not at the server)
  const maxStreams = options.transport?.maxStreams ?? null;
  if (h2 && maxStreams !== null) {
    while (shards > 1 && streamsPerConnection(slots, h2Connections, runShard, shards) > maxStreams) shards--;
  }
  const inline = requested === 0;
  const tickMs = options.tickMs;
  const warmUpUs = load.warmUpSeconds * US_PER_SECOND;
  const recorder = new Recorder(plan.endpoints, warmUpUs, true);
  const lag = createHistogram();
  const connections = new ConnectionTotals();
  const shardLoopP99Ms = new Array<number>(shards).fill(0);
  let queued = 0;
  /** What the shards sent and what an abort cancelled, summed; each shard's latest in-flight count. */
  let sent = 0;
  let abandoned = 0;
  const shardInFlight = new Array<number>(shards).fill(0);
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
    connections.merge(m.connections);
    generatorErrors += m.delta.overall.counts.kinds[ErrorKind.Generator] ?? 0;
    queued += m.health.queued;
    sent += m.health.sent;
    abandoned += m.health.abandoned;
    shardInFlight[shard] = m.health.inFlight;
    if (m.health.lag !== null) addBuckets(lag, m.health.lag);
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
  const done = Promise.all(handles.map((h) => h.finished));
  done.catch((error: unknown) => {
    failure ??= error instanceof Error ? error : new Error(String(error));
  });
  const ready = Promise.race([allReady, done]).then(() => {
    if (failure) throw failure;
  });
  const finished = done.then(() => {
    if (failure) throw failure;
  });

  let startedAt = '';
  let runStartEpochMs = 0;
  const elapsedUs = (): number => (performance.timeOrigin + performance.now() - runStartEpochMs) * 1000;
  let cpuStart = process.cpuUsage();
  let aborted: Snapshot['aborted'] = null;

  const snapshot = (): Snapshot => {
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
    const snap = recorder.snapshot({
      startedAt,
      elapsedSeconds: nowUs / US_PER_SECOND,
      measuredSeconds,
      timelineSeconds: Math.ceil(endUs / US_PER_SECOND),
      health,
      aborted,
      connections: connections.snapshot(),
      accounting: null,
    });
    const inFlight = shardInFlight.reduce((a, b) => a + b, 0) + abandoned;
    const accounting = requestAccounting(snap.overall.counts, snap.warmUp, sent, inFlight);
    // a count that does not add up is no measurement to judge: the gate fails closed
    const note = accounting.balanced ? null : accountingNote(accounting);
    return {
      ...snap,
      accounting,
      health: note === null ? health : { ...health, saturatedReasons: [...health.saturatedReasons, note] },
    };
  };

  return {
    ready,
    finished,
    snapshot,
    start(epochMs: number): void {
      runStartEpochMs = epochMs;
      startedAt = new Date(epochMs).toISOString();
      cpuStart = process.cpuUsage();
      for (const h of handles) h.post({ type: 'start', runStartEpochMs: epochMs });
    },
    abort(reason: string): void {
      if (aborted) return;
      aborted = { reason, atSeconds: runStartEpochMs === 0 ? 0 : elapsedUs() / US_PER_SECOND };
      stopAll(reason);
    },
  };
}
