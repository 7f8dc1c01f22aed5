// Valid configs: exact resolved values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CANARY_POLICY } from '../../src/config/canary-defaults.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { configFromText, loadConfig, type LoadConfigOptions } from '../../src/config/load.js';
import type { LoadConfig, SloSpec, TransportConfig } from '../../src/config/types.js';

const DIR = '__tests__/__fixtures__/configs';
const DEFAULT_TRANSPORT: TransportConfig = {
  httpVersion: '1.1',
  connections: null,
  resolve: [],
  proxy: null,
  tls: {
    caCert: null,
    clientCert: null,
    clientKey: null,
    servername: null,
    insecure: false,
    minVersion: null,
  },
};
/** What a file without canary/rollout/stages resolves to: the judge's defaults, no rollout, no stage. */
const NO_CANARY_CONFIG = {
  canary: {
    metrics: DEFAULT_CANARY_POLICY.metrics,
    scorePass: 95,
    scoreMarginal: 75,
    confidencePercent: 95,
    resamples: 1000,
    seed: 1,
    onMarginal: 'hold',
    onInconclusive: 'hold',
    autoRollback: null,
  },
  rollout: null,
  stage: null,
} as const;

const ENV = { TOKEN: 'tok-123', SOURCE: 'ci' };
const OK_2XX_3XX = Array.from({ length: 200 }, (_, i) => 200 + i);

function options(file: string, extra: Partial<LoadConfigOptions> = {}): LoadConfigOptions {
  return {
    path: `${DIR}/${file}`,
    explicit: true,
    environment: 'staging',
    overrides: {},
    env: ENV,
    ...extra,
  };
}
const pct = (percentile: number, limit: number, endpoint: string | null = null): SloSpec => ({
  name: `${endpoint === null ? '' : endpoint + ' '}p${percentile} latency`,
  metric: { kind: 'latency', stat: 'percentile', percentile },
  bound: 'max',
  limit,
  endpoint,
});
const stat = (s: 'max' | 'mean', limit: number, endpoint: string | null = null): SloSpec => ({
  name: `${endpoint === null ? '' : endpoint + ' '}${s} latency`,
  metric: { kind: 'latency', stat: s },
  bound: 'max',
  limit,
  endpoint,
});
const errorRate = (limit: number, endpoint: string | null = null): SloSpec => ({
  name: `${endpoint === null ? '' : endpoint + ' '}error rate`,
  metric: { kind: 'error_rate' },
  bound: 'max',
  limit,
  endpoint,
});
const throughput = (limit: number, endpoint: string | null = null): SloSpec => ({
  name: `${endpoint === null ? '' : endpoint + ' '}throughput`,
  metric: { kind: 'throughput' },
  bound: 'min',
  limit,
  endpoint,
});
const DEFAULT_LOAD: LoadConfig = {
  pattern: 'sustained',
  concurrency: 100,
  durationSeconds: 60,
  rate: null,
  startRate: null,
  rampUpSeconds: 0,
  startConcurrency: 1,
  burst: null,
  thinkTimeMs: 0,
  warmUpSeconds: 0,
  timeoutMs: 10_000,
  workers: null,
};
const DEFAULT_ENDPOINT = {
  name: 'GET /',
  method: 'GET',
  path: '/',
  displayPath: '/',
  headers: {},
  body: null,
  weight: 1,
  expectStatus: OK_2XX_3XX,
};
const sha = (file: string): string =>
  createHash('sha256')
    .update(readFileSync(`${DIR}/${file}`))
    .digest('hex');

test('seed shape of the original system is accepted unchanged', async () => {
  assert.deepEqual(await loadConfig(options('seed.yml')), {
    path: `${DIR}/seed.yml`,
    digest: sha('seed.yml'),
    environment: 'staging',
    load: DEFAULT_LOAD,
    endpoints: [DEFAULT_ENDPOINT],
    slos: [pct(50, 100), pct(95, 250), pct(99, 400), errorRate(0.5), throughput(1000)],
    errorClass: 'unexpected',
    abort: { enabled: false, graceSeconds: 10 },
    minSamplesFactor: 10,
    transport: DEFAULT_TRANSPORT,
    ...NO_CANARY_CONFIG,
  });
});

