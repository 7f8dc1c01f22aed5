// Seeded fuzzing of the config loader: valid documents mutated (wrong types, missing and unknown
// keys, absurd numbers, odd durations, unicode, binary bytes, long strings, deep nesting, tabs,
// duplicate keys, aliases) must either load into a Config that holds its own invariants or fail
// with an InputError located in the file — never another exception, never a stack in the message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { configFromText } from '../../src/config/load.js';
import { accepts, LOAD_RULES } from '../../src/config/load-fields.js';
import { LIMITS } from '../../src/config/keys.js';
import type { Config } from '../../src/config/types.js';
import { InputError } from '../../src/errors.js';
import { seededRng, type Rng } from '../__fixtures__/rng.js';
import { F, options } from './broken-configs.js';

const BASE = {
  load: {
    pattern: 'burst',
    concurrency: 80,
    duration: '2m',
    burst: { base: 10, peak: 80, spike: '5s', period: '30s' },
    think_time: '50ms',
    warm_up: '10s',
    timeout: '2.5s',
    workers: 2,
    rate: 100,
  },
  endpoints: [
    {
      name: 'checkout',
      method: 'post',
      path: '/api/orders?src=${TOKEN}',
      headers: { Authorization: 'Bearer ${TOKEN}', 'X-Literal': '$${NOT_A_VAR}' },
      body: { product: 42, note: 'from ${TOKEN}' },
      weight: 2.5,
      expect_status: [200, 201],
      thresholds: { latency: { 'p99.9': 900, p95: 300, max: 2000 }, error_rate: 0.1, throughput: 20 },
    },
    { path: '/health', expect_status: 204 },
  ],
  thresholds: { latency: { p50: 100, p99: 400 }, error_rate: 0, error_class: '4xx+5xx', throughput: 50 },
  slo: { abort_on_breach: true, grace_period: '15s', min_samples_factor: 5 },
  tls: { servername: 'api.example.com', insecure: false, min_version: 'TLSv1.2' },
  http: { version: '1.1', connections: 4, resolve: ['api.example.com:443:127.0.0.1'] },
  canary: { confidence: 95, resamples: 200, score: { pass: 95, marginal: 75 }, metrics: { p99: false } },
  rollout: { deployment: 'backend-v2', stages: [10, 50, 100], settle: '30s' },
  environments: { staging: { load: { concurrency: 20 } }, production: { load: { duration: '5m' } } },
  stages: { 'canary-10': { thresholds: { error_rate: 1 } } },
};

const NASTY: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  -0.5,
  1e308,
  -1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  2 ** 53 + 1,
  1e-300,
  '',
  ' ',
  '\t',
  '1h2h',
  '5m1h',
  '-5s',
  '1e3s',
  '99999999999h',
  '0.000001ms',
  '10 s',
  'ünïcødé ✓ 🚀',
  '\u0000\u0001\u007f',
  '\u202e/evil',
  'x'.repeat(100_000),
  '${UNSET_VAR}',
  '${',
  'p95',
  [],
  [1, 'a', null],
  {},
  { nested: { deeper: { deepest: [1, 2, { x: 1 }] } } },
];

