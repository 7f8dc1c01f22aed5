// The JSON Schema and the loader must agree: every example passes both, and the schema lists
// exactly the loader's keys (so the two cannot drift apart).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { durationMs, DURATION_PATTERN, POSITIVE_DURATION_PATTERN } from '../../src/config/duration.js';
import { generateSchema, renderSchema, SCHEMA_PATH } from '../../scripts/gen-schema.js';
import { BROKEN_CONFIGS } from './broken-configs.js';
import {
  BURST_KEYS,
  ENDPOINT_KEYS,
  ENDPOINT_THRESHOLD_KEYS,
  ENVIRONMENT_KEYS,
  ERROR_CLASSES,
  LOAD_KEYS,
  PATTERNS,
  SLO_KEYS,
  TLS_KEYS,
  HTTP_KEYS,
  THRESHOLD_KEYS,
  TOP_KEYS,
  PERCENTILE_KEY,
  LIMITS,
} from '../../src/config/keys.js';

type JsonObject = { [key: string]: any };
const schema = JSON.parse(readFileSync('schemas/performance-config.schema.json', 'utf8')) as JsonObject;
const defs = schema.definitions as JsonObject;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const env = { DEMO_API_TOKEN: 't', API_TOKEN: 't', TOKEN: 't', SOURCE: 's' };

const examples = [
  'examples/performance_config.yml',
  ...readdirSync('examples/configs').map((f) => `examples/configs/${f}`),
  ...['seed.yml', 'full.yml', 'environments.yml'].map((f) => `__tests__/__fixtures__/configs/${f}`),
];

for (const file of examples) {
  test(`schema and loader both accept ${file}`, async () => {
    const data = parse(readFileSync(file, 'utf8'));
    assert.equal(validate(data), true, JSON.stringify(validate.errors));
    const environments = Object.keys(data.environments ?? { staging: null });
    for (const environment of environments) {
      const config = await loadConfig({ path: file, explicit: true, environment, overrides: {}, env });
      assert.equal(config.path, file);
    }
  });
}

const keys = (o: JsonObject): string[] => Object.keys(o.properties);
const keyCases: { name: string; schema: string[]; loader: readonly string[] }[] = [
  { name: 'top level', schema: keys(schema), loader: TOP_KEYS },
  {
    name: 'environments.<name>',
    schema: keys(schema.properties.environments.additionalProperties),
    loader: ENVIRONMENT_KEYS,
  },
  { name: 'load', schema: keys(defs.load), loader: LOAD_KEYS },
  { name: 'load.burst', schema: keys(defs.load.properties.burst), loader: BURST_KEYS },
  { name: 'endpoints[]', schema: keys(defs.endpoints.items), loader: ENDPOINT_KEYS },
  {
    name: 'endpoints[].thresholds',
    schema: keys(defs.endpoints.items.properties.thresholds),
    loader: ENDPOINT_THRESHOLD_KEYS,
  },
  { name: 'thresholds', schema: keys(defs.thresholds), loader: THRESHOLD_KEYS },
  { name: 'slo', schema: keys(defs.slo), loader: SLO_KEYS },
  { name: 'tls', schema: keys(defs.tls), loader: TLS_KEYS },
  { name: 'http', schema: keys(defs.http), loader: HTTP_KEYS },
  { name: 'load.pattern values', schema: defs.load.properties.pattern.enum, loader: PATTERNS },
  {
    name: 'thresholds.error_class values',
    schema: defs.thresholds.properties.error_class.enum,
    loader: ERROR_CLASSES,
  },
];

for (const c of keyCases) {
  test(`schema keys match the loader: ${c.name}`, () => {
    assert.deepEqual([...c.schema].sort(), [...c.loader].sort());
  });
}

test('schema rejects an unknown key the loader rejects', () => {
  assert.equal(validate({ load: { concurency: 5 } }), false);
});

test('the shipped schema is what npm run schema writes from the loader tables', async () => {
  const text = readFileSync(SCHEMA_PATH, 'utf8');
  assert.equal(await renderSchema(generateSchema(JSON.parse(text))), text);
});

test('the schema duration pattern accepts exactly what the loader parses', () => {
  const texts = ['60s', '5m', '1h30m', '500ms', '1.5s', '300', '0', '0s', '0.0s', '1h0m', '00', '1m30s500ms'];
  const bad = ['', 's', 'ms', '1x', '1h30', '30s1m', '1s1s', '-1s', '1.s', '.5s', '1 s', '5mm', '1e3'];
  const re = new RegExp(DURATION_PATTERN);
  const positive = new RegExp(POSITIVE_DURATION_PATTERN);
  for (const t of [...texts, ...bad]) {
    const ms = durationMs(t);
    assert.equal(re.test(t), ms !== null, `duration ${JSON.stringify(t)}`);
    assert.equal(positive.test(t), ms !== null && ms > 0, `positive duration ${JSON.stringify(t)}`);
  }
  assert.deepEqual(
    bad.map((t) => durationMs(t)),
    bad.map(() => null),
  );
});