test('missing default file gives the built-in defaults', async () => {
  const config = await loadConfig(options('does-not-exist.yml', { explicit: false }));
  assert.equal(config.path, null);
  assert.match(config.digest, /^[0-9a-f]{64}$/);
  assert.deepEqual(
    { ...config, digest: '' },
    {
      path: null,
      digest: '',
      environment: 'staging',
      load: DEFAULT_LOAD,
      endpoints: [DEFAULT_ENDPOINT],
      slos: [pct(50, 100), pct(95, 250), pct(99, 400), errorRate(1)],
      errorClass: 'unexpected',
      abort: { enabled: false, graceSeconds: 10 },
      minSamplesFactor: 10,
      transport: DEFAULT_TRANSPORT,
      ...NO_CANARY_CONFIG,
      ...NO_CANARY_CONFIG,
    },
  );
  const again = await loadConfig(options('does-not-exist.yml', { explicit: false }));
  assert.equal(again.digest, config.digest);
});

test('full shape: every key', async () => {
  assert.deepEqual(await loadConfig(options('full.yml')), {
    path: `${DIR}/full.yml`,
    digest: sha('full.yml'),
    environment: 'staging',
    load: {
      ...DEFAULT_LOAD,
      pattern: 'burst',
      concurrency: 80,
      durationSeconds: 120,
      burst: { base: 10, peak: 80, spikeSeconds: 5, periodSeconds: 30 },
      thinkTimeMs: 50,
      warmUpSeconds: 10,
      timeoutMs: 2500,
      workers: 2,
    },
    endpoints: [
      {
        name: 'checkout',
        method: 'POST',
        path: '/api/orders?src=ci',
        displayPath: '/api/orders?src=${SOURCE}',
        headers: {
          Authorization: 'Bearer tok-123',
          'X-Literal': '${NOT_A_VAR}',
          'content-type': 'application/json',
        },
        body: '{"product":42,"note":"from ci"}',
        weight: 2.5,
        expectStatus: [200, 201],
      },
      {
        name: 'GET /health',
        method: 'GET',
        path: '/health',
        displayPath: '/health',
        headers: {},
        body: null,
        weight: 1,
        expectStatus: [204],
      },
      {
        name: 'raw',
        method: 'PUT',
        path: '/raw',
        displayPath: '/raw',
        headers: { 'Content-Type': 'text/plain' },
        body: 'hello ci',
        weight: 1,
        expectStatus: OK_2XX_3XX,
      },
    ],
    slos: [
      pct(50, 100),
      pct(99, 400),
      stat('max', 1500),
      stat('mean', 40),
      errorRate(0),
      throughput(50),
      pct(95, 300, 'checkout'),
      pct(99.9, 900, 'checkout'),
      stat('max', 2000, 'checkout'),
      stat('mean', 50, 'checkout'),
      errorRate(0.1, 'checkout'),
      throughput(20, 'checkout'),
    ],
    errorClass: '4xx+5xx',
    abort: { enabled: true, graceSeconds: 15 },
    minSamplesFactor: 5,
    transport: DEFAULT_TRANSPORT,
    ...NO_CANARY_CONFIG,
    // to mask: the ${TOKEN} value and the credential header with their encoded forms ("ci" is too short)
    secrets: ['tok-123', 'dG9rLTEyMw==', 'Bearer tok-123', 'Bearer%20tok-123', 'QmVhcmVyIHRvay0xMjM='],
  });
});

const envCases: {
  name: string;
  environment: string;
  overrides?: LoadConfigOptions['overrides'];
  load: Partial<LoadConfig>;
  endpoints: string[];
  slos: SloSpec[];
  abort: boolean;
}[] = [
  {
    name: 'empty environment block keeps the base',
    environment: 'staging',
    load: { concurrency: 20, durationSeconds: 30, warmUpSeconds: 5 },
    endpoints: ['GET /a', 'GET /b'],
    slos: [pct(95, 250), pct(99, 400), errorRate(1)],
    abort: false,
  },
  {
    name: 'production merges mappings deeply and replaces the endpoint list',
    environment: 'production',
    load: { concurrency: 200, durationSeconds: 30, warmUpSeconds: 5 },
    endpoints: ['only'],
    slos: [pct(95, 250), pct(99, 300), errorRate(1)],
    abort: true,
  },
  {
    name: 'overrides win over the environment',
    environment: 'production',
    overrides: { concurrency: 7, durationSeconds: 90, abortOnBreach: false, pattern: 'rate', rate: 40 },
    load: { concurrency: 7, durationSeconds: 90, warmUpSeconds: 5, pattern: 'rate', rate: 40 },
    endpoints: ['only'],
    slos: [pct(95, 250), pct(99, 300), errorRate(1)],
    abort: false,
  },
];