/** A JSON path into the document, chosen uniformly among every node. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function deep(rng: Rng, depth: number): unknown {
  let v: unknown = rng.pick(NASTY);
  for (let i = 0; i < depth; i++) v = rng.chance(0.5) ? [v] : { [`k${i}`]: v };
  return v;
}

function mutateTree(rng: Rng): unknown {
  const doc = structuredClone(BASE) as Record<string, unknown>;
  const all = paths(doc).slice(1);
  for (let n = 1 + rng.int(3); n > 0; n--) {
    const path = rng.pick(all);
    let parent: Record<string | number, unknown> = doc;
    for (const key of path.slice(0, -1)) parent = (parent?.[key] ?? {}) as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (typeof parent !== 'object' || parent === null) continue;
    const choice = rng.int(5);
    if (choice === 0) delete parent[last];
    else if (choice === 1) parent[`${String(last)}_x`] = rng.pick(NASTY);
    else if (choice === 2) parent[last] = deep(rng, 1 + rng.int(60));
    else parent[last] = rng.pick(NASTY);
  }
  return doc;
}

const TEXT_MUTATIONS: readonly ((text: string, rng: Rng) => string)[] = [
  (t, rng) => {
    const i = rng.int(t.length);
    return t.slice(0, i) + String.fromCharCode(rng.int(256)) + t.slice(i + 1);
  },
  (t, rng) => t.slice(0, rng.int(t.length)),
  (t, rng) => {
    const lines = t.split('\n');
    const i = rng.int(lines.length);
    lines.splice(i, 0, lines[i]!); // duplicate key
    return lines.join('\n');
  },
  (t, rng) => {
    const lines = t.split('\n');
    const i = rng.int(lines.length);
    lines[i] = lines[i]!.replace(/^ +/, (s) => '\t'.repeat(Math.max(1, s.length / 2)));
    return lines.join('\n');
  },
  (t, rng) => t.replace(/: ([^\n]*)/, (_m, v: string) => (rng.chance(0.5) ? `: &a ${v}` : `: *nope`)),
  (t, rng) => {
    const i = rng.int(t.length);
    return t.slice(0, i) + '\u0000\uFFFD\uD800' + t.slice(i);
  },
];

function mutated(rng: Rng): string {
  let text = stringify(mutateTree(rng), { lineWidth: 0 });
  if (rng.chance(0.4)) text = rng.pick(TEXT_MUTATIONS)(text, rng);
  return text;
}

/** What every loaded Config must hold, whatever the file said. */
function checkInvariants(config: Config, text: string): void {
  const where = `accepted document:\n${text.slice(0, 2000)}`;
  const load = config.load;
  for (const [field, rule] of Object.entries(LOAD_RULES)) {
    const value = load[field as keyof typeof load];
    // optional fields (rate, workers, …) are null or absent when not set
    if (value === null || value === undefined) continue;
    assert.ok(accepts(rule, value), `load.${field} = ${String(value)}; ${where}`);
  }
  assert.ok(load.durationSeconds <= LIMITS.durationSeconds, where);
  assert.ok(load.rate === null || load.rate <= LIMITS.rate, where);
  assert.ok(config.endpoints.length >= 1 && config.endpoints.length <= LIMITS.endpoints, where);
  for (const e of config.endpoints) {
    assert.ok(Number.isFinite(e.weight) && e.weight > 0 && e.weight <= LIMITS.weight, where);
    assert.ok(e.path.startsWith('/') && e.expectStatus.length > 0, where);
    assert.ok(Object.keys(e.headers).length <= LIMITS.headers, where);
    assert.ok(e.body === null || Buffer.byteLength(e.body) <= LIMITS.bodyBytes, where);
  }
  for (const slo of config.slos) assert.ok(Number.isFinite(slo.limit) && slo.limit >= 0, where);
  assert.ok(Number.isFinite(config.minSamplesFactor) && config.minSamplesFactor > 0, where);
}

/** Accepted and valid, or an InputError located in the file: anything else fails the case. */
function oracle(text: string): 'accepted' | 'rejected' {
  let config: Config;
  try {
    config = configFromText(text, options());
  } catch (error) {
    assert.ok(error instanceof InputError, `not an InputError: ${String(error)}\n${text.slice(0, 2000)}`);
    assert.match(error.message, /^deploy\/performance_config\.yml:\d+:\d+: /, text.slice(0, 2000));
    assert.doesNotMatch(error.message, /\n\s+at /);
    assert.ok(error.message.length < 1000, `message of ${error.message.length} characters`);
    return 'rejected';
  }
  checkInvariants(config, text);
  return 'accepted';
}

test('config fuzz: 5,000 mutated documents (seed 1337) — a valid Config or an InputError naming file:line:col, never another exception', () => {
  const rng = seededRng(1337);
  const seen = { accepted: 0, rejected: 0 };
  for (let i = 0; i < 5000; i++) seen[oracle(mutated(rng))]++;
  // both outcomes occur: the mutations neither all break nor all miss the loader
  assert.ok(seen.accepted > 100 && seen.rejected > 1000, JSON.stringify(seen));
});

test('config fuzz: the unmutated base document loads', () => {
  assert.equal(oracle(stringify(BASE)), 'accepted');
});

test('config: a YAML alias bomb (9 levels × 9 aliases) is refused with a located message', () => {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i <= 9; i++)
    lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  assert.throws(() => configFromText(`${lines.join('\n')}\nload: {}\n`, options()), {
    name: 'InputError',
    message: `${F}:1:13: a5[0][3][3][7][2][1]: too many values: more than 100000 after expanding YAML aliases`,
  });
});

