// Building a shard's slots and prepared requests for the chosen transport.
import { isIP } from 'node:net';
import type { Client } from 'undici';
import type { ShardInit } from './messages.js';
import { prepareRequest, type PreparedRequest } from './request.js';
import { RawSlot, type LoadSlot, type RawTarget, type SlotOwner } from './slot.js';
import { UndiciSlot } from './slot-undici.js';

/** Shared by all raw slots of a shard: each read is parsed synchronously before the next one. */
const READ_BUFFER_BYTES = 64 * 1024;

export function prepareRequests(init: ShardInit): PreparedRequest[] {
  const target = new URL(init.targetHref);
  return init.endpoints.map((e) => prepareRequest(target, e));
}

export function createSlots(init: ShardInit, owner: SlotOwner, count: number): LoadSlot[] {
  const url = new URL(init.targetHref);
  if (init.transport === 'undici') {
    const options: Client.Options = {
      pipelining: 1,
      connectTimeout: init.load.timeoutMs,
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: 30_000,
    };
    return Array.from({ length: count }, (_, i) => new UndiciSlot(i, owner, url.origin, options));
  }
  const tls = url.protocol === 'https:';
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const target: RawTarget = {
    host,
    port: Number(url.port) || (tls ? 443 : 80),
    tls,
    servername: isIP(host) === 0 ? host : undefined,
    readBuffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
  };
  return Array.from({ length: count }, (_, i) => new RawSlot(i, owner, target));
}
