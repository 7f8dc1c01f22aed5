// `load` -> LoadConfig: read the file's fields (with where each came from), apply the overrides
// from inputs/flags, fill the documented defaults, then check fields against each other.
import { Defaults } from '../constants.js';
import {
  BURST_KEYS,
  LOAD_KEYS,
  MAX_CONCURRENCY,
  isOpenModel,
  MAX_WORKERS,
  OPEN_MODEL_PATTERNS,
  PATTERNS,
  RAMP_PATTERNS,
} from './keys.js';
import { child, configError, type Origin } from './messages.js';
import { at, readDurationMs, readEnum, readInt, readMap, readNumber, type Ctx } from './fields.js';
import type { Node } from './tree.js';
import type { BurstShape, LoadConfig, LoadOverrides, PatternName } from './types.js';

export const DEFAULT_PATTERN: PatternName = 'sustained';
/** ramp-up: users at t=0 unless start_concurrency says otherwise. */
export const DEFAULT_START_CONCURRENCY = 1;
/** ramp-rate: arrivals/s at t=0 unless start_rate says otherwise. */
export const DEFAULT_START_RATE = 0;

type Field<T> = { value: T; origin: Origin };
type Fields = { [K in keyof LoadConfig]?: Field<NonNullable<LoadConfig[K]>> };
type BurstOrigins = Record<keyof BurstShape, Origin>;

/** YAML key of each LoadConfig field, for messages. */
const KEY: Record<keyof LoadConfig, (typeof LOAD_KEYS)[number]> = {
  pattern: 'pattern',
  concurrency: 'concurrency',
  durationSeconds: 'duration',
  rate: 'rate',
  startRate: 'start_rate',
  rampUpSeconds: 'ramp_up',
  startConcurrency: 'start_concurrency',
  burst: 'burst',
  thinkTimeMs: 'think_time',
  warmUpSeconds: 'warm_up',
  timeoutMs: 'timeout',
  workers: 'workers',
};
const BURST_FIELD: Record<keyof BurstShape, (typeof BURST_KEYS)[number]> = {
  base: 'base',
  peak: 'peak',
  spikeSeconds: 'spike',
  periodSeconds: 'period',
};
const path = (field: keyof LoadConfig): string => `load.${KEY[field]}`;
const seconds = (s: number): string => `${s}s`;
const millis = (ms: number): string => `${ms}ms`;

/** Overridable fields that only some patterns use, and which patterns use them. */
const PATTERN_ONLY: Partial<Record<keyof LoadOverrides & keyof LoadConfig, readonly PatternName[]>> = {
  rate: OPEN_MODEL_PATTERNS,
  rampUpSeconds: RAMP_PATTERNS,
  burst: ['burst'],
};

const and = (words: readonly string[]): string =>
  words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;

function readBurst(ctx: Ctx, node: Node, where: string): { shape: BurstShape; origins: BurstOrigins } {
  const entries = readMap(ctx, node, where, BURST_KEYS);
  const need = (key: string): Node => {
    const value = entries.get(key)?.value;
    if (value === undefined)
      throw configError(
        at(ctx, node),
        child(where, key),
        'missing, burst needs base, peak, spike and period',
      );
    return value;
  };
  const shape: BurstShape = {
    base: readInt(ctx, need('base'), child(where, 'base'), 0, MAX_CONCURRENCY),
    peak: readInt(ctx, need('peak'), child(where, 'peak'), 1, MAX_CONCURRENCY),
    spikeSeconds: readDurationMs(ctx, need('spike'), child(where, 'spike'), true) / 1000,
    periodSeconds: readDurationMs(ctx, need('period'), child(where, 'period'), true) / 1000,
  };
  const origin = (key: string): Origin => at(ctx, need(key));
  return {
    shape,
    origins: {
      base: origin('base'),
      peak: origin('peak'),
      spikeSeconds: origin('spike'),
      periodSeconds: origin('period'),
    },
  };
}

function checkBurst(shape: BurstShape, origins: BurstOrigins): void {
  const where = (key: keyof BurstShape): string => `load.burst.${BURST_FIELD[key]}`;
  if (shape.peak < shape.base) {
    throw configError(
      origins.peak,
      where('peak'),
      `expected at least load.burst.base (${shape.base}), got ${shape.peak}`,
    );
  }
  if (shape.spikeSeconds >= shape.periodSeconds) {
    throw configError(
      origins.spikeSeconds,
      where('spikeSeconds'),
      `expected less than load.burst.period (${seconds(shape.periodSeconds)}), got ${seconds(shape.spikeSeconds)}`,
    );
  }
}

