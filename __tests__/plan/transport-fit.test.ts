// HTTP/2 connections fitted to the server's stream limit (SETTINGS_MAX_CONCURRENT_STREAMS, read by
// the pre-flight check): the default is raised to fit, connections the user set that do not fit
// are an input error, every runner shard reaches the same answer, and canary arms share one fit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromText } from '../../src/config/load.js';
import { commonTransport, fitH2Connections, planTransport } from '../../src/plan/transport.js';

const NO_PROXY = { httpsProxy: null, httpProxy: null, noProxy: null };
const TARGET = new URL('https://app.test/');

async function h2Plan(users: number, connections?: number) {
  const http = connections === undefined ? '{ version: 2 }' : `{ version: 2, connections: ${connections} }`;
  const config = configFromText(`load: { concurrency: ${users}, duration: 1s }\nhttp: ${http}\n`, {
    path: 'perf.yml',
    explicit: true,
    environment: 'staging',
    overrides: {},
    env: {},
  });
  return { config, plan: await planTransport(TARGET, config, NO_PROXY) };
}

describe('fitH2Connections', () => {
  const cases: Array<{
    name: string;
    users: number;
    connections?: number;
    runners?: number;
    limit: number | null;
    fitted: number;
    line: string | null;
  }> = [
    { name: 'no limit announced: unchanged', users: 300, limit: null, fitted: 3, line: null },
    { name: 'the default fits nginx (128): unchanged', users: 300, limit: 128, fitted: 3, line: null },
    {
      name: 'the default raised for a server allowing 64',
      users: 300,
      limit: 64,
      fitted: 5,
      line: 'HTTP/2: app.test allows 64 concurrent streams per connection, so 300 users go over 5 connections (up to 60 streams each) instead of the default 3',
    },
    {
      name: 'a limit of 1: one connection per user',
      users: 7,
      limit: 1,
      fitted: 7,
      line: 'HTTP/2: app.test allows 1 concurrent stream per connection, so 7 users go over 7 connections (up to 1 stream each) instead of the default 1',
    },
    {
      name: 'runner shards: the busiest shard decides (25 users over 3 connections on 2 runners: 13 over 2 and 12 over 1)',
      users: 25,
      runners: 2,
      limit: 10,
      fitted: 4,
      line: 'HTTP/2: app.test allows 10 concurrent streams per connection, so 25 users go over 4 connections split over 2 runner shards (up to 7 streams each) instead of the default 1',
    },
    {
      name: 'connections the user set that fit: unchanged',
      users: 300,
      connections: 3,
      limit: 100,
      fitted: 3,
      line: null,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { config, plan } = await h2Plan(c.users, c.connections);
      const { plan: fitted, line } = fitH2Connections(plan, config, c.runners ?? 1, c.limit, 'app.test');
      assert.deepEqual(
        [fitted.spec.connections, fitted.facts.connections, fitted.spec.maxStreams, line],
        [c.fitted, c.fitted, c.limit, c.line],
      );
    });
  }

  it('connections the user set that do not fit: an input error naming the number that does', async () => {
    const { config, plan } = await h2Plan(300, 2);
    assert.throws(() => fitH2Connections(plan, config, 1, 128, 'app.test'), {
      name: 'InputError',
      message:
        'connections 2: app.test allows 128 concurrent streams per connection, and 300 users over 2 connections would be up to 150 streams each — the streams over the limit would wait in this client, not at the server; set connections to at least 3',
    });
  });

  it('a server that allows no streams at all: an input error, not a search that never ends', async () => {
    const { config, plan } = await h2Plan(10);
    assert.throws(() => fitH2Connections(plan, config, 1, 0, 'app.test'), {
      name: 'InputError',
      message:
        'http-version 2: app.test allows no concurrent streams (SETTINGS_MAX_CONCURRENT_STREAMS 0): it takes no requests now; the load was not started',
    });
  });

  it('HTTP/1.1: nothing to fit', async () => {
    const config = configFromText('load: { concurrency: 10, duration: 1s }\n', {
      path: 'perf.yml',
      explicit: true,
      environment: 'staging',
      overrides: {},
      env: {},
    });
    const plan = await planTransport(TARGET, config, NO_PROXY);
    assert.equal(fitH2Connections(plan, config, 1, 1, 'app.test').plan, plan);
  });
});

describe('commonTransport (canary arms)', () => {
  it('both arms take the larger connection count and the smaller stream limit', async () => {
    const { config, plan } = await h2Plan(300);
    const canary = fitH2Connections(plan, config, 1, 128, 'canary.test').plan;
    const baseline = fitH2Connections(plan, config, 1, 64, 'prod.test').plan;
    const [a, b] = commonTransport(canary, baseline);
    assert.deepEqual(
      [
        a.spec.connections,
        a.spec.maxStreams,
        a.facts.connections,
        b.spec.connections,
        b.spec.maxStreams,
        b.facts.connections,
      ],
      [5, 64, 5, 5, 64, 5],
    );
  });
});