for (const c of envCases) {
  test(`environments: ${c.name}`, async () => {
    const config = await loadConfig(
      options('environments.yml', { environment: c.environment, overrides: c.overrides ?? {} }),
    );
    assert.equal(config.environment, c.environment);
    assert.deepEqual(config.load, { ...DEFAULT_LOAD, ...c.load });
    assert.deepEqual(
      config.endpoints.map((e) => e.name),
      c.endpoints,
    );
    assert.deepEqual(config.slos, c.slos);
    assert.equal(config.abort.enabled, c.abort);
  });
}

test('no environments block: any environment name is accepted', async () => {
  assert.equal((await loadConfig(options('seed.yml', { environment: 'anything' }))).environment, 'anything');
});

test('pattern defaults: ramp-up ramps over the whole duration, ramp-rate starts at 0', async () => {
  const rampUp = await loadConfig(
    options('does-not-exist.yml', { explicit: false, overrides: { pattern: 'ramp-up' } }),
  );
  assert.deepEqual(rampUp.load, { ...DEFAULT_LOAD, pattern: 'ramp-up', rampUpSeconds: 60 });
  const rampRate = await loadConfig(
    options('does-not-exist.yml', {
      explicit: false,
      overrides: { pattern: 'ramp-rate', rate: 100, durationSeconds: 30 },
    }),
  );
  assert.deepEqual(rampRate.load, {
    ...DEFAULT_LOAD,
    pattern: 'ramp-rate',
    rate: 100,
    startRate: 0,
    durationSeconds: 30,
    rampUpSeconds: 30,
  });
});

test("this run's overrides apply to the selected environment only", () => {
  const text =
    'load: { duration: 60s }\nenvironments:\n  staging: {}\n  production:\n    load: { warm_up: 10s }\n';
  const staging = configFromText(
    text,
    options('perf.yml', { environment: 'staging', overrides: { durationSeconds: 6 } }),
  );
  assert.equal(staging.load.durationSeconds, 6);
  assert.throws(
    () =>
      configFromText(
        text,
        options('perf.yml', { environment: 'production', overrides: { durationSeconds: 6 } }),
      ),
    {
      message:
        '__tests__/__fixtures__/configs/perf.yml:5:22: load.warm_up: expected less than load.duration (6s), got 10s',
    },
  );
});

test('displayPath keeps ${VAR} unexpanded (secrets stay out of logs); path is what is sent', () => {
  const config = configFromText(
    'endpoints:\n  - path: "/search?key=${TOKEN}&q=1"\n  - path: "/lit/$${X}"\n',
    options('perf.yml'),
  );
  assert.deepEqual(
    config.endpoints.map((e) => [e.name, e.path, e.displayPath]),
    [
      ['GET /search?key=${TOKEN}&q=1', '/search?key=tok-123&q=1', '/search?key=${TOKEN}&q=1'],
      ['GET /lit/$${X}', '/lit/${X}', '/lit/$${X}'],
    ],
  );
});

test('overrides the resolved pattern uses are accepted', () => {
  const text = 'load: { pattern: ramp-rate, rate: 10 }\n';
  const config = configFromText(text, options('perf.yml', { overrides: { rate: 50, rampUpSeconds: 20 } }));
  assert.deepEqual([config.load.rate, config.load.rampUpSeconds], [50, 20]);
  const burst = { base: 1, peak: 5, spikeSeconds: 2, periodSeconds: 10 };
  const bursty = configFromText(
    'load: {}\n',
    options('perf.yml', { overrides: { pattern: 'burst', burst } }),
  );
  assert.deepEqual(bursty.load.burst, burst);
});

