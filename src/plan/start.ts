// When the load starts (input start-at): runner shards on several machines start together so that
// their loads overlap. Pure: the current time is passed in.
import { InputError } from '../errors.js';
import type { StartAt } from '../settings/types.js';

/** A shared start further ahead than this is a mistake (a wrong date or zone), not a plan. */
export const MAX_START_WAIT_MS = 60 * 60 * 1000;

/** Epoch ms at which the load starts, or null for "as soon as the generator is ready". */
export function plannedStartEpochMs(startAt: StartAt | null, nowMs: number): number | null {
  if (startAt === null) return null;
  const at =
    startAt.kind === 'time'
      ? startAt.epochMs
      : Math.ceil(nowMs / (startAt.everySeconds * 1000)) * startAt.everySeconds * 1000;
  if (at - nowMs > MAX_START_WAIT_MS) {
    throw new InputError(
      `start-at ${new Date(at).toISOString()} is ${Math.round((at - nowMs) / 60_000)} minutes ahead; at most ${MAX_START_WAIT_MS / 60_000} minutes are allowed (check the date and the zone)`,
    );
  }
  return at;
}
