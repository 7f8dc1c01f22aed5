// The plan: what will be sent where and how fast, derived once from the config. Pure.
import { isOpenModel } from '../config/keys.js';
import type { Config, EndpointConfig, LoadConfig } from '../config/types.js';
import { InputError } from '../errors.js';
import {
  burstLevels,
  maxUsers,
  patternUsersAt,
  totalArrivals,
  US_PER_SECOND,
  userStartStepUs,
} from './patterns.js';
import { formatRunShard, runShardShare, WHOLE_RUN, type RunShard } from './run-shard.js';

export interface Plan {
  target: URL;
  /** Endpoints with `path` already joined onto the target's base path. */
  endpoints: readonly EndpointConfig[];
  load: LoadConfig;
  /** The part of the load this runner sends (WHOLE_RUN unless the run is split over runners). */
  runShard: RunShard;
}

/**
 * Joins an endpoint path (with query) onto the target's base path: /api + /users?x=1 → /api/users?x=1.
 * The path "/" means the target itself, so target …/health with the default endpoint requests
 * /health, not /health/ (which many servers redirect or reject).
 */
export function joinPath(target: URL, path: string): string {
  if (path === '/') return target.pathname + target.search;
  const base = target.pathname.endsWith('/') ? target.pathname.slice(0, -1) : target.pathname;
  const rel = path.startsWith('/') ? path : `/${path}`;
  const joined = base + rel;
  return !joined.includes('?') && target.search ? joined + target.search : joined;
}

export function buildPlan(target: URL, config: Config, runShard: RunShard = WHOLE_RUN): Plan {
  const capacity = isOpenModel(config.load) ? config.load.concurrency : maxUsers(config.load);
  if (runShardShare(capacity, runShard) === 0) {
    const what = isOpenModel(config.load) ? 'in-flight places (concurrency)' : 'users';
    throw new InputError(
      `shard ${formatRunShard(runShard)} would send nothing: ${fmt(capacity)} ${what} cannot be split over ${runShard.count} shards; use at most ${fmt(capacity)} shards or raise concurrency`,
    );
  }
  const endpoints = config.endpoints.map((e) => Object.freeze({ ...e, path: joinPath(target, e.path) }));
  return Object.freeze({
    target: new URL(target.href),
    endpoints: Object.freeze(endpoints),
    load: config.load,
    runShard,
  });
}

const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
const secs = (s: number): string => `${fmt(s)}s`;

function loadLine(load: LoadConfig): string[] {
  const d = load.durationSeconds;
  switch (load.pattern) {
    case 'sustained':
      return [`sustained ${fmt(load.concurrency)} users for ${secs(d)}`];
    case 'ramp-up': {
      const lines = [];
      if (load.rampUpSeconds >= d) {
        const reached = patternUsersAt(load, d * US_PER_SECOND);
        lines.push(
          `ramp-up ${fmt(load.startConcurrency)} → ${fmt(load.concurrency)} users over ${secs(load.rampUpSeconds)}` +
            ` — longer than the run (${secs(d)}): it ends at ${fmt(reached)} users`,
        );
      } else {
        lines.push(
          `ramp-up ${fmt(load.startConcurrency)} → ${fmt(load.concurrency)} users over ${secs(load.rampUpSeconds)}, ` +
            `then hold ${secs(d - load.rampUpSeconds)}`,
        );
      }
      return lines;
    }
    case 'burst': {
      const b = load.burst;
      const { base, peak } = burstLevels(load);
      if (!b) return [`burst without a burst shape: ${fmt(base)} users for ${secs(d)}`];
      const lines = [
        `burst ${fmt(base)} users, ${fmt(peak)} users during the last ${secs(b.spikeSeconds)} ` +
          `of every ${secs(b.periodSeconds)}, for ${secs(d)}`,
      ];
      if (b.peak > load.concurrency || b.base > load.concurrency) {
        lines.push(
          `burst levels ${fmt(b.base)}/${fmt(b.peak)} capped at concurrency ${fmt(load.concurrency)}`,
        );
      }
      return lines;
    }
    case 'rate':
      return [
        `arrival rate ${fmt(load.rate ?? 0)} req/s for ${secs(d)} = ${fmt(totalArrivals(load))} requests, ` +
          `at most ${fmt(load.concurrency)} in flight (the rest queue; their wait counts as latency)`,
      ];
    case 'ramp-rate': {
      const hold = Math.max(0, d - load.rampUpSeconds);
      return [
        `arrival rate ${fmt(load.startRate ?? 0)} → ${fmt(load.rate ?? 0)} req/s over ${secs(load.rampUpSeconds)}` +
          `, then hold ${secs(hold)} = ${fmt(totalArrivals(load))} requests, at most ${fmt(load.concurrency)} in flight`,
      ];
    }
  }
}

/** Derived numbers, logged once before the run. */
export function describePlan(plan: Plan): string[] {
  const { load } = plan;
  const totalWeight = plan.endpoints.reduce((a, e) => a + e.weight, 0);
  const mix = plan.endpoints
    .map(
      // displayPath: as written, so a ${VAR} (a key in a query string) is never logged expanded
      (e) =>
        `${e.name} ${e.method} ${e.displayPath} ${totalWeight > 0 ? fmt((100 * e.weight) / totalWeight) : 0} %`,
    )
    .join(', ');
  const lines = [
    `target ${plan.target.origin} · ${plan.endpoints.length} endpoint(s): ${mix}`,
    ...loadLine(load),
  ];
  if (plan.runShard.count > 1) lines.push(runShardLine(plan));
  if (isOpenModel(load)) {
    if (load.thinkTimeMs > 0)
      lines.push(`think time ${fmt(load.thinkTimeMs)} ms ignored: arrivals are paced by rate`);
  } else {
    const users = maxUsers(load);
    const spreadMs = (userStartStepUs(users) * Math.max(0, users - 1)) / 1000;
    if (spreadMs > 0)
      lines.push(
        `connections opened over ${fmt(spreadMs)} ms (one user every ${fmt(userStartStepUs(users))} µs)`,
      );
    if (load.thinkTimeMs > 0) lines.push(`think time ${fmt(load.thinkTimeMs)} ms between a user's requests`);
  }
  const measured = Math.max(0, load.durationSeconds - load.warmUpSeconds);
  lines.push(
    load.warmUpSeconds > 0
      ? `warm-up ${secs(load.warmUpSeconds)} excluded from SLOs; measured window ${secs(measured)}`
      : `no warm-up; measured window ${secs(measured)}`,
  );
  lines.push(`per-request timeout ${fmt(load.timeoutMs)} ms`);
  return lines;
}

/** What this runner shard sends of the whole run's load. */
function runShardLine(plan: Plan): string {
  const { load, runShard } = plan;
  const name = `runner shard ${formatRunShard(runShard)}`;
  if (isOpenModel(load)) {
    const arrivals = runShardShare(totalArrivals(load), runShard);
    return `${name}: ${fmt(arrivals)} of the ${fmt(totalArrivals(load))} arrivals (every ${runShard.count}th), at most ${fmt(runShardShare(load.concurrency, runShard))} in flight`;
  }
  return `${name}: ${fmt(runShardShare(maxUsers(load), runShard))} of the ${fmt(maxUsers(load))} users`;
}