test('file keys the selected pattern ignores stay allowed (a shared load block may serve other environments)', () => {
  const config = configFromText(
    'load: { pattern: sustained, rate: 50, ramp_up: 10s }\n',
    options('perf.yml'),
  );
  assert.deepEqual([config.load.pattern, config.load.rate], ['sustained', 50]);
});

test('a rate in the file where nothing chose a pattern means the rate pattern, as --rate alone does', () => {
  const file = configFromText('load: { rate: 500, concurrency: 20 }\n', options('perf.yml'));
  const flag = configFromText(
    'load: { concurrency: 20 }\n',
    options('perf.yml', { overrides: { rate: 500 } }),
  );
  assert.deepEqual([file.load.pattern, file.load.rate], ['rate', 500]);
  assert.deepEqual(file.load, flag.load);
  const environment = configFromText(
    'load: { rate: 500 }\nenvironments:\n  staging: { load: { pattern: sustained } }\n',
    options('perf.yml'),
  );
  assert.equal(environment.load.pattern, 'sustained');
  const byFlag = configFromText(
    'load: { rate: 500 }\n',
    options('perf.yml', { overrides: { pattern: 'ramp-up' } }),
  );
  assert.equal(byFlag.load.pattern, 'ramp-up');
});

test('a rate override where nothing chose a pattern means the rate pattern (--rate 500 alone)', () => {
  const config = configFromText(
    'load: { concurrency: 20 }\n',
    options('perf.yml', { overrides: { rate: 500 } }),
  );
  assert.deepEqual([config.load.pattern, config.load.rate, config.load.concurrency], ['rate', 500, 20]);
});

test('load.workers 64 is accepted', () => {
  assert.equal(configFromText('load: { workers: 64 }\n', options('perf.yml')).load.workers, 64);
});

test('a YAML alias that is not recursive is expanded', () => {
  const text =
    'thresholds:\n  latency: &l { p95: 200 }\nendpoints:\n  - path: /a\n    thresholds: { latency: *l }\n';
  const slos = configFromText(text, options('perf.yml')).slos;
  assert.deepEqual(
    slos.filter((s) => s.metric.kind === 'latency'),
    [pct(95, 200), pct(95, 200, 'GET /a')],
  );
});

const TRANSPORT_YAML = `
tls:
  ca_cert: certs/ca.pem
  client_cert: certs/client.pem
  client_key: certs/client.key
  servername: api.internal
  insecure: false
  min_version: TLSv1.3
http:
  version: 2
  connections: 8
  resolve: [api.example.com:443:10.0.0.12]
  proxy: http://proxy.corp:3128
environments:
  production:
  staging:
    http: { version: 1.1, resolve: "api.example.com:443:[::1]" }
`;

test('tls and http sections: every key, environments merge, overrides win key by key', () => {
  const base = { path: 'p.yml', explicit: true, overrides: {}, env: {} };
  const production = configFromText(TRANSPORT_YAML, { ...base, environment: 'production' });
  assert.deepEqual(production.transport, {
    httpVersion: '2',
    connections: 8,
    resolve: [{ host: 'api.example.com', port: 443, address: '10.0.0.12' }],
    proxy: 'http://proxy.corp:3128',
    tls: {
      caCert: 'certs/ca.pem',
      clientCert: 'certs/client.pem',
      clientKey: 'certs/client.key',
      servername: 'api.internal',
      insecure: false,
      minVersion: 'TLSv1.3',
    },
  });
  const staging = configFromText(TRANSPORT_YAML, {
    ...base,
    environment: 'staging',
    transportOverrides: { tls: { insecure: true, caCert: 'other.pem' }, connections: 2 },
  });
  assert.equal(staging.transport.httpVersion, '1.1');
  assert.deepEqual(staging.transport.resolve, [{ host: 'api.example.com', port: 443, address: '::1' }]);
  assert.equal(staging.transport.connections, 2);
  assert.deepEqual(staging.transport.tls, {
    ...production.transport.tls,
    insecure: true,
    caCert: 'other.pem',
  });
});

