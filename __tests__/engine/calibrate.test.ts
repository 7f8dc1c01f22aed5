// Calibration: the planned peak, steady, against the null server; what it reports is what ran.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calibrate, calibrationLoad } from '../../src/engine/calibrate.js';
import { describeCalibration } from '../../src/report/calibration.js';
import { startNullServer } from '../../src/engine/null-server.js';
import { MAX_SCHEDULING_LAG_P99_MS } from '../../src/engine/health.js';
import { load } from './helpers.js';

describe('calibrationLoad', () => {
  const cases: Array<[string, Parameters<typeof load>[0], Partial<ReturnType<typeof calibrationLoad>>]> = [
    [
      'rate: the same rate and cap, 10 s + 1 s warm-up',
      { pattern: 'rate', rate: 800, concurrency: 40, durationSeconds: 300, warmUpSeconds: 30 },
      { pattern: 'rate', rate: 800, concurrency: 40, durationSeconds: 11, warmUpSeconds: 1 },
    ],
    [
      'ramp-rate: its target (peak) rate, steady',
      {
        pattern: 'ramp-rate',
        startRate: 10,
        rate: 500,
        rampUpSeconds: 60,
        concurrency: 100,
        durationSeconds: 120,
      },
      { pattern: 'rate', rate: 500, startRate: null, rampUpSeconds: 0, durationSeconds: 11 },
    ],
    [
      'burst: its peak users, sustained; a short plan stays short',
      {
        pattern: 'burst',
        concurrency: 500,
        burst: { base: 50, peak: 400, spikeSeconds: 5, periodSeconds: 30 },
        durationSeconds: 4,
      },
      { pattern: 'sustained', concurrency: 400, rate: null, burst: null, durationSeconds: 5 },
    ],
  ];
  for (const [name, planned, expected] of cases) {
    it(name, () => {
      const got = calibrationLoad(load(planned));
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(got[k as keyof typeof got], v, k);
    });
  }
});

describe('null server', () => {
  it('answers pipelined requests one response each, 204 keep-alive', async () => {
    const server = await startNullServer();
    try {
      const { connect } = await import('node:net');
      const socket = connect(Number(server.url.port), '127.0.0.1');
      const text = await new Promise<string>((resolve) => {
        let got = '';
        socket.on('data', (b) => {
          got += b.toString('latin1');
          if (got.split('HTTP/1.1 204').length - 1 === 3) resolve(got);
        });
        const req = 'GET / HTTP/1.1\r\nHost: x\r\n\r\n';
        socket.write(req + req.slice(0, 10));
        setTimeout(() => socket.write(req.slice(10) + req), 20);
      });
      socket.destroy();
      assert.equal(text, 'HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n'.repeat(3));
      assert.equal(server.answered, 3);
    } finally {
      await server.close();
    }
  });
});

describe('calibrate', () => {
  it('200 arrivals/s for 1 s after a 1 s warm-up: 200 measured requests, a sub-ms floor at p50, named', async () => {
    const c = await calibrate(load({ pattern: 'rate', rate: 200, concurrency: 10, durationSeconds: 1 }), {
      workers: 1,
    });
    assert.equal(c.pattern, 'rate');
    assert.equal(c.rate, 200);
    assert.equal(c.requests, 200);
    assert.equal(c.workers, 1);
    // a busy shared machine can make even 200/s late: then the calibration must say so
    assert.equal(
      c.saturatedReasons.some((r) => r.startsWith('scheduling lag p99')),
      c.schedulingLagP99Ms > MAX_SCHEDULING_LAG_P99_MS,
      c.saturatedReasons.join('; '),
    );
    assert.ok(c.latencyMs.p50! >= 0 && c.latencyMs.p50! < 5, `latency p50 ${c.latencyMs.p50}`);
    assert.ok(c.serviceTimeMs.p50! <= c.latencyMs.p50!, 'service time ≤ latency');
    assert.match(
      describeCalibration(c),
      /^Calibration \(null server on loopback, 200 arrivals\/s, at most 10 in flight, 1 s, 1 worker, 200 requests\): the generator's own latency floor p50 [\d.]+ ms, p99 [\d.,]+ ms \(service time p50 [\d.]+ ms, p99 [\d.,]+ ms\); scheduling lag p99 [\d.,]+ ms, event-loop delay p99 [\d.,]+ ms( — the generator could not keep up even with nothing to wait for: .+)?$/,
    );
  });
});
