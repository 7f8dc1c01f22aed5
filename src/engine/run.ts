// runLoad / runArms: prepares each arm (its shards, recorder and health: arm.ts), starts every arm
// on one t = 0, ticks live snapshots about once per second, honours abort, returns the final
// snapshot of each arm. The single-target gate is the one-arm case.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Snapshot } from '../metrics/types.js';
import type { Plan } from '../plan/plan.js';
import { prepareArm } from './arm.js';
import type { TransportSpec } from './transport.js';

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
  const [snapshot] = await runArms([plan], {
    ...options,
    onTick: options.onTick ? (snapshots) => options.onTick?.(snapshots[0]) : undefined,
  });
  return snapshot;
}

/**
 * Runs one or more arms (a canary and its baseline, …) in the same window: every arm's workers are
 * spawned and ready first, then all start on ONE t = 0, so each arm's pacer follows the same
 * schedule (arrival n of every arm is intended at the same instant). One snapshot per arm, in order.
 */
export async function runArms(
  plans: readonly Plan[],
  options: Omit<EngineOptions, 'onTick'> & { onTick?: (snapshots: Snapshot[]) => void } = {},
): Promise<Snapshot[]> {
  const tickMs = options.tickMs ?? DEFAULT_TICK_MS;
  const arms = plans.map((plan) =>
    prepareArm(plan, {
      workers: options.workers ?? plan.load.workers ?? defaultWorkers(plan.target.protocol === 'https:'),
      maxBodyBytes: options.maxBodyBytes,
      tickMs,
      transport: options.transport,
    }),
  );
  const stopAll = (reason: string): void => arms.forEach((a) => a.abort(reason));
  // a shard that fails stops every arm: the run is an error, not half a comparison
  for (const arm of arms) arm.finished.catch(() => stopAll('error'));
  try {
    await Promise.all(arms.map((a) => a.ready));
  } catch (error) {
    stopAll('error');
    await Promise.allSettled(arms.map((a) => a.finished));
    throw error;
  }
  if (options.startAtEpochMs !== undefined && !options.signal?.aborted) {
    await (options.waitUntil ?? waitUntilEpochMs)(options.startAtEpochMs, options.signal);
  }
  const runStartEpochMs = performance.timeOrigin + performance.now();
  for (const arm of arms) arm.start(runStartEpochMs);

  const onAbort = (): void => {
    const reason = options.signal?.reason;
    stopAll(typeof reason === 'string' ? reason : String(reason ?? 'aborted'));
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const ticker = options.onTick
    ? setInterval(() => options.onTick?.(arms.map((a) => a.snapshot())), tickMs)
    : undefined;
  try {
    const results = await Promise.allSettled(arms.map((a) => a.finished));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    clearInterval(ticker);
    options.signal?.removeEventListener('abort', onAbort);
  }
  return arms.map((a) => a.snapshot());
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