test('config: 10,000 levels of nesting are refused with a located message, not a stack overflow', () => {
  const text = `load: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
  assert.throws(
    () => configFromText(text, options()),
    (error: unknown) =>
      error instanceof InputError && /^deploy\/performance_config\.yml:1:\d+: /.test(error.message),
  );
});

// Defects the fuzzing found, each by its minimal case.

test('config: a duration of 1e308 seconds is refused (it became an infinite run)', () => {
  assert.throws(() => configFromText('load: { duration: 1e308 }\n', options()), {
    name: 'InputError',
    message: `${F}:1:19: load.duration: expected a duration such as "60s", "5m", "1h30m", "500ms" or a number of seconds, got 1e+308`,
  });
});

test('config: a 100,000-character value is quoted by its start and length, not whole', () => {
  assert.throws(() => configFromText(`load: { pattern: ${'x'.repeat(100_000)} }\n`, options()), {
    name: 'InputError',
    message: `${F}:1:18: load.pattern: expected one of sustained, ramp-up, burst, rate, ramp-rate, got "${'x'.repeat(80)}"… (100000 characters)`,
  });
});

// Limits a real run never reaches: past them, a clear error instead of a run that cannot work.
const LIMIT_CASES: { name: string; yaml: string; message: string }[] = [
  {
    name: 'duration over 24 h',
    yaml: 'load: { duration: 25h }\n',
    message: `${F}:1:19: load.duration: expected a duration of at most 24h, got "25h"`,
  },
  {
    name: 'timeout over 24 h',
    yaml: 'load: { timeout: 86401 }\n',
    message: `${F}:1:18: load.timeout: expected a duration of at most 24h, got 86401`,
  },
  {
    name: 'rate over 1,000,000/s',
    yaml: 'load: { pattern: rate, rate: 1000001 }\n',
    message: `${F}:1:30: load.rate: expected at most 1000000 requests per second, got 1000001`,
  },
  {
    name: 'users over 100,000',
    yaml: 'load: { concurrency: 100001 }\n',
    message: `${F}:1:22: load.concurrency: expected an integer from 1 to 100000, got 100001`,
  },
  {
    name: 'weight over 1,000,000',
    yaml: 'endpoints:\n  - { path: /, weight: 1e7 }\n',
    message: `${F}:2:24: endpoints[0].weight: expected a positive number, at most 1000000, got 10000000`,
  },
  {
    name: 'an endpoint timeout over 24 h',
    yaml: 'endpoints:\n  - { path: /, connect_timeout: 25h }\n',
    message: `${F}:2:33: endpoints[0].connect_timeout: expected a duration of at most 24h, got "25h"`,
  },
  {
    name: 'more than 1,000 endpoints',
    yaml: `endpoints:\n${'  - { path: /a }\n'.repeat(1001)}`,
    message: `${F}:2:3: endpoints: expected at most 1000 endpoints, got 1001`,
  },
  {
    name: 'more than 100 headers',
    yaml: `endpoints:\n  - path: /\n    headers: { ${Array.from({ length: 101 }, (_, i) => `X-${i}: a`).join(', ')} }\n`,
    message: `${F}:3:14: endpoints[0].headers: expected at most 100 headers, got 101`,
  },
  {
    name: 'a header value over 8 KiB',
    yaml: `endpoints:\n  - { path: /, headers: { X-Big: "${'a'.repeat(8193)}" } }\n`,
    message: `${F}:2:34: endpoints[0].headers.X-Big: expected at most 8192 bytes, got 8193`,
  },
  {
    name: 'a body over 1 MiB',
    yaml: `endpoints:\n  - { path: /, method: POST, body: "${'a'.repeat(1_048_577)}" }\n`,
    message: `${F}:2:36: endpoints[0].body: expected at most 1048576 bytes (1 MiB), got 1048577`,
  },
];
for (const c of LIMIT_CASES) {
  test(`config limit: ${c.name}`, () => {
    assert.throws(() => configFromText(c.yaml, options()), { name: 'InputError', message: c.message });
  });
}

test('config limits: the largest allowed values load', () => {
  const config = configFromText(
    'load: { pattern: rate, rate: 1000000, concurrency: 100000, duration: 24h, timeout: 24h }\n',
    options(),
  );
  assert.deepEqual(
    [config.load.rate, config.load.concurrency, config.load.durationSeconds, config.load.timeoutMs],
    [1_000_000, 100_000, 86_400, 86_400_000],
  );
});