test('percentile keys: the one pattern is 0 < p < 100', () => {
  const keys = [
    'p50',
    'p99.9',
    'p0.5',
    'p05',
    'p99.0',
    'p0',
    'p0.0',
    'p100',
    'p100.5',
    'p999',
    'p',
    'p-1',
    'p1e1',
  ];
  const want = keys.map(
    (k) => /^p\d+(\.\d+)?$/.test(k) && Number(k.slice(1)) > 0 && Number(k.slice(1)) < 100,
  );
  assert.deepEqual(
    keys.map((k) => PERCENTILE_KEY.test(k)),
    want,
  );
  assert.deepEqual(want, [
    true,
    true,
    true,
    true,
    true,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
  ]);
});

/**
 * Broken configs the JSON Schema cannot reject, by name, with why: everything else in
 * broken-configs.ts must be rejected by the schema as well as by the loader. The list is exact:
 * a case named here that the schema does reject fails too (so it cannot go stale).
 */
const CROSS_FIELD = 'compares two fields (JSON Schema validates each value on its own)';
const MERGED = 'holds only after environments.<name> is merged over the file (the schema sees the file)';
const OVERRIDE = 'the bad value is an input / flag override, not in the file';
const SCHEMA_CANNOT_EXPRESS: Record<string, string> = {
  'bad YAML': 'not YAML: nothing for a schema to validate',
  'duplicate key': 'not YAML (a mapping with a repeated key): nothing for a schema to validate',
  'YAML alias bomb (billion laughs)': 'refused by the YAML reader before any validation',
  'unknown YAML alias': 'not YAML: nothing for a schema to validate',
  'rate pattern without rate': MERGED,
  'burst pattern without burst block': MERGED,
  'burst spike not shorter than period': CROSS_FIELD,
  'burst peak below base': CROSS_FIELD,
  'warm_up not shorter than duration': CROSS_FIELD,
  'ramp_up longer than duration': CROSS_FIELD,
  'connect_timeout longer than timeout': CROSS_FIELD,
  'first_byte_timeout longer than the default timeout': CROSS_FIELD,
  'endpoint connect_timeout longer than its own timeout': CROSS_FIELD,
  'endpoint first_byte_timeout longer than load.timeout': CROSS_FIELD,
  'duplicate endpoint names': 'uniqueness of one field across list items (uniqueItems compares whole items)',
  'duplicate service_time key': 'p99 and p99.0 are different keys that name the same percentile',
  'header value non-ASCII after ${VAR} expansion (the value is not printed)':
    'depends on the environment variable',
  'undefined variable': 'depends on the environment variables of the run',
  'malformed variable reference': '${VAR} syntax applies inside every string value, including escapes ($${)',
  'unknown environment': 'the environment is chosen by an input / flag',
  'misspelled environment': 'the environment is chosen by an input / flag',
  'merged environment breaks a cross-field check, located in the environment': MERGED,
};

const ajvStrict = new Ajv({ allErrors: true, strict: false });
const validateFile = ajvStrict.compile(schema);
let expressed = 0;
for (const c of BROKEN_CONFIGS) {
  const why = c.overrides !== undefined ? OVERRIDE : SCHEMA_CANNOT_EXPRESS[c.name];
  if (why === undefined) expressed++;
  test(`broken config through the schema: ${c.name}${why ? ` (schema cannot: ${why})` : ''}`, () => {
    let data: unknown;
    try {
      data = parse(c.yaml);
    } catch {
      assert.ok(why !== undefined, 'a YAML error the schema list does not name');
      return;
    }
    assert.equal(validateFile(data ?? null), why !== undefined, JSON.stringify(validateFile.errors));
  });
}

{
  const overrides = BROKEN_CONFIGS.filter((c) => c.overrides !== undefined).length;
  const named = BROKEN_CONFIGS.filter((c) => SCHEMA_CANNOT_EXPRESS[c.name] !== undefined).length;
  test(`the broken-config table: ${BROKEN_CONFIGS.length} cases, the schema rejects ${expressed}; ${named} named above, ${overrides} overrides`, () => {
    assert.equal(named, Object.keys(SCHEMA_CANNOT_EXPRESS).length, 'every named case exists');
    assert.equal(expressed + overrides + named, BROKEN_CONFIGS.length);
  });
}

test('the schema’s numeric maxima are the loader’s LIMITS (weight, rate, start_rate)', () => {
  const cases: [name: string, data: (n: number) => unknown, max: number][] = [
    ['endpoints[].weight', (n) => ({ endpoints: [{ path: '/', weight: n }] }), LIMITS.weight],
    ['load.rate', (n) => ({ load: { rate: n } }), LIMITS.rate],
    ['load.start_rate', (n) => ({ load: { start_rate: n } }), LIMITS.rate],
  ];
  for (const [name, data, max] of cases) {
    assert.deepEqual([validate(data(max)), validate(data(max + 1))], [true, false], name);
  }
});

test('endpoints[] timeouts take the load timeouts’ rule (a positive duration)', () => {
  const ok = { endpoints: [{ path: '/', timeout: '2s', connect_timeout: 0.5, first_byte_timeout: '1s' }] };
  assert.equal(validate(ok), true, JSON.stringify(validate.errors));
  for (const bad of [{ timeout: 0 }, { connect_timeout: '0s' }, { first_byte_timeout: 'soon' }])
    assert.equal(validate({ endpoints: [{ path: '/', ...bad }] }), false, JSON.stringify(bad));
});