for (const [name, yaml, message] of [
  ['http.version 3', 'http: { version: 3 }', 'p.yml:1:18: http.version: expected one of 1.1, 2, got 3'],
  [
    'resolve without an address',
    'http: { resolve: "a.com:443" }',
    'p.yml:1:18: http.resolve: expected host:port:address, e.g. api.example.com:443:10.0.0.12, got "a.com:443"',
  ],
  [
    'resolve port 0',
    'http: { resolve: ["a.com:0:1.2.3.4"] }',
    'p.yml:1:19: http.resolve[0]: expected host:port:address, e.g. api.example.com:443:10.0.0.12, got "a.com:0:1.2.3.4"',
  ],
  [
    'tls.min_version TLSv1.1',
    'tls: { min_version: TLSv1.1 }',
    'p.yml:1:21: tls.min_version: expected one of TLSv1.2, TLSv1.3, got "TLSv1.1"',
  ],
  [
    'tls.insecure as a word',
    'tls: { insecure: maybe }',
    'p.yml:1:18: tls.insecure: expected true or false, got "maybe"',
  ],
  [
    'tls.ca_cert empty',
    'tls: { ca_cert: "" }',
    'p.yml:1:17: tls.ca_cert: expected a non-empty string, got ""',
  ],
  [
    'unknown tls key',
    'tls: { cafile: x }',
    'p.yml:1:8: tls.cafile: unknown key, expected one of: ca_cert, client_cert, client_key, servername, insecure, min_version',
  ],
] as const) {
  test(`transport config error: ${name}`, () => {
    assert.throws(
      () =>
        configFromText(yaml, {
          path: 'p.yml',
          explicit: true,
          environment: 'staging',
          overrides: {},
          env: {},
        }),
      { name: 'InputError', message },
    );
  });
}
test('service_time and ttfb thresholds: same grammar as latency, after it, top level and per endpoint, no defaults', () => {
  const text =
    'thresholds:\n  latency: { p99: 500 }\n  ttfb: { p95: 50 }\n  service_time: { mean: 80, p99: 300 }\n' +
    'endpoints:\n  - name: checkout\n    path: /c\n    thresholds: { service_time: { max: 900 } }\n';
  const slos = configFromText(text, options('perf.yml')).slos;
  assert.deepEqual(
    slos.filter((s) => s.metric.kind === 'latency'),
    [
      pct(99, 500),
      {
        name: 'p99 service time',
        metric: { kind: 'latency', stat: 'percentile', percentile: 99, measure: 'service_time' },
        bound: 'max',
        limit: 300,
        endpoint: null,
      },
      {
        name: 'mean service time',
        metric: { kind: 'latency', stat: 'mean', measure: 'service_time' },
        bound: 'max',
        limit: 80,
        endpoint: null,
      },
      {
        name: 'p95 time to first byte',
        metric: { kind: 'latency', stat: 'percentile', percentile: 95, measure: 'ttfb' },
        bound: 'max',
        limit: 50,
        endpoint: null,
      },
      {
        name: 'checkout max service time',
        metric: { kind: 'latency', stat: 'max', measure: 'service_time' },
        bound: 'max',
        limit: 900,
        endpoint: 'checkout',
      },
    ],
  );
});

test('endpoints[] timeouts: set where written (each at most the endpoint’s total), absent elsewhere', () => {
  const config = configFromText(
    [
      'load: { timeout: 5s, connect_timeout: 1s }',
      'endpoints:',
      '  - { name: home, path: / }',
      '  - { name: search, path: /s, first_byte_timeout: 800ms }',
      '  - { name: export, path: /e, timeout: 1m, connect_timeout: 3s, first_byte_timeout: 30s }',
      // an endpoint total shorter than the load's connect_timeout: allowed (its total comes first)
      '  - { name: quick, path: /q, timeout: 500ms }',
    ].join('\n'),
    { path: 'perf.yml', explicit: true, environment: 'staging', overrides: { timeoutMs: 4000 }, env: {} },
  );
  const timeouts = config.endpoints.map((e) => [
    e.name,
    e.timeoutMs,
    e.connectTimeoutMs,
    e.firstByteTimeoutMs,
  ]);
  assert.deepEqual(timeouts, [
    ['home', undefined, undefined, undefined],
    ['search', undefined, undefined, 800],
    ['export', 60_000, 3_000, 30_000],
    ['quick', 500, undefined, undefined],
  ]);
  assert.deepEqual(Object.keys(config.endpoints[0]!).includes('timeoutMs'), false);
  assert.deepEqual([config.load.timeoutMs, config.load.connectTimeoutMs], [4000, 1000]);
});
