// The rule of every `load` field, once: what the file may say, what an input / flag may say, what
// an override passed to loadConfig must be, and what the JSON Schema says (scripts/gen-schema.ts).
// Each rule reads a YAML node (the file), a text (inputs and flags) or checks a typed value
// (overrides), with the same words for what was expected.
import { durationMs, DURATION_EXPECTED, MAX_DURATION_EXPECTED } from './duration.js';
import { quote } from './messages.js';
import { readDurationMs, readEnum, readInt, readNumber, type Ctx } from './fields.js';
import { BURST_KEYS, LIMITS, LOAD_KEYS, MAX_CONCURRENCY, MAX_WORKERS, PATTERNS } from './keys.js';
import { InputError } from '../errors.js';
import type { Node } from './tree.js';
import type { BurstShape, LoadConfig, LoadOverrides } from './types.js';

export type FieldRule =
  | { kind: 'int'; min: number; max: number }
  /** A number above (`exclusive`) or from `min`, at most `max`. */
  | { kind: 'number'; min: number; exclusive: boolean; max: number; expected: string }
  /** A duration, held in seconds or milliseconds. */
  | { kind: 'duration'; positive: boolean; unit: 's' | 'ms' }
  | { kind: 'enum'; values: readonly string[] };

type Value = string | number;

/** YAML key of each LoadConfig field, for messages and the schema. */
export const LOAD_FIELD_KEY: Record<keyof LoadConfig, (typeof LOAD_KEYS)[number]> = {
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
  connectTimeoutMs: 'connect_timeout',
  firstByteTimeoutMs: 'first_byte_timeout',
  workers: 'workers',
};
export const BURST_FIELD_KEY: Record<keyof BurstShape, (typeof BURST_KEYS)[number]> = {
  base: 'base',
  peak: 'peak',
  spikeSeconds: 'spike',
  periodSeconds: 'period',
};

/** Every scalar field of `load`, by LoadConfig field. */
export const LOAD_RULES: Readonly<Record<Exclude<keyof LoadConfig, 'burst'>, FieldRule>> = {
  pattern: { kind: 'enum', values: PATTERNS },
  concurrency: { kind: 'int', min: 1, max: MAX_CONCURRENCY },
  durationSeconds: { kind: 'duration', positive: true, unit: 's' },
  rate: {
    kind: 'number',
    min: 0,
    exclusive: true,
    max: LIMITS.rate,
    expected: 'a positive number of requests per second',
  },
  startRate: {
    kind: 'number',
    min: 0,
    exclusive: false,
    max: LIMITS.rate,
    expected: 'a number of requests per second >= 0',
  },
  rampUpSeconds: { kind: 'duration', positive: false, unit: 's' },
  startConcurrency: { kind: 'int', min: 0, max: MAX_CONCURRENCY },
  thinkTimeMs: { kind: 'duration', positive: false, unit: 'ms' },
  warmUpSeconds: { kind: 'duration', positive: false, unit: 's' },
  timeoutMs: { kind: 'duration', positive: true, unit: 'ms' },
  connectTimeoutMs: { kind: 'duration', positive: true, unit: 'ms' },
  firstByteTimeoutMs: { kind: 'duration', positive: true, unit: 'ms' },
  workers: { kind: 'int', min: 1, max: MAX_WORKERS },
};

export const BURST_RULES: Readonly<Record<keyof BurstShape, FieldRule>> = {
  base: { kind: 'int', min: 0, max: MAX_CONCURRENCY },
  peak: { kind: 'int', min: 1, max: MAX_CONCURRENCY },
  spikeSeconds: { kind: 'duration', positive: true, unit: 's' },
  periodSeconds: { kind: 'duration', positive: true, unit: 's' },
};

/** endpoints[].weight: a relative share of the requests. */
export const WEIGHT_RULE = {
  kind: 'number',
  min: 0,
  exclusive: true,
  max: LIMITS.weight,
  expected: `a positive number, at most ${LIMITS.weight}`,
} as const satisfies FieldRule;

/** http.connections (and the connections input / flag). */
export const CONNECTIONS_RULE = { kind: 'int', min: 1, max: MAX_CONCURRENCY } as const satisfies FieldRule;

export const BURST_TEXT_EXPECTED = 'base:peak:spike:period such as 50:500:5s:30s';

/** What the rule expects, in the words of every message. */
export function expectedOf(rule: FieldRule): string {
  switch (rule.kind) {
    case 'int':
      return `an integer from ${rule.min} to ${rule.max}`;
    case 'number':
      return rule.expected;
    case 'duration':
      return rule.positive ? 'a duration greater than zero' : 'a duration of zero or more';
    case 'enum':
      return `one of ${rule.values.join(', ')}`;
  }
}