/** The file's `load` block, each field with its position. */
export function readLoadFields(
  ctx: Ctx,
  node: Node | undefined,
): { fields: Fields; burstOrigins: BurstOrigins | null } {
  const fields: Fields = {};
  if (node === undefined) return { fields, burstOrigins: null };
  const entries = readMap(ctx, node, 'load', LOAD_KEYS);
  const get = (field: keyof LoadConfig): Node | undefined => entries.get(KEY[field])?.value;
  const set = <K extends keyof LoadConfig>(
    field: K,
    read: (n: Node, p: string) => NonNullable<LoadConfig[K]>,
  ): void => {
    const n = get(field);
    if (n !== undefined) fields[field] = { value: read(n, path(field)), origin: at(ctx, n) } as Fields[K];
  };
  set('pattern', (n, p) => readEnum(ctx, n, p, PATTERNS));
  set('concurrency', (n, p) => readInt(ctx, n, p, 1, MAX_CONCURRENCY));
  set('durationSeconds', (n, p) => readDurationMs(ctx, n, p, true) / 1000);
  set('rate', (n, p) => readNumber(ctx, n, p, 'a positive number of requests per second', (r) => r > 0));
  set('startRate', (n, p) => readNumber(ctx, n, p, 'a number of requests per second >= 0', (r) => r >= 0));
  set('rampUpSeconds', (n, p) => readDurationMs(ctx, n, p, false) / 1000);
  set('startConcurrency', (n, p) => readInt(ctx, n, p, 0, MAX_CONCURRENCY));
  set('thinkTimeMs', (n, p) => readDurationMs(ctx, n, p, false));
  set('warmUpSeconds', (n, p) => readDurationMs(ctx, n, p, false) / 1000);
  set('timeoutMs', (n, p) => readDurationMs(ctx, n, p, true));
  set('workers', (n, p) => readInt(ctx, n, p, 1, MAX_WORKERS));
  const burstNode = get('burst');
  if (burstNode === undefined) return { fields, burstOrigins: null };
  const burst = readBurst(ctx, burstNode, path('burst'));
  checkBurst(burst.shape, burst.origins);
  fields.burst = { value: burst.shape, origin: at(ctx, burstNode) };
  return { fields, burstOrigins: burst.origins };
}

/**
 * Overrides (inputs / flags) are validated by the settings layer too, but the loader does not
 * trust that: each value must pass the same range checks as the file's.
 */
function checkOverrides(overrides: LoadOverrides): void {
  const override: Origin = { kind: 'override' };
  const check = (ok: boolean, keyPath: string, expected: string, got: string): void => {
    if (!ok) throw configError(override, keyPath, `expected ${expected}, got ${got}`);
  };
  const int = (n: number, min: number, max: number): boolean => Number.isInteger(n) && n >= min && n <= max;
  const positive = (n: number): boolean => Number.isFinite(n) && n > 0;
  const nonNegative = (n: number): boolean => Number.isFinite(n) && n >= 0;
  const POSITIVE = 'a duration greater than zero';
  const NON_NEGATIVE = 'a duration of zero or more';
  const o = overrides;
  if (o.pattern !== undefined)
    check(
      PATTERNS.includes(o.pattern),
      path('pattern'),
      `one of ${PATTERNS.join(', ')}`,
      JSON.stringify(o.pattern),
    );
  if (o.concurrency !== undefined) {
    const range = `an integer from 1 to ${MAX_CONCURRENCY}`;
    check(int(o.concurrency, 1, MAX_CONCURRENCY), path('concurrency'), range, String(o.concurrency));
  }
  if (o.durationSeconds !== undefined)
    check(positive(o.durationSeconds), path('durationSeconds'), POSITIVE, seconds(o.durationSeconds));
  if (o.rate !== undefined)
    check(positive(o.rate), path('rate'), 'a positive number of requests per second', String(o.rate));
  if (o.rampUpSeconds !== undefined)
    check(nonNegative(o.rampUpSeconds), path('rampUpSeconds'), NON_NEGATIVE, seconds(o.rampUpSeconds));
  if (o.thinkTimeMs !== undefined)
    check(nonNegative(o.thinkTimeMs), path('thinkTimeMs'), NON_NEGATIVE, millis(o.thinkTimeMs));
  if (o.warmUpSeconds !== undefined)
    check(nonNegative(o.warmUpSeconds), path('warmUpSeconds'), NON_NEGATIVE, seconds(o.warmUpSeconds));
  if (o.timeoutMs !== undefined)
    check(positive(o.timeoutMs), path('timeoutMs'), POSITIVE, millis(o.timeoutMs));
  if (o.workers !== undefined)
    check(
      int(o.workers, 1, MAX_WORKERS),
      path('workers'),
      `an integer from 1 to ${MAX_WORKERS}`,
      String(o.workers),
    );
  if (o.burst !== undefined) {
    const b = o.burst;
    const where = (key: keyof BurstShape): string => `load.burst.${BURST_FIELD[key]}`;
    check(
      int(b.base, 0, MAX_CONCURRENCY),
      where('base'),
      `an integer from 0 to ${MAX_CONCURRENCY}`,
      String(b.base),
    );
    check(
      int(b.peak, 1, MAX_CONCURRENCY),
      where('peak'),
      `an integer from 1 to ${MAX_CONCURRENCY}`,
      String(b.peak),
    );
    check(positive(b.spikeSeconds), where('spikeSeconds'), POSITIVE, seconds(b.spikeSeconds));
    check(positive(b.periodSeconds), where('periodSeconds'), POSITIVE, seconds(b.periodSeconds));
  }
}

