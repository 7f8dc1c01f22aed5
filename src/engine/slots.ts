// Building a shard's slots and prepared requests for the chosen client (src/engine/transport.ts).
import type { ShardInit } from './messages.js';
import { prepareRequest, type PreparedRequest } from './request.js';
import { RawSlot, type LoadSlot, type RawTarget, type SlotOwner } from './slot.js';
import { createH2Slots } from './slot-h2.js';
import { createUndiciSlots } from './slot-undici.js';
import { hostOf, secureContextOf, serverNameOf } from './transport.js';

/** Shared by all raw slots of a shard: each read is parsed synchronously before the next one. */
const READ_BUFFER_BYTES = 64 * 1024;

export function prepareRequests(init: ShardInit): PreparedRequest[] {
  const target = new URL(init.targetHref);
  return init.endpoints.map((e) => prepareRequest(target, e));
}

export function createSlots(init: ShardInit, owner: SlotOwner, count: number): LoadSlot[] {
  const url = new URL(init.targetHref);
  const spec = init.transport;
  if (spec.client === 'undici') return createUndiciSlots(url, spec, owner, count);
  if (spec.client === 'h2') return createH2Slots(url, spec, init, owner, count);
  const tls = url.protocol === 'https:';
  const host = hostOf(url);
  const target: RawTarget = {
    host: spec.connectAddress ?? host,
    port: Number(url.port) || (tls ? 443 : 80),
    tls: tls
      ? {
          servername: serverNameOf(spec.tls, host),
          secureContext: secureContextOf(spec.tls),
          rejectUnauthorized: !spec.tls.insecure,
        }
      : null,
    readBuffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
  };
  return Array.from({ length: count }, (_, i) => new RawSlot(i, owner, target));
}
