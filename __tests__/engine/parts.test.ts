// Truth tests for latency in parts against servers whose behaviour is known: the service time is
// the server's, the queue wait is the in-flight cap's, and a stalled server shows in both latency
// and service time. Long-ish (≈ 17 s in all): run under the heavy lock. Every server runs in a
// process of its own (serverProcess), so a pause of the generator's thread cannot make the server
// late: what the bounds measure is the generator's timing of a server that keeps its own.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { runLoad } from '../../src/engine/run.js';
import type { LatencyStats } from '../../src/metrics/types.js';
import { serverProcess } from '../__fixtures__/servers.js';
import { plan } from './helpers.js';

const within = (actual: number, lo: number, hi: number, what: string): void =>
  assert.ok(actual >= lo && actual <= hi, `${what} = ${actual}, expected ${lo}..${hi}`);
const pcts = (s: LatencyStats): string =>
  [50, 95, 99].map((p) => `p${p} ${s.percentileMs(p)}`).join(', ') + `, n ${s.count}`;

/**
 * Opt-in (PARTS_TRUTH=1, under the heavy lock, on a quiet machine): the bounds are the servers'
 * true behaviour plus a few ms, and a 2-core machine at load 12 (as on 2026-12-01 23:40) misses
 * them by tens of ms; at load ~6 the in-flight-cap and first-byte cases passed.
 */
const OPT_IN = process.env.PARTS_TRUTH === '1' ? {} : { skip: 'timing truth tests: run with PARTS_TRUTH=1' };

