// The JSON Schema and the loader must agree: every example passes both, and the schema lists
// exactly the loader's keys (so the two cannot drift apart).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
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