/** Whether a typed value (seconds / ms for durations) satisfies the rule. */
export function accepts(rule: FieldRule, value: unknown): boolean {
  switch (rule.kind) {
    case 'int':
      return Number.isInteger(value) && (value as number) >= rule.min && (value as number) <= rule.max;
    case 'number':
    case 'duration': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      const min = rule.kind === 'number' ? rule.min : 0;
      const exclusive = rule.kind === 'number' ? rule.exclusive : rule.positive;
      return (exclusive ? value > min : value >= min) && value <= maxOf(rule);
    }
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value);
  }
}

/** The largest value a number or duration rule takes, in the rule's unit. */
function maxOf(rule: Extract<FieldRule, { kind: 'number' | 'duration' }>): number {
  if (rule.kind === 'number') return rule.max;
  return LIMITS.durationSeconds * (rule.unit === 's' ? 1 : 1000);
}

/** What a number above the rule's limit is told (the limit itself, in the input's words). */
function overLimit(rule: FieldRule): string {
  if (rule.kind === 'duration') return MAX_DURATION_EXPECTED;
  if (rule.kind === 'number') return `at most ${rule.max} requests per second`;
  return expectedOf(rule);
}

/** A typed value as messages quote it: 30s / 250ms for durations, strings in double quotes. */
export function showValue(rule: FieldRule, value: Value): string {
  if (rule.kind === 'duration') return `${value}${rule.unit}`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The file's node, read by the rule (throws with file:line:col). */
export function readRule(ctx: Ctx, node: Node, path: string, rule: FieldRule): Value {
  switch (rule.kind) {
    case 'int':
      return readInt(ctx, node, path, rule.min, rule.max);
    case 'number': {
      const n = readNumber(ctx, node, path, rule.expected, (x) => accepts({ ...rule, max: Infinity }, x));
      return n > rule.max ? readNumber(ctx, node, path, overLimit(rule), () => false) : n;
    }
    case 'duration': {
      const ms = readDurationMs(ctx, node, path, rule.positive);
      return rule.unit === 's' ? ms / 1000 : ms;
    }
    case 'enum':
      return readEnum(ctx, node, path, rule.values);
  }
}

/**
 * An input / flag's text, read by the rule: `label: expected …, got "text"` when it does not fit.
 * Integers are written as digits only; durations in the config's syntax.
 */
export function readRuleText(rule: FieldRule, text: string, label: string): Value {
  const fail = (expected: string): never => {
    throw new InputError(`${label}: expected ${expected}, got ${quote(text)}`);
  };
  let value: Value;
  switch (rule.kind) {
    case 'int':
      value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
      break;
    case 'number':
      value = text === '' ? Number.NaN : Number(text);
      break;
    case 'duration': {
      const ms = durationMs(text);
      if (ms === null) return fail(DURATION_EXPECTED);
      value = rule.unit === 's' ? ms / 1000 : ms;
      break;
    }
    case 'enum':
      value = text;
  }
  const unlimited = rule.kind === 'number' ? { ...rule, max: Infinity } : rule;
  if (rule.kind === 'duration' && typeof value === 'number' && value > maxOf(rule)) fail(overLimit(rule));
  if (!accepts(unlimited, value)) fail(expectedOf(rule));
  if (!accepts(rule, value)) fail(overLimit(rule));
  return value;
}

/** One load override from an input / flag (`--concurrency 50` → 50), by the file's rule. */
export function readLoadOverrideText<K extends keyof LoadOverrides & keyof typeof LOAD_RULES>(
  field: K,
  text: string,
  label: string,
): NonNullable<LoadOverrides[K]> {
  return readRuleText(LOAD_RULES[field], text, label) as NonNullable<LoadOverrides[K]>;
}

/** The burst shape as an input / flag writes it: base:peak:spike:period, e.g. 50:500:5s:30s. */
export function readBurstText(text: string, label: string): BurstShape {
  const parts = text.split(':');
  if (parts.length !== 4)
    throw new InputError(`${label}: expected ${BURST_TEXT_EXPECTED}, got ${quote(text)}`);
  const [base, peak, spike, period] = parts as [string, string, string, string];
  const part = (key: keyof BurstShape, name: string, value: string): number =>
    readRuleText(BURST_RULES[key], value, `${label} (${name})`) as number;
  return {
    base: part('base', 'base', base),
    peak: part('peak', 'peak', peak),
    spikeSeconds: part('spikeSeconds', 'spike', spike),
    periodSeconds: part('periodSeconds', 'period', period),
  };
}
