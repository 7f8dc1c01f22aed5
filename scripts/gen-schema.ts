// schemas/performance-config.schema.json from the loader's tables: every rule the loader holds in
// a table — load field types, ranges and units (config/load-fields.ts), enum words, the method
// list, status range, header name/value syntax, percentile keys, duration syntax — is written into
// the schema here, so the two cannot drift. Descriptions and defaults stay as written in the schema
// file. Rules the schema cannot express (cross-field checks, environments, ${VAR}) are named in
// __tests__/config/schema.test.ts.
//
//   npm run schema            rewrite the schema
//   npm run schema -- --check exit 1 when the shipped schema is not what this would write (CI)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { DURATION_PATTERN, POSITIVE_DURATION_PATTERN } from '../src/config/duration.js';
import {
  BURST_KEYS,
  ENDPOINT_KEYS,
  ERROR_CLASSES,
  HEADER_NAME,
  HEADER_VALUE,
  HTTP_VERSIONS,
  LOAD_KEYS,
  MAX_STATUS,
  METHODS,
  MIN_STATUS,
  PATTERNS,
  PERCENTILE_KEY,
  TLS_MIN_VERSIONS,
  VERDICT_POLICIES,
} from '../src/config/keys.js';
import {
  BURST_FIELD_KEY,
  BURST_RULES,
  CONNECTIONS_RULE,
  LOAD_FIELD_KEY,
  LOAD_RULES,
  WEIGHT_RULE,
  type FieldRule,
} from '../src/config/load-fields.js';

type Json = { [key: string]: any };

export const SCHEMA_PATH = join(import.meta.dirname, '..', 'schemas', 'performance-config.schema.json');

/** The JSON Schema of one rule (without description/default, which the schema file keeps). */
export function ruleSchema(rule: FieldRule): Json {
  switch (rule.kind) {
    case 'int':
      return { type: 'integer', minimum: rule.min, maximum: rule.max };
    case 'number':
      return rule.exclusive
        ? { type: 'number', exclusiveMinimum: rule.min, maximum: rule.max }
        : { type: 'number', minimum: rule.min, maximum: rule.max };
    case 'duration':
      return { $ref: rule.positive ? '#/definitions/positiveDuration' : '#/definitions/duration' };
    case 'enum':
      return { enum: [...rule.values] };
  }
}

/** GET → ^(?:[Gg][Ee][Tt]|…)$: the loader upper-cases the method before it checks the list. */
function anyCase(words: readonly string[]): string {
  const word = (w: string) => [...w].map((c) => `[${c.toUpperCase()}${c.toLowerCase()}]`).join('');
  return `^(?:${words.map(word).join('|')})$`;
}

/** Replace the rule keys of `node`, keep its description, default and anything else. */
function setRule(node: Json, rule: Json): Json {
  const kept = Object.keys(node).filter((key) => key === 'description' || key === 'default');
  return { ...rule, ...Object.fromEntries(kept.map((key) => [key, node[key]])) };
}

const inOrder = (props: Json, keys: readonly string[]): Json => {
  const missing = keys.filter((k) => !(k in props));
  const extra = Object.keys(props).filter((k) => !keys.includes(k));
  if (missing.length || extra.length)
    throw new Error(
      `schema keys differ from the loader's: missing ${missing.join(', ')}; extra ${extra.join(', ')}`,
    );
  return Object.fromEntries(keys.map((k) => [k, props[k]]));
};

/** Each latency-like block (latency, service_time, ttfb; top level and per endpoint). */
function setPercentileKeys(block: Json): void {
  const [only] = Object.values(block.patternProperties ?? {});
  block.patternProperties = { [PERCENTILE_KEY.source]: only };
}

