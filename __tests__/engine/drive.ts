// Runs the real Shard (lifecycle + driver) on the fake clock with scripted slots, to its end.
import type { LoadConfig } from '../../src/config/types.js';
import type { ShardInit, ToMain } from '../../src/engine/messages.js';
import { Shard } from '../../src/engine/shard.js';
import { DIRECT_HTTP1 } from '../../src/engine/transport.js';
import {
  createHistogram,
  encodeHistogram,
  mergeEncoded,
  recordUs,
  type Histogram,
} from '../../src/metrics/histogram.js';
import { FakeClock } from '../__fixtures__/clock.js';
import { addBuckets } from '../../src/metrics/hot-histogram.js';
import { ScriptedSlots, type LoggedSend, type RespondAt } from '../__fixtures__/fake-slots.js';
import { endpoint, load } from './helpers.js';

export interface Drive {
  load: Partial<LoadConfig>;
  respondAt: RespondAt;
  shard?: number;
  shards?: number;
  tickMs?: number;
  /** Abort the run at this time (µs). */
  stopAtUs?: number;
}

export interface Driven {
  sends: LoggedSend[];
  /** First send of each slot (µs), by slot. */
  firstSendUs: (number | undefined)[];
  /** health.sent of each tick message, then of the done message. */
  sentPerMessage: number[];
  queuedPerMessage: number[];
  /** Summed over every delta (warm-up included). */
  requests: number;
  kinds: number[];
  latency: Histogram;
  /** When the done message was sent (µs). */
  doneAtUs: number;
}

export async function drive(d: Drive): Promise<Driven> {
  const l = load(d.load);
  const clock = new FakeClock();
  const scripted = new ScriptedSlots(clock, d.respondAt);
  const messages: ToMain[] = [];
  let doneSent = false;
  const init: ShardInit = {
    targetHref: 'http://127.0.0.1:9/',
    endpoints: [endpoint()],
    load: l,
    shard: d.shard ?? 0,
    shards: d.shards ?? 1,
    maxBodyBytes: 1024,
    tickMs: d.tickMs ?? 1000,
    transport: DIRECT_HTTP1,
  };
  const shard = new Shard(
    init,
    (m) => {
      messages.push(m);
      if (m.type === 'done') doneSent = true;
    },
    { clock, createSlots: scripted.create },
  );
  shard.start(0);
  if (d.stopAtUs !== undefined) {
    clock.advance(d.stopAtUs);
    shard.stop();
  }
  clock.advance(l.durationSeconds * 1e6 + l.timeoutMs * 1000 + 1e6);
  await shard.done;
  if (!doneSent) throw new Error('the shard never sent done');
  // the shard sends done once its slots have closed (a promise, so after the fake clock's jump):
  // the run ended when it asked them to close
  const doneAtUs = scripted.closedAtUs;
  if (doneAtUs === null) throw new Error('the shard never closed its slots');
  if (clock.pending > 0) throw new Error(`the shard left ${clock.pending} timers armed`);
  const latency = createHistogram();
  const kinds: number[] = [];
  let requests = 0;
  for (const m of messages) {
    if (m.type !== 'tick' && m.type !== 'done') continue;
    const { overall, warmUp } = m.delta;
    requests += overall.counts.requests + warmUp.requests;
    overall.counts.kinds.forEach((n, k) => (kinds[k] = (kinds[k] ?? 0) + n + warmUp.kinds[k]));
    for (const e of m.delta.endpoints) if (e.histogram !== null) addBuckets(latency, e.histogram);
  }
  const health = messages.flatMap((m) => (m.type === 'tick' || m.type === 'done' ? [m.health] : []));
  return {
    sends: scripted.sends,
    firstSendUs: scripted.firstSendUs(),
    sentPerMessage: health.map((h) => h.sent),
    queuedPerMessage: health.map((h) => h.queued),
    requests,
    kinds,
    latency,
    doneAtUs,
  };
}

/** Per second of the run, how many of `timesUs` fall in it. */
export function perSecond(timesUs: number[], seconds: number): number[] {
  const counts = new Array<number>(seconds).fill(0);
  for (const t of timesUs) counts[Math.floor(t / 1e6)]++;
  return counts;
}

/**
 * [min, max] of a histogram that holds only `us`, shipped as the shard ships it (encoded, then
 * merged): HDR keeps 3 significant digits, so these are the bounds of the value's bucket.
 */
export function recordedAs(us: number): [number, number] {
  const h = createHistogram();
  recordUs(h, us);
  const merged = createHistogram();
  mergeEncoded(merged, encodeHistogram(h));
  return [merged.minNonZeroValue, merged.maxValue];
}
