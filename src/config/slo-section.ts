// `slo` -> abort settings and the minimum-samples factor.
import { SLO_KEYS } from './keys.js';
import { child } from './messages.js';
import { readBool, readDurationMs, readMap, readNumber, type Ctx } from './fields.js';
import type { Node } from './tree.js';
import type { AbortConfig } from './types.js';

export const DEFAULT_GRACE_SECONDS = 10;
/** p99 needs 10 / (1 - 0.99) = 1000 post-warm-up samples before it is judged. */
export const DEFAULT_MIN_SAMPLES_FACTOR = 10;

export interface SloSection {
  abort: AbortConfig;
  minSamplesFactor: number;
}

export function readSlo(ctx: Ctx, node: Node | undefined, abortOverride: boolean | undefined): SloSection {
  const entries = node === undefined ? new Map() : readMap(ctx, node, 'slo', SLO_KEYS);
  const get = (key: string): Node | undefined => entries.get(key)?.value;
  const abortNode = get('abort_on_breach');
  const graceNode = get('grace_period');
  const factorNode = get('min_samples_factor');
  const fileAbort =
    abortNode === undefined ? false : readBool(ctx, abortNode, child('slo', 'abort_on_breach'));
  return {
    abort: {
      enabled: abortOverride ?? fileAbort,
      graceSeconds:
        graceNode === undefined
          ? DEFAULT_GRACE_SECONDS
          : readDurationMs(ctx, graceNode, 'slo.grace_period', false) / 1000,
    },
    minSamplesFactor:
      factorNode === undefined
        ? DEFAULT_MIN_SAMPLES_FACTOR
        : readNumber(ctx, factorNode, 'slo.min_samples_factor', 'a positive number', (n) => n > 0),
  };
}
