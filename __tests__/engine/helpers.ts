// Plans for engine tests, built without a config file.
import { execFileSync } from 'node:child_process';
import type { EndpointConfig, LoadConfig } from '../../src/config/types.js';
import type { Plan } from '../../src/plan/plan.js';
import { WHOLE_RUN, type RunShard } from '../../src/plan/run-shard.js';

export const OK_STATUSES: readonly number[] = Array.from({ length: 200 }, (_, i) => 200 + i);

export function load(overrides: Partial<LoadConfig> = {}): LoadConfig {
  return {
    pattern: 'sustained',
    concurrency: 4,
    durationSeconds: 1,
    rate: null,
    startRate: null,
    rampUpSeconds: 0,
    startConcurrency: 0,
    burst: null,
    thinkTimeMs: 0,
    warmUpSeconds: 0,
    timeoutMs: 2_000,
    workers: null,
    ...overrides,
  };
}

export function endpoint(overrides: Partial<EndpointConfig> = {}): EndpointConfig {
  return {
    name: 'root',
    method: 'GET',
    path: '/',
    headers: {},
    body: null,
    weight: 1,
    expectStatus: OK_STATUSES,
    ...overrides,
    displayPath: overrides.displayPath ?? overrides.path ?? '/',
  };
}

export function plan(
  target: URL,
  loadOverrides: Partial<LoadConfig> = {},
  endpoints: EndpointConfig[] = [endpoint()],
  runShard: RunShard = WHOLE_RUN,
): Plan {
  return { target, endpoints, load: load(loadOverrides), runShard };
}

/** nginx is on the PATH (the tests that start one skip otherwise). */
export function hasNginx(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v nginx'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