describe('latency in parts: truth', OPT_IN, () => {
  let server: { url: URL; close(): Promise<void> } | undefined;
  afterEach(() => server?.close());

  it('50 ms server behind an in-flight cap of 5 at 500 arrivals/s: service 50–55 ms, latency grows with the queue', async (t) => {
    // Capacity 5 / 50 ms = 100/s for 500 arrivals/s over 2 s (1,000 arrivals): send m (FIFO) goes
    // out at ⌊m/5⌋·50 ms, so about 200 are sent (latency 8m + 50 ms, queue 8m ms) and the other
    // ~800 wait until the end and are not sent (latency = queue = 2,000 − 2m ms). Ideal latency
    // p50: (x − 50)/8 + x/2 = 500 → x ≈ 810 ms, while every sent request is served in 50 ms.
    server = await serverProcess({ delay: { delayMs: 50 } });
    const s = await runLoad(
      plan(server.url, { pattern: 'rate', rate: 500, durationSeconds: 2, concurrency: 5 }),
      {
        workers: 1,
      },
    );
    const { serviceTime, queueWait, ttfb } = s.overall.parts;
    const sent = s.overall.counts.requests - (s.overall.counts.errorKinds['not_sent'] ?? 0);
    // node:http writes the head with the body after the 50 ms: the first byte is the last
    assert.equal(ttfb.count, sent);
    t.diagnostic(`sent ${sent}; service ${pcts(serviceTime)}; ttfb ${pcts(ttfb)}`);
    t.diagnostic(`latency ${pcts(s.overall.latency)}; queue ${pcts(queueWait)}`);
    within(ttfb.percentileMs(50), 50, 55, `ttfb p50 (${pcts(ttfb)})`);
    assert.equal(s.overall.counts.requests, 1000);
    assert.equal(serviceTime.count, sent);
    within(sent, 190, 205, 'sent');
    within(serviceTime.percentileMs(50), 50, 55, `service p50 (${pcts(serviceTime)})`);
    within(serviceTime.percentileMs(95), 50, 58, `service p95 (${pcts(serviceTime)})`);
    within(s.overall.latency.percentileMs(50), 760, 860, `latency p50 (${pcts(s.overall.latency)})`);
    within(queueWait.percentileMs(50), 750, 850, `queue p50 (${pcts(queueWait)})`);
    assert.equal(queueWait.count, 1000); // every arrival waited, sent or not
  });

  it('queue wait explains the rest: latency − queue wait lies within the service times at p50 and p95', async (t) => {
    // Arrivals start at 500/s and ramp down to 1/s over 0.5 s (Λ(t) = 500t − 499t², Λ(0.5 s) ≈ 125
    // arrivals), then 1/s: the cap of 5 at 50 ms (100/s) drains the queue by ~1.3 s, so every
    // arrival is sent and latency = queue wait + service time request by request. The median
    // arrival (n = 63) is due at 0.148 s and sent at ⌊63/5⌋·50 = 600–660 ms (the 50 ms plus a
    // little per round): latency p50 ≈ 500–565 ms, ten times the service time.
    server = await serverProcess({ delay: { delayMs: 50 } });
    const s = await runLoad(
      plan(server.url, {
        pattern: 'ramp-rate',
        startRate: 500,
        rate: 1,
        rampUpSeconds: 0.5,
        durationSeconds: 2,
        concurrency: 5,
      }),
      { workers: 1 },
    );
    const { serviceTime, queueWait } = s.overall.parts;
    const latency = s.overall.latency;
    assert.equal(s.overall.counts.errors, 0);
    assert.equal(serviceTime.count, latency.count);
    assert.equal(queueWait.count, latency.count);
    const detail = `latency ${pcts(latency)}; queue ${pcts(queueWait)}; service ${pcts(serviceTime)}`;
    t.diagnostic(detail);
    within(serviceTime.percentileMs(50), 50, 55, `service p50 (${detail})`);
    within(latency.percentileMs(50), 500, 620, `latency p50 grows with the queue (${detail})`);
    // Request by request latency = queue wait + service time, so the k-th smallest latency lies
    // between the k-th smallest queue wait plus the smallest and plus the largest service time:
    // latency pN − queue pN ∈ [service min, service max] (the two percentiles need not come from
    // the same request, so "= service pN" is not an identity). Slack: two HDR buckets at the
    // latency's magnitude (3 significant digits).
    for (const p of [50, 95]) {
      const rest = latency.percentileMs(p) - queueWait.percentileMs(p);
      const slack = 0.002 * latency.percentileMs(p) + 0.1;
      within(
        rest,
        serviceTime.minMs - slack,
        serviceTime.maxMs + slack,
        `p${p}: latency − queue (service min ${serviceTime.minMs}, max ${serviceTime.maxMs}; ${detail})`,
      );
    }
  });

  it('time to first byte: a head sent at once and a body 40 ms later → ttfb ≈ 0, service ≈ 40 ms', async (t) => {
    server = await serverProcess({ headThenTail: { tailMs: 40 } });
    const s = await runLoad(
      plan(server.url, { pattern: 'rate', rate: 100, durationSeconds: 1, concurrency: 20 }),
      { workers: 1 },
    );
    const { serviceTime, ttfb } = s.overall.parts;
    t.diagnostic(`ttfb ${pcts(ttfb)}; service ${pcts(serviceTime)}`);
    assert.equal(s.overall.counts.errors, 0);
    assert.equal(ttfb.count, 100);
    within(ttfb.percentileMs(50), 0, 3, `ttfb p50 (${pcts(ttfb)})`);
    within(ttfb.percentileMs(95), 0, 8, `ttfb p95 (${pcts(ttfb)})`);
    within(serviceTime.percentileMs(50), 40, 45, `service p50 (${pcts(serviceTime)})`);
  });

  it('stall target (2 s every 10 s at 500/s): latency p99 ≈ 1.9 s, and the service time shows the same stall', async (t) => {
    // One stall [4 s, 6 s) of a 10 s run: a fifth of the arrivals wait uniformly 0..2 s, so
    // P(x ≤ t) = 0.8 + 0.1·t (t in s): p95 = 1.5 s, p99 = 1.9 s. The cap (1,500) never fills
    // (≤ ~1,000 in flight during the stall): the wait is the server's, not the generator's.
    server = await serverProcess({ stall: { periodMs: 10_000, stallMs: 2000, offsetMs: 4000 } });
    const s = await runLoad(
      plan(server.url, {
        pattern: 'rate',
        rate: 500,
        durationSeconds: 10,
        concurrency: 1500,
        timeoutMs: 5000,
      }),
      {
        workers: 1,
      },
    );
    const { serviceTime, queueWait } = s.overall.parts;
    const latency = s.overall.latency;
    assert.equal(s.overall.counts.requests, 5000);
    assert.equal(s.overall.counts.errors, 0);
    const detail = `latency ${pcts(latency)}; service ${pcts(serviceTime)}; queue ${pcts(queueWait)}`;
    t.diagnostic(`${detail}; ttfb ${pcts(s.overall.parts.ttfb)}`);
    within(latency.percentileMs(99), 1860, 1960, `latency p99 (${detail})`);
    within(serviceTime.percentileMs(99), 1860, 1960, `service p99 (${detail})`);
    within(latency.percentileMs(95), 1460, 1560, `latency p95 (${detail})`);
    within(serviceTime.percentileMs(95), 1460, 1560, `service p95 (${detail})`);
    within(queueWait.percentileMs(99), 0, 10, `queue p99 (${detail})`);
    within(s.overall.parts.ttfb.percentileMs(99), 1860, 1960, `ttfb p99 (${detail})`);
  });
});
