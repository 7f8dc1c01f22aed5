// Typed readers over the located tree: each returns the value or throws an InputError with
// file:line:col, the key path, what was expected and the input as written.
import { durationMs, DURATION_EXPECTED, MAX_DURATION_EXPECTED } from './duration.js';
import { LIMITS } from './keys.js';
import { child, configError, describe, unknownKeyMessage, type Origin } from './messages.js';
import type { MapEntry, Node } from './tree.js';
import { plain } from './tree.js';

export interface Ctx {
  file: string;
}

export const at = (ctx: Ctx, node: { pos: Node['pos'] }): Origin => ({
  kind: 'file',
  file: ctx.file,
  pos: node.pos,
});

export function fail(ctx: Ctx, node: Node, path: string, expected: string): never {
  throw configError(at(ctx, node), path, `expected ${expected}, got ${describe(plain(node))}`);
}

/** A mapping whose keys are all in `allowed`; unknown keys fail with a did-you-mean. */
export function readMap(
  ctx: Ctx,
  node: Node,
  path: string,
  allowed: readonly string[] | null,
): ReadonlyMap<string, MapEntry> {
  if (node.kind !== 'map') fail(ctx, node, path, 'a mapping');
  if (allowed !== null) {
    for (const [key, entry] of node.entries) {
      if (!allowed.includes(key)) {
        throw configError(
          { kind: 'file', file: ctx.file, pos: entry.keyPos },
          child(path, key),
          unknownKeyMessage(key, allowed),
        );
      }
    }
  }
  return node.entries;
}

export function scalar(node: Node): unknown {
  return node.kind === 'scalar' ? node.value : undefined;
}

export function readNumber(
  ctx: Ctx,
  node: Node,
  path: string,
  expected: string,
  ok: (n: number) => boolean,
): number {
  const value = scalar(node);
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) fail(ctx, node, path, expected);
  return value;
}

export function readInt(
  ctx: Ctx,
  node: Node,
  path: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const expected =
    max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
  return readNumber(ctx, node, path, expected, (n) => Number.isInteger(n) && n >= min && n <= max);
}

export function readString(ctx: Ctx, node: Node, path: string, expected = 'a string'): string {
  const value = scalar(node);
  if (typeof value !== 'string') fail(ctx, node, path, expected);
  return value;
}

export function readBool(ctx: Ctx, node: Node, path: string): boolean {
  const value = scalar(node);
  if (typeof value !== 'boolean') fail(ctx, node, path, 'true or false');
  return value;
}

export function readEnum<T extends string>(ctx: Ctx, node: Node, path: string, allowed: readonly T[]): T {
  const value = scalar(node);
  if (typeof value !== 'string' || !allowed.includes(value as T))
    fail(ctx, node, path, `one of ${allowed.join(', ')}`);
  return value as T;
}

/** Milliseconds. `positive` rejects zero. */
export function readDurationMs(ctx: Ctx, node: Node, path: string, positive: boolean): number {
  const value = scalar(node);
  const ms = typeof value === 'string' || typeof value === 'number' ? durationMs(value) : null;
  if (ms === null) fail(ctx, node, path, DURATION_EXPECTED);
  if (positive && ms === 0) fail(ctx, node, path, `a duration greater than zero`);
  if (ms > LIMITS.durationSeconds * 1000) fail(ctx, node, path, MAX_DURATION_EXPECTED);
  return ms;
}
