// Durations as written in performance_config.yml, action inputs and CLI flags.
//
// Grammar (whole string, no spaces):
//   duration := number                      plain number = seconds, e.g. "300", "1.5"
//             | (number unit)+              units descending, each at most once, e.g. "1h30m", "500ms"
//   number   := digits [ "." digits ]
//   unit     := "h" | "m" | "s" | "ms"
// A YAML/JSON number is taken as seconds. Negative values are never durations.
import { InputError } from '../errors.js';
import { LIMITS } from './keys.js';

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const UNIT_ORDER = ['h', 'm', 's', 'ms'];
const PLAIN = /^(\d+)(?:\.(\d+))?$/;
const PART = /(\d+)(?:\.(\d+))?(ms|h|m|s)/gy;

/**
 * The grammar above as one regular expression, for the JSON Schema (a test runs it against
 * durationMs on a table of strings). POSITIVE also needs a non-zero digit.
 */
export const DURATION_PATTERN =
  '^(?:\\d+(?:\\.\\d+)?|(?=\\d)(?:\\d+(?:\\.\\d+)?h)?(?:\\d+(?:\\.\\d+)?m)?(?:\\d+(?:\\.\\d+)?s)?(?:\\d+(?:\\.\\d+)?ms)?)$';
export const POSITIVE_DURATION_PATTERN = `^(?=.*[1-9])${DURATION_PATTERN.slice(1)}`;

export const DURATION_EXPECTED = 'a duration such as "60s", "5m", "1h30m", "500ms" or a number of seconds';
/** Past LIMITS.durationSeconds (24 h) a duration is a unit mistake (a number of ms read as seconds). */
export const MAX_DURATION_EXPECTED = `a duration of at most ${LIMITS.durationSeconds / 3600}h`;

/** Exact decimal times a unit in ms, without binary rounding noise ("1.1s" is 1100 ms, not 1100.0000000000002). */
function decimalTimes(whole: string, fraction: string | undefined, unitMs: number): number {
  const digits = fraction ?? '';
  return (Number(whole + digits) * unitMs) / 10 ** digits.length;
}

/** Milliseconds, or null when `text` is not a duration (or too large to be a finite number). */
export function durationMs(text: string | number): number | null {
  const ms = grammarMs(text);
  return ms !== null && Number.isFinite(ms) ? ms : null;
}

function grammarMs(text: string | number): number | null {
  if (typeof text === 'number') {
    return Number.isFinite(text) && text >= 0 ? decimalFromNumber(text) : null;
  }
  const plain = PLAIN.exec(text);
  if (plain) return decimalTimes(plain[1]!, plain[2], UNIT_MS.s!);
  let total = 0;
  let lastUnit = -1;
  let end = 0;
  PART.lastIndex = 0;
  for (let match = PART.exec(text); match; match = PART.exec(text)) {
    const unitIndex = UNIT_ORDER.indexOf(match[3]!);
    if (unitIndex <= lastUnit) return null;
    lastUnit = unitIndex;
    total += decimalTimes(match[1]!, match[2], UNIT_MS[match[3]!]!);
    end = PART.lastIndex;
  }
  return lastUnit >= 0 && end === text.length ? total : null;
}

function decimalFromNumber(seconds: number): number {
  const text = String(seconds);
  const plain = PLAIN.exec(text);
  return plain ? decimalTimes(plain[1]!, plain[2], UNIT_MS.s!) : seconds * UNIT_MS.s!;
}

/** How an input value is quoted in messages: strings in double quotes, anything else as written. */
export function quoteInput(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Seconds. Throws InputError naming `what` and quoting the input. */
export function parseDuration(text: string | number, what: string): number {
  const ms = durationMs(text);
  if (ms === null) throw new InputError(`${what}: expected ${DURATION_EXPECTED}, got ${quoteInput(text)}`);
  return ms / 1000;
}
