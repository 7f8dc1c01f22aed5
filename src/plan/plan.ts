// The plan: what will be sent where and how fast, derived once from the config. Pure.
import { isOpenModel } from '../config/keys.js';
import { formatNumber, formatSeconds, formatValue, requestBesideName } from '../format.js';
import type { Config, EndpointConfig, LoadConfig } from '../config/types.js';
import { InputError } from '../errors.js';
import {
  burstLevels,
  maxUsers,
  patternUsersAt,
  slotCount,
  totalArrivals,
  US_PER_SECOND,
  userStartStepUs,
} from './patterns.js';
import { formatRunShard, runShardShare, WHOLE_RUN, type RunShard } from './run-shard.js';
import { describeTimeouts, requestTimeouts, sameTimeouts } from './timeouts.js';

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
  const capacity = slotCount(config.load);
  if (runShardShare(capacity, runShard) === 0) {
    const what = isOpenModel(config.load) ? 'in-flight places (concurrency)' : 'users';
    throw new InputError(
      `shard ${formatRunShard(runShard)} would send nothing: ${formatNumber(capacity)} ${what} cannot be split over ${runShard.count} shards; use at most ${formatNumber(capacity)} shards or raise concurrency`,
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

function loadLine(load: LoadConfig): string[] {
  const d = load.durationSeconds;
  switch (load.pattern) {
    case 'sustained':
      return [`sustained ${formatNumber(load.concurrency)} users for ${formatSeconds(d)}`];
    case 'ramp-up': {
      const lines = [];
      if (load.rampUpSeconds >= d) {
        const reached = patternUsersAt(load, d * US_PER_SECOND);
        lines.push(
          `ramp-up ${formatNumber(load.startConcurrency)} → ${formatNumber(load.concurrency)} users over ${formatSeconds(load.rampUpSeconds)}` +
            ` — longer than the run (${formatSeconds(d)}): it ends at ${formatNumber(reached)} users`,
        );
      } else {
        lines.push(
          `ramp-up ${formatNumber(load.startConcurrency)} → ${formatNumber(load.concurrency)} users over ${formatSeconds(load.rampUpSeconds)}, ` +
            `then hold ${formatSeconds(d - load.rampUpSeconds)}`,
        );
      }
      return lines;
    }
    case 'burst': {
      const b = load.burst;
      const { base, peak } = burstLevels(load);
      if (!b) return [`burst without a burst shape: ${formatNumber(base)} users for ${formatSeconds(d)}`];
      const lines = [
        `burst ${formatNumber(base)} users, ${formatNumber(peak)} users during the last ${formatSeconds(b.spikeSeconds)} ` +
          `of every ${formatSeconds(b.periodSeconds)}, for ${formatSeconds(d)}`,
      ];
      if (b.peak > load.concurrency || b.base > load.concurrency) {
        lines.push(
          `burst levels ${formatNumber(b.base)}/${formatNumber(b.peak)} capped at concurrency ${formatNumber(load.concurrency)}`,
        );
      }
      return lines;
    }
    case 'rate':
      return [
        `arrival rate ${formatNumber(load.rate ?? 0)} req/s for ${formatSeconds(d)} = ${formatNumber(totalArrivals(load))} requests, ` +
          `at most ${formatNumber(load.concurrency)} in flight (the rest queue; their wait counts as latency)`,
      ];
    case 'ramp-rate': {
      const hold = Math.max(0, d - load.rampUpSeconds);
      return [
        `arrival rate ${formatNumber(load.startRate ?? 0)} → ${formatNumber(load.rate ?? 0)} req/s over ${formatSeconds(load.rampUpSeconds)}` +
          `, then hold ${formatSeconds(hold)} = ${formatNumber(totalArrivals(load))} requests, at most ${formatNumber(load.concurrency)} in flight`,
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
        `${[e.name, requestBesideName(e.name, e.method, e.displayPath)].filter((x) => x !== '').join(' ')} ${formatValue(totalWeight > 0 ? (100 * e.weight) / totalWeight : 0, '%')}`,
    )
    .join(', ');
  const lines = [
    `target ${plan.target.origin} · ${plan.endpoints.length} endpoint(s): ${mix}`,
    ...loadLine(load),
  ];
  if (plan.runShard.count > 1) lines.push(runShardLine(plan));
  if (isOpenModel(load)) {
    if (load.thinkTimeMs > 0)
      lines.push(`think time ${formatNumber(load.thinkTimeMs)} ms ignored: arrivals are paced by rate`);
  } else {
    const users = maxUsers(load);
    const spreadMs = (userStartStepUs(users) * Math.max(0, users - 1)) / 1000;
    if (spreadMs > 0)
      lines.push(
        `connections opened over ${formatNumber(spreadMs)} ms (one user every ${formatNumber(userStartStepUs(users))} µs)`,
      );
    if (load.thinkTimeMs > 0)
      lines.push(`think time ${formatNumber(load.thinkTimeMs)} ms between a user's requests`);
  }
  const measured = Math.max(0, load.durationSeconds - load.warmUpSeconds);
  lines.push(
    load.warmUpSeconds > 0
      ? `warm-up ${formatSeconds(load.warmUpSeconds)} excluded from SLOs; measured window ${formatSeconds(measured)}`
      : `no warm-up; measured window ${formatSeconds(measured)}`,
  );
  const loadTimeouts = requestTimeouts(load, {});
  lines.push(`per-request timeout ${describeTimeouts(loadTimeouts)}`);
  for (const e of plan.endpoints) {
    const own = requestTimeouts(load, e);
    if (!sameTimeouts(own, loadTimeouts)) lines.push(`${e.name}: its own timeout ${describeTimeouts(own)}`);
  }
  return lines;
}

/** What this runner shard sends of the whole run's load. */
function runShardLine(plan: Plan): string {
  const { load, runShard } = plan;
  const name = `runner shard ${formatRunShard(runShard)}`;
  if (isOpenModel(load)) {
    const arrivals = runShardShare(totalArrivals(load), runShard);
    return `${name}: ${formatNumber(arrivals)} of the ${formatNumber(totalArrivals(load))} arrivals (every ${runShard.count}th), at most ${formatNumber(runShardShare(load.concurrency, runShard))} in flight`;
  }
  return `${name}: ${formatNumber(runShardShare(maxUsers(load), runShard))} of the ${formatNumber(maxUsers(load))} users`;
}
