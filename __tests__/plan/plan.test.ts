import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { joinPath, describePlan } from '../../src/plan/plan.js';
import { endpoint, plan } from '../engine/helpers.js';

describe('joinPath', () => {
  const cases: [string, string, string][] = [
    ['http://h/', '/users', '/users'],
    ['http://h/api', '/users?x=1', '/api/users?x=1'],
    ['http://h/api/', 'users', '/api/users'],
    ['http://h/api?k=v', '/users', '/api/users?k=v'],
    ['http://h/health', '/', '/health'],
    ['http://h/api/', '/', '/api/'],
    ['http://h/search?q=1', '/', '/search?q=1'],
    ['http://h', '/', '/'],
  ];
  for (const [target, path, expected] of cases) {
    it(`${target} + ${path} → ${expected}`, () => assert.equal(joinPath(new URL(target), path), expected));
  }
});

describe('describePlan', () => {
  const url = new URL('http://127.0.0.1:8080');
  it('ramp-up with warm-up', () => {
    const lines = describePlan(
      plan(url, {
        pattern: 'ramp-up',
        startConcurrency: 10,
        concurrency: 500,
        rampUpSeconds: 30,
        durationSeconds: 90,
        warmUpSeconds: 10,
      }),
    );
    assert.equal(lines[1], 'ramp-up 10 → 500 users over 30s, then hold 60s');
    assert.ok(lines.includes('warm-up 10s excluded from SLOs; measured window 80s'));
    assert.ok(lines.includes('connections opened over 49.9 ms (one user every 100 µs)'));
  });
  it('rate mode states the total and the in-flight cap', () => {
    const lines = describePlan(
      plan(url, { pattern: 'rate', rate: 5000, concurrency: 200, durationSeconds: 60 }),
    );
    assert.equal(
      lines[1],
      'arrival rate 5,000 req/s for 60s = 300,000 requests, at most 200 in flight (the rest queue; their wait counts as latency)',
    );
  });
  it('says when the burst is capped', () => {
    const lines = describePlan(
      plan(url, {
        pattern: 'burst',
        concurrency: 100,
        burst: { base: 10, peak: 300, spikeSeconds: 5, periodSeconds: 20 },
        durationSeconds: 60,
      }),
    );
    assert.equal(lines[1], 'burst 10 users, 100 users during the last 5s of every 20s, for 60s');
    assert.equal(lines[2], 'burst levels 10/300 capped at concurrency 100');
  });
  it('endpoint mix in percent', () => {
    const lines = describePlan(
      plan(url, {}, [
        endpoint({ name: 'a', path: '/a', weight: 3 }),
        endpoint({ name: 'b', path: '/b', weight: 1 }),
      ]),
    );
    assert.equal(lines[0], 'target http://127.0.0.1:8080 · 2 endpoint(s): a GET /a 75%, b GET /b 25%');
  });
  it('an endpoint without a name of its own is printed once, not "GET / GET /"', () => {
    const lines = describePlan(plan(url, {}, [endpoint({ name: 'GET /', path: '/' })]));
    assert.equal(lines[0], 'target http://127.0.0.1:8080 · 1 endpoint(s): GET / 100%');
  });
});

describe('request timeouts: an endpoint’s own, else the load’s', () => {
  const url = new URL('http://127.0.0.1:8080');
  const timeoutLines = (lines: string[]) => lines.slice(lines.findIndex((l) => l.startsWith('per-request')));
  it('the load’s alone: one line, as before', () => {
    assert.deepEqual(timeoutLines(describePlan(plan(url, { timeoutMs: 10_000 }))), [
      'per-request timeout 10,000 ms',
    ]);
  });
  it('phases on the load line; an endpoint line only where its own differ', () => {
    const lines = describePlan(
      plan(url, { timeoutMs: 10_000, connectTimeoutMs: 2_000 }, [
        endpoint({ name: 'home', path: '/' }),
        endpoint({ name: 'search', path: '/s', firstByteTimeoutMs: 500 }),
        endpoint({ name: 'export', path: '/e', timeoutMs: 60_000, connectTimeoutMs: 5_000 }),
        // its own value equal to the load's: nothing to say
        endpoint({ name: 'same', path: '/x', timeoutMs: 10_000 }),
        // a load phase not shorter than the endpoint's own total never fires: not shown
        endpoint({ name: 'quick', path: '/q', timeoutMs: 1_000 }),
      ]),
    );
    assert.deepEqual(timeoutLines(lines), [
      'per-request timeout 10,000 ms (connect 2,000 ms)',
      'search: its own timeout 10,000 ms (connect 2,000 ms, first byte 500 ms)',
      'export: its own timeout 60,000 ms (connect 5,000 ms)',
      'quick: its own timeout 1,000 ms',
    ]);
  });
});
