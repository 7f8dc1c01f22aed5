// Pushgateway reporter against a real prometheus-pushgateway on loopback.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPushgateway, scrape, type Pushgateway } from '../__fixtures__/pushgateway.js';
import { failReport, manyEndpointsReport, nastyReport, passReport } from '../__fixtures__/report-fixtures.js';
import { gatewayEndpoint, pushMetrics } from '../../src/report/pushgateway.js';
import { groupingPath, renderExposition } from '../../src/report/exposition.js';
import { listen, readBody, type Listening } from '../__fixtures__/http-fake.js';
import { Metrics } from '../../src/constants.js';
import { MAX_METRIC_ENDPOINTS } from '../../src/report/names.js';

describe('groupingPath', () => {
  const cases: Array<[string, Array<[string, string]>, string]> = [
    [
      'plain values',
      [
        ['job', 'slo_loadtest'],
        ['target', 'api.example.com:8443'],
      ],
      'job/slo_loadtest/target/api.example.com%3A8443',
    ],
    ['slash → base64url', [['environment', 'prod/eu']], 'environment@base64/cHJvZC9ldQ'],
    ['empty → =', [['stage', '']], 'stage@base64/='],
  ];
  for (const [name, key, expected] of cases) it(name, () => assert.equal(groupingPath(key), expected));
});

describe('renderExposition', () => {
  it('caps per-endpoint series at 50 and uses no path or URL labels', () => {
    const text = renderExposition(manyEndpointsReport(500), 'j');
    const p95 = text.split('\n').filter((l) => l.startsWith(`${Metrics.LatencyP95}{`));
    assert.equal(p95.length, MAX_METRIC_ENDPOINTS);
    assert.ok(!/path=|url=|target=/.test(text));
  });
});

describe('pushMetrics → real pushgateway', () => {
  let pg: Pushgateway;
  before(async () => (pg = await startPushgateway()));
  after(() => pg.stop());

  /** A series as the gateway prints it: labels sorted by name. */
  const series = (name: string, env: string, runId: string, extra: Record<string, string> = {}) => {
    const labels: Record<string, string> = {
      environment: env,
      instance: '',
      job: 'slo_loadtest',
      run_id: runId,
      target: 'staging.example.com',
      ...extra,
    };
    const body = Object.keys(labels)
      .sort()
      .map((k) => `${k}="${labels[k]}"`)
      .join(',');
    return `${name}{${body}}`;
  };

  it('PUTs the run group and every scraped value equals the report', async () => {
    const res = await pushMetrics(failReport, { url: pg.url, job: 'slo_loadtest', deleteAfter: false });
    assert.equal(
      res.group,
      '/metrics/job/slo_loadtest/environment/production/target/staging.example.com/run_id/987654',
    );
    const m = scrape(await (await fetch(new URL('metrics', pg.url))).text(), 'loadtest_');
    const g = (name: string, extra: Record<string, string> = {}) =>
      series(name, 'production', '987654', extra);
    const expect: Array<[string, number]> = [
      [g(Metrics.LatencyP95), 310.5],
      [g(Metrics.LatencyP50), 90],
      [g(Metrics.LatencyP99), 650],
      [g(Metrics.Throughput), 1000],
      [g(Metrics.ErrorRate), 1.5],
      [g(Metrics.Requests), 60000],
      [g(Metrics.Errors), 900],
      [g(Metrics.SloPassed), 0],
      [g(Metrics.LatencyP95, { endpoint: 'get user' }), 135],
      [g(Metrics.SloLimit, { slo: 'p95 < 250ms' }), 250],
      [g(Metrics.SloActual, { slo: 'p95 < 250ms' }), 310.5],
      [g(Metrics.SloObjectivePassed, { slo: 'p95 < 250ms' }), 0],
      [g(Metrics.SloObjectivePassed, { slo: 'p50 < 100ms' }), 1],
      [g(Metrics.SloLimit, { slo: 'p99 /users < 400ms' }), 400],
    ];
    for (const [series, value] of expect) assert.equal(m.get(series), value, series);
    assert.equal(
      m.get(g(Metrics.SloActual, { slo: 'p99 /users < 400ms' })),
      undefined,
      'not measured → absent',
    );
  });

  it('accepts nasty label values and base64-encodes a target without a URL host', async () => {
    await pushMetrics(
      { ...nastyReport, target: 'not a url/with slash', run: { ...nastyReport.run, runId: null } },
      { url: pg.url, job: 'slo_loadtest', deleteAfter: false },
    );
    const text = await (await fetch(new URL('metrics', pg.url))).text();
    assert.ok(text.includes('run_id="local",target="not a url/with slash"'));
    assert.ok(
      text.includes(
        'endpoint="a|b <script>alert(1)</script> `rm -rf` & \\"q\\" \'s\'\\nnew line ]]> --> \u0001"',
      ),
    );
  });

  it('deleteAfter removes earlier runs of the same job/environment/target, keeps this run and others', async () => {
    const run = (runId: string) => ({ ...passReport, run: { ...passReport.run, runId } });
    await pushMetrics(run('1'), { url: pg.url, job: 'slo_loadtest', deleteAfter: false });
    await pushMetrics(run('2'), { url: pg.url, job: 'slo_loadtest', deleteAfter: false });
    const res = await pushMetrics(run('3'), { url: pg.url, job: 'slo_loadtest', deleteAfter: true });
    assert.equal(res.deleted, 2);
    const m = scrape(await (await fetch(new URL('metrics', pg.url))).text(), Metrics.SloPassed);
    assert.deepEqual(
      [...m.keys()].filter((k) => k.includes('environment="staging"')),
      [series(Metrics.SloPassed, 'staging', '3')],
    );
    assert.ok(
      [...m.keys()].some((k) => k.includes('run_id="987654"')),
      'other environment untouched',
    );
  });

  it('pushes through a URL with credentials (sent as Basic auth, not in the URL)', async () => {
    const url = new URL(pg.url);
    url.username = 'pusher';
    url.password = 'hunter2';
    const res = await pushMetrics(
      { ...passReport, run: { ...passReport.run, runId: 'creds' } },
      { url, job: 'slo_loadtest', deleteAfter: true },
    );
    assert.equal(
      res.group,
      '/metrics/job/slo_loadtest/environment/staging/target/staging.example.com/run_id/creds',
    );
    const m = scrape(await (await fetch(new URL('metrics', pg.url))).text(), Metrics.SloPassed);
    assert.equal(m.get(series(Metrics.SloPassed, 'staging', 'creds')), 1);
  });

  it('throws a descriptive error when the gateway rejects the push', async () => {
    const dup = { ...passReport, slos: [passReport.slos[0]], endpoints: [] };
    const bad = await pushMetrics(dup, {
      url: new URL('metrics-nope/', pg.url),
      job: 'x',
      deleteAfter: false,
    }).catch((e: Error) => e);
    assert.ok(bad instanceof Error && /^Pushgateway push failed: HTTP 404/.test(bad.message), String(bad));
  });
});

