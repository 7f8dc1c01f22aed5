import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildHealth, type HealthInputs } from '../../src/engine/health.js';

const healthy: HealthInputs = {
  workers: 1,
  intended: null,
  sent: 50_000,
  queued: 0,
  lagP99Ms: 2,
  eventLoopP99Ms: 12,
  cpuPercent: 80,
  concurrency: 10_000,
  measuredSeconds: 10,
  generatorErrors: 0,
};

describe('buildHealth', () => {
  const cases: Array<[string, Partial<HealthInputs>, string[]]> = [
    ['a generator that keeps up has no reasons', {}, []],
    [
      'closed model: users kept waiting by the generator make the run untrustworthy',
      { lagP99Ms: 150.04 },
      [
        'users waited p99 150.04 ms > 25 ms in the generator before their next request: it could not keep 10,000 users busy',
      ],
    ],
    [
      'open model: sends behind schedule',
      { intended: 50_000, sent: 50_000, lagP99Ms: 40 },
      ['scheduling lag p99 40 ms > 25 ms: the generator fell behind its schedule'],
    ],
    [
      'open model: arrivals not sent',
      { intended: 50_000, sent: 39_000, queued: 11_000, concurrency: 100 },
      [
        'achieved 3,900 of 5,000 intended req/s (78%); 11,000 arrivals waited for one of the 100 in-flight places',
      ],
    ],
    [
      'an overloaded event loop',
      { eventLoopP99Ms: 320 },
      ['event-loop delay p99 320 ms > 100 ms: the generator is overloaded'],
    ],
    [
      'closed model: requests failed in the generator (EMFILE, EADDRNOTAVAIL, …)',
      { generatorErrors: 1_234 },
      [
        '1,234 requests failed in the generator itself (out of file descriptors or local ports): raise ulimit -n or lower the users',
      ],
    ],
    [
      'open model: a single request failed in the generator',
      { intended: 50_000, sent: 50_000, generatorErrors: 1 },
      [
        '1 request failed in the generator itself (out of file descriptors or local ports): raise ulimit -n or lower concurrency (the in-flight cap)',
      ],
    ],
  ];
  for (const [name, inputs, reasons] of cases) {
    it(name, () => {
      assert.deepEqual(buildHealth({ ...healthy, ...inputs }).saturatedReasons, reasons);
    });
  }
});