/**
 * An override the resolved pattern ignores would be dropped silently (`--rate 50` on a
 * sustained run still runs a closed model): refuse it. File keys the pattern ignores stay allowed,
 * since a shared `load` block may serve environments with different patterns.
 */
function checkOverridesUsed(overrides: LoadOverrides, pattern: Field<PatternName>): void {
  for (const [field, users] of Object.entries(PATTERN_ONLY) as [keyof LoadConfig, readonly PatternName[]][]) {
    if (overrides[field as keyof LoadOverrides] === undefined || users.includes(pattern.value)) continue;
    const patterns = `the ${and(users)} pattern${users.length === 1 ? '' : 's'}`;
    const fix =
      pattern.origin.kind === 'override'
        ? 'choose one of those patterns or drop the override'
        : 'set the pattern (input pattern / --pattern) too';
    throw configError(
      { kind: 'override' },
      path(field),
      `only used by ${patterns}, but the pattern is ${pattern.value}; ${fix}`,
    );
  }
}

/** Overrides win over the file; then defaults fill the rest; then cross-field checks. */
export function resolveLoad(
  file: Fields,
  fileBurstOrigins: BurstOrigins | null,
  overrides: LoadOverrides,
): LoadConfig {
  checkOverrides(overrides);
  const fields: Fields = { ...file };
  const override: Origin = { kind: 'override' };
  for (const field of Object.keys(KEY) as (keyof LoadConfig)[]) {
    const value = overrides[field as keyof LoadOverrides];
    if (value !== undefined) (fields as Record<string, Field<unknown>>)[field] = { value, origin: override };
  }
  const burstOrigins: BurstOrigins | null =
    overrides.burst !== undefined
      ? { base: override, peak: override, spikeSeconds: override, periodSeconds: override }
      : fileBurstOrigins;
  if (fields.burst && burstOrigins) checkBurst(fields.burst.value, burstOrigins);

  const dflt: Origin = { kind: 'default' };
  const pattern = fields.pattern ?? { value: DEFAULT_PATTERN, origin: dflt };
  checkOverridesUsed(overrides, pattern);
  const duration = fields.durationSeconds ?? { value: Defaults.DurationSeconds, origin: dflt };
  const concurrency = fields.concurrency?.value ?? Defaults.Concurrency;
  const ramps = RAMP_PATTERNS.includes(pattern.value);
  const load: LoadConfig = {
    pattern: pattern.value,
    concurrency,
    durationSeconds: duration.value,
    rate: fields.rate?.value ?? null,
    startRate: fields.startRate?.value ?? (pattern.value === 'ramp-rate' ? DEFAULT_START_RATE : null),
    rampUpSeconds: fields.rampUpSeconds?.value ?? (ramps ? duration.value : 0),
    startConcurrency: fields.startConcurrency?.value ?? DEFAULT_START_CONCURRENCY,
    burst: fields.burst?.value ?? null,
    thinkTimeMs: fields.thinkTimeMs?.value ?? 0,
    warmUpSeconds: fields.warmUpSeconds?.value ?? 0,
    timeoutMs: fields.timeoutMs?.value ?? Defaults.TimeoutMs,
    workers: fields.workers?.value ?? null,
  };

  if (isOpenModel(load) && load.rate === null) {
    throw configError(
      pattern.origin,
      path('pattern'),
      `pattern "${load.pattern}" needs load.rate (arrivals per second), which is not set`,
    );
  }
  if (load.pattern === 'burst' && load.burst === null) {
    throw configError(
      pattern.origin,
      path('pattern'),
      'pattern "burst" needs a load.burst block with base, peak, spike and period',
    );
  }
  const durationText = `load.duration (${seconds(load.durationSeconds)})`;
  if (fields.warmUpSeconds && load.warmUpSeconds >= load.durationSeconds) {
    throw configError(
      fields.warmUpSeconds.origin,
      path('warmUpSeconds'),
      `expected less than ${durationText}, got ${seconds(load.warmUpSeconds)}`,
    );
  }
  if (fields.rampUpSeconds && load.rampUpSeconds > load.durationSeconds) {
    throw configError(
      fields.rampUpSeconds.origin,
      path('rampUpSeconds'),
      `expected at most ${durationText}, got ${seconds(load.rampUpSeconds)}`,
    );
  }
  if (fields.startConcurrency && load.startConcurrency > load.concurrency) {
    throw configError(
      fields.startConcurrency.origin,
      path('startConcurrency'),
      `expected at most load.concurrency (${load.concurrency}), got ${load.startConcurrency}`,
    );
  }
  return load;
}
