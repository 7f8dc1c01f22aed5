// `load` -> LoadConfig: read the file's fields (with where each came from), apply the overrides
// from inputs/flags, fill the documented defaults, then check fields against each other.
import { Defaults } from '../constants.js';
import { BURST_KEYS, LOAD_KEYS, isOpenModel, OPEN_MODEL_PATTERNS, RAMP_PATTERNS } from './keys.js';
import {
  accepts,
  BURST_FIELD_KEY,
  LOAD_FIELD_KEY,
  BURST_RULES,
  expectedOf,
  LOAD_RULES,
  readRule,
  showValue,
  type FieldRule,
} from './load-fields.js';
import { child, configError, type Origin } from './messages.js';
import { at, readMap, type Ctx } from './fields.js';
import type { Node } from './tree.js';
import type { BurstShape, LoadConfig, LoadOverrideField, LoadOverrides, PatternName } from './types.js';

export const DEFAULT_PATTERN: PatternName = 'sustained';
/** ramp-up: users at t=0 unless start_concurrency says otherwise. */
export const DEFAULT_START_CONCURRENCY = 1;
/** ramp-rate: arrivals/s at t=0 unless start_rate says otherwise. */
export const DEFAULT_START_RATE = 0;

type Field<T> = { value: T; origin: Origin };
type Fields = { [K in keyof LoadConfig]?: Field<NonNullable<LoadConfig[K]>> };
type BurstOrigins = Record<keyof BurstShape, Origin>;

const path = (field: keyof LoadConfig): string => `load.${LOAD_FIELD_KEY[field]}`;

/** An override's origin: the flag or input that gave it, when the caller said (LoadOverrides.labels). */
function overrideOrigin(overrides: LoadOverrides, field: LoadOverrideField): Origin {
  const label = overrides.labels?.[field];
  return label === undefined ? { kind: 'override' } : { kind: 'override', label };
}
const seconds = (s: number): string => `${s}s`;

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
  const read = (field: keyof BurstShape): number =>
    readRule(
      ctx,
      need(BURST_FIELD_KEY[field]),
      child(where, BURST_FIELD_KEY[field]),
      BURST_RULES[field],
    ) as number;
  const shape: BurstShape = {
    base: read('base'),
    peak: read('peak'),
    spikeSeconds: read('spikeSeconds'),
    periodSeconds: read('periodSeconds'),
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
  const where = (key: keyof BurstShape): string => `load.burst.${BURST_FIELD_KEY[key]}`;
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
  const get = (field: keyof LoadConfig): Node | undefined => entries.get(LOAD_FIELD_KEY[field])?.value;
  for (const field of Object.keys(LOAD_RULES) as (keyof typeof LOAD_RULES)[]) {
    const n = get(field);
    if (n !== undefined)
      (fields as Record<string, Field<unknown>>)[field] = {
        value: readRule(ctx, n, path(field), LOAD_RULES[field]),
        origin: at(ctx, n),
      };
  }
  const burstNode = get('burst');
  if (burstNode === undefined) return { fields, burstOrigins: null };
  const burst = readBurst(ctx, burstNode, path('burst'));
  checkBurst(burst.shape, burst.origins);
  fields.burst = { value: burst.shape, origin: at(ctx, burstNode) };
  return { fields, burstOrigins: burst.origins };
}

/**
 * Overrides come from inputs / flags (already read by the same rules, src/config/load-fields.ts)
 * or from any other caller of loadConfig: each typed value must pass the file's rule.
 */
function checkOverrides(overrides: LoadOverrides): void {
  const check = (rule: FieldRule, value: string | number, keyPath: string, origin: Origin): void => {
    if (!accepts(rule, value))
      throw configError(origin, keyPath, `expected ${expectedOf(rule)}, got ${showValue(rule, value)}`);
  };
  for (const field of Object.keys(LOAD_RULES) as (keyof typeof LOAD_RULES)[]) {
    const value = overrides[field as keyof LoadOverrides] as string | number | undefined;
    if (value !== undefined)
      check(LOAD_RULES[field], value, path(field), overrideOrigin(overrides, field as LoadOverrideField));
  }
  if (overrides.burst !== undefined) {
    const origin = overrideOrigin(overrides, 'burst');
    for (const key of Object.keys(BURST_RULES) as (keyof BurstShape)[])
      check(BURST_RULES[key], overrides.burst[key], `load.burst.${BURST_FIELD_KEY[key]}`, origin);
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
      overrideOrigin(overrides, field as LoadOverrideField),
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
  for (const field of Object.keys(LOAD_FIELD_KEY) as (keyof LoadConfig)[]) {
    const value = overrides[field as keyof LoadOverrides];
    if (value !== undefined) {
      const origin = overrideOrigin(overrides, field as LoadOverrideField);
      (fields as Record<string, Field<unknown>>)[field] = { value, origin };
    }
  }
  const burst = overrideOrigin(overrides, 'burst');
  const burstOrigins: BurstOrigins | null =
    overrides.burst !== undefined
      ? { base: burst, peak: burst, spikeSeconds: burst, periodSeconds: burst }
      : fileBurstOrigins;
  if (fields.burst && burstOrigins) checkBurst(fields.burst.value, burstOrigins);

  const dflt: Origin = { kind: 'default' };
  // Where nothing chose a pattern, a rate (in the file or as an input / flag) means the
  // arrival-rate model, as vegeta -rate, autocannon -R and k6 constant-arrival-rate do: the rate
  // pattern. (A rate in a shared file load block stays allowed beside a pattern set explicitly.)
  const impliedPattern: PatternName = fields.rate !== undefined ? 'rate' : DEFAULT_PATTERN;
  const pattern = fields.pattern ?? { value: impliedPattern, origin: dflt };
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
    ...(fields.connectTimeoutMs ? { connectTimeoutMs: fields.connectTimeoutMs.value } : {}),
    ...(fields.firstByteTimeoutMs ? { firstByteTimeoutMs: fields.firstByteTimeoutMs.value } : {}),
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
  // a phase timeout longer than the whole request's would never fire: refused, not ignored
  for (const phase of ['connectTimeoutMs', 'firstByteTimeoutMs'] as const) {
    const field = fields[phase];
    if (field && field.value > load.timeoutMs) {
      throw configError(
        field.origin,
        path(phase),
        `expected at most load.timeout (${load.timeoutMs}ms), got ${field.value}ms`,
      );
    }
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