describe('pushMetrics with credentials in the URL (http fake)', () => {
  const PASSWORD = 's3cr:t/p@ss';
  let fake: Listening;
  const seen: Array<{ method: string; url: string; authorization: string | undefined; body: string }> = [];
  let status = 200;
  before(async () => {
    fake = await listen(async (req, res) => {
      const body = (await readBody(req)).toString();
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body,
      });
      if (req.url === '/gw/api/v1/metrics') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"status":"success","data":[]}');
      }
      // A gateway (or proxy) that echoes what it got must not leak the password either.
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(
        status === 200
          ? ''
          : `denied ${req.headers.authorization} ${PASSWORD} ${encodeURIComponent(PASSWORD)}`,
      );
    });
  });
  after(() => fake.close());

  const withCreds = (base: URL) => {
    const u = new URL('gw/', base);
    u.username = 'push er';
    u.password = PASSWORD;
    return u;
  };

  it('strips the credentials from the URL and sends Authorization: Basic base64(user:pass)', async () => {
    seen.length = 0;
    status = 200;
    const url = withCreds(fake.url);
    assert.ok(url.href.includes('@'), 'the URL does carry credentials');
    await pushMetrics(passReport, { url, job: 'j', deleteAfter: true });
    const expected = `Basic ${Buffer.from(`push er:${PASSWORD}`).toString('base64')}`;
    assert.deepEqual(
      seen.map((r) => [r.method, r.url.split('/').slice(0, 4).join('/'), r.authorization]),
      [
        ['PUT', '/gw/metrics/job', expected],
        ['GET', '/gw/api/v1', expected],
      ],
    );
    assert.ok(seen[0].body.includes(Metrics.SloPassed));
  });

  it('never puts the password in a thrown message: HTTP error with an echoing body', async () => {
    status = 401;
    const err = await pushMetrics(passReport, {
      url: withCreds(fake.url),
      job: 'j',
      deleteAfter: false,
    }).catch((e: Error) => e);
    assert.ok(err instanceof Error);
    assert.match(err.message, /^Pushgateway push failed: HTTP 401 \(denied Basic /);
    assert.ok(!err.message.includes(PASSWORD), err.message);
    assert.ok(!err.message.includes(encodeURIComponent(PASSWORD)), err.message);
  });

  it('never puts the password in a thrown message: connection refused', async () => {
    const closed = await listen(() => undefined);
    const url = withCreds(closed.url);
    await closed.close();
    const err = await pushMetrics(passReport, { url, job: 'j', deleteAfter: false }).catch((e: Error) => e);
    assert.ok(err instanceof Error);
    assert.equal(err.message, 'Pushgateway push failed: ECONNREFUSED');
  });

  it('gatewayEndpoint: no credentials → no header; credentials kept out of the base URL', () => {
    assert.deepEqual(gatewayEndpoint(new URL('http://gw:9091/')), {
      base: 'http://gw:9091',
      headers: {},
      secrets: [],
    });
    const e = gatewayEndpoint(new URL('https://u:p%40ss@gw.example/prefix/'));
    assert.equal(e.base, 'https://gw.example/prefix');
    assert.deepEqual(e.headers, { authorization: `Basic ${Buffer.from('u:p@ss').toString('base64')}` });
  });
});