export function generateSchema(current: Json): Json {
  const schema: Json = structuredClone(current);
  const d = schema.definitions;

  const string = d.duration.oneOf.find((o: Json) => o.type === 'string');
  string.pattern = DURATION_PATTERN;
  d.positiveDuration = {
    oneOf: [
      { type: 'number', exclusiveMinimum: 0, description: 'Seconds.' },
      { type: 'string', pattern: POSITIVE_DURATION_PATTERN, description: string.description },
    ],
  };

  const load = d.load.properties;
  for (const [field, rule] of Object.entries(LOAD_RULES)) {
    const key = LOAD_FIELD_KEY[field as keyof typeof LOAD_FIELD_KEY];
    load[key] = setRule(load[key], ruleSchema(rule));
  }
  const burst = load.burst;
  for (const [field, rule] of Object.entries(BURST_RULES)) {
    const key = BURST_FIELD_KEY[field as keyof typeof BURST_FIELD_KEY];
    burst.properties[key] = setRule(burst.properties[key], ruleSchema(rule));
  }
  burst.required = [...BURST_KEYS];
  burst.properties = inOrder(burst.properties, BURST_KEYS);
  d.load.properties = inOrder(load, LOAD_KEYS);
  load.pattern.enum = [...PATTERNS];

  d.status = { ...d.status, type: 'integer', minimum: MIN_STATUS, maximum: MAX_STATUS };
  d.thresholds.properties.error_class.enum = [...ERROR_CLASSES];

  const endpoint = d.endpoints.items.properties;
  endpoint.method = setRule(endpoint.method, { type: 'string', pattern: anyCase(METHODS) });
  endpoint.headers = setRule(endpoint.headers, {
    type: 'object',
    propertyNames: { pattern: HEADER_NAME.source },
    additionalProperties: { type: 'string', pattern: HEADER_VALUE.source },
  });
  endpoint.weight = setRule(endpoint.weight, ruleSchema(WEIGHT_RULE));
  for (const field of ['timeoutMs', 'connectTimeoutMs', 'firstByteTimeoutMs'] as const) {
    const key = LOAD_FIELD_KEY[field];
    endpoint[key] = setRule(endpoint[key] ?? {}, ruleSchema(LOAD_RULES[field]));
  }
  d.endpoints.items.properties = inOrder(endpoint, ENDPOINT_KEYS);

  for (const thresholds of [d.thresholds.properties, endpoint.thresholds.properties])
    for (const key of ['latency', 'service_time', 'ttfb'])
      if (thresholds[key]) setPercentileKeys(thresholds[key]);

  // YAML may write the versions unquoted (1.1, 2): the loader takes both forms
  d.http.properties.version.enum = [...HTTP_VERSIONS, ...HTTP_VERSIONS.map(Number)];
  d.tls.properties.min_version.enum = [...TLS_MIN_VERSIONS];
  d.http.properties.connections = setRule(d.http.properties.connections, ruleSchema(CONNECTIONS_RULE));
  for (const key of ['on_marginal', 'on_inconclusive']) d.canary.properties[key].enum = [...VERDICT_POLICIES];
  setPercentileKeys(d.canary.properties.metrics);
  return schema;
}

/** As the repository formats JSON (prettier), so a regenerated schema diffs only where a rule changed. */
export async function renderSchema(schema: Json): Promise<string> {
  const options = (await prettier.resolveConfig(SCHEMA_PATH)) ?? {};
  return prettier.format(JSON.stringify(schema, null, 2), { ...options, parser: 'json' });
}

if (process.argv[1] === import.meta.filename) {
  const text = readFileSync(SCHEMA_PATH, 'utf8');
  const fresh = await renderSchema(generateSchema(JSON.parse(text)));
  if (process.argv.includes('--check')) {
    if (fresh !== text) {
      console.error('schemas/performance-config.schema.json is stale: run npm run schema and commit it');
      process.exit(1);
    }
    console.log('schemas/performance-config.schema.json matches the loader');
  } else {
    writeFileSync(SCHEMA_PATH, fresh);
    console.log(fresh === text ? 'schema unchanged' : 'schemas/performance-config.schema.json rewritten');
  }
}
