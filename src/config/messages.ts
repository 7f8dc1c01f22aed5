// Error messages of the config loader: "<file>:<line>:<col>: <key path>: <what was expected>, got <input>".
import { InputError } from '../errors.js';

export interface Pos {
  line: number;
  col: number;
}

/**
 * Where a value came from: a file position, an override (input/flag; `label` is how the user named
 * it, `--connect-timeout` or `input connect-timeout`, when the caller knows), or a built-in default.
 */
export type Origin =
  { kind: 'file'; file: string; pos: Pos } | { kind: 'override'; label?: string } | { kind: 'default' };

export function originPrefix(origin: Origin, keyPath: string): string {
  switch (origin.kind) {
    case 'file':
      return `${origin.file}:${origin.pos.line}:${origin.pos.col}: ${keyPath}`;
    case 'override':
      return origin.label === undefined ? `override ${keyPath}` : `${origin.label} (${keyPath})`;
    case 'default':
      return `default ${keyPath}`;
  }
}

export function configError(origin: Origin, keyPath: string, message: string): InputError {
  return new InputError(`${originPrefix(origin, keyPath)}: ${message}`);
}

/** Longer strings are quoted by their start and their length: a message stays one readable line. */
const MAX_QUOTED = 80;

/** A string in double quotes (JSON escapes), cut to its first characters when long. */
export function quote(text: string): string {
  if (text.length <= MAX_QUOTED) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, MAX_QUOTED))}… (${text.length} characters)`;
}

/** A value as quoted in messages: strings in double quotes, collections by kind. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

const MAX_SUGGESTION_DISTANCE = 2;

/** The closest allowed word within edit distance 2 (case-insensitive), or null. */
export function suggest(word: string, allowed: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = MAX_SUGGESTION_DISTANCE + 1;
  for (const candidate of allowed) {
    const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const guess = suggest(key, allowed);
  return guess !== null
    ? `unknown key, did you mean \`${guess}\`?`
    : `unknown key, expected one of: ${allowed.join(', ')}`;
}

/** "a.b" + "c" -> "a.b.c"; "" + "c" -> "c"; "a" + 2 -> "a[2]". */
export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const shown = key.length > MAX_QUOTED ? `${key.slice(0, MAX_QUOTED)}…` : key;
  return path === '' ? shown : `${path}.${shown}`;
}
