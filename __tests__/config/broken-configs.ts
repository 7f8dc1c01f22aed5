// Broken configs the loader must reject, each with its exact, complete message (file:line:col: key
// path: expectation, got input). errors.test.ts runs them through the loader, schema.test.ts
// through the shipped JSON Schema.
import type { LoadConfigOptions } from '../../src/config/load.js';
import type { LoadOverrides } from '../../src/config/types.js';

export const F = 'deploy/performance_config.yml';
const DUR = 'expected a duration such as "60s", "5m", "1h30m", "500ms" or a number of seconds';

export function options(overrides: LoadOverrides = {}, environment = 'staging'): LoadConfigOptions {
  return { path: F, explicit: true, environment, overrides, env: { TOKEN: 'secret', UNICODE: 'sécret' } };
}

export const BROKEN_CONFIGS: {
  name: string;
  yaml: string;
  message: string;
  overrides?: LoadOverrides;
  environment?: string;
}[] = [
  {
    name: 'bad YAML',
    yaml: 'thresholds:\n  latency: { p50: 100\nload: {}\n',
    message: `${F}:3:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }`,
  },
  {
    name: 'empty file',
    yaml: '',
    message: `${F}:1:1: expected a mapping at the top level, got an empty file`,
  },
  {
    name: 'comments only',
    yaml: '# nothing\n',
    message: `${F}:1:1: expected a mapping at the top level, got an empty file`,
  },
  {
    name: 'top level is a list',
    yaml: '- p95: 250\n',
    message: `${F}:1:1: expected a mapping at the top level, got a list`,
  },
  {
    name: 'top level is a string',
    yaml: 'fast\n',
    message: `${F}:1:1: expected a mapping at the top level, got "fast"`,
  },
  {
    name: 'duplicate key',
    yaml: 'load: {}\nload: {}\n',
    message: `${F}:2:1: invalid YAML: Map keys must be unique`,
  },
  {
    name: 'unknown top-level key without a close match',
    yaml: 'scenarios: []\n',
    message: `${F}:1:1: scenarios: unknown key, expected one of: thresholds, load, endpoints, slo, tls, http, canary, rollout, environments, stages`,
  },
  {
    name: 'misspelled key with did-you-mean',
    yaml: 'load:\n  concurency: 50\n',
    message: `${F}:2:3: load.concurency: unknown key, did you mean \`concurrency\`?`,
  },
  {
    name: 'misspelled threshold key',
    yaml: 'thresholds:\n  error-rate: 1\n',
    message: `${F}:2:3: thresholds.error-rate: unknown key, did you mean \`error_rate\`?`,
  },
  {
    name: 'latency value is a word',
    yaml: 'thresholds:\n  latency:\n    p50: 100\n    p95: fast\n',
    message: `${F}:4:10: thresholds.latency.p95: expected a positive number of milliseconds, got "fast"`,
  },
  {
    name: 'negative latency threshold',
    yaml: 'thresholds:\n  latency: { p99: -400 }\n',
    message: `${F}:2:19: thresholds.latency.p99: expected a positive number of milliseconds, got -400`,
  },
  {
    name: 'negative error rate',
    yaml: 'thresholds:\n  error_rate: -0.5\n',
    message: `${F}:2:15: thresholds.error_rate: expected a percentage from 0 to 100, got -0.5`,
  },
  {
    name: 'zero throughput',
    yaml: 'thresholds:\n  throughput: 0\n',
    message: `${F}:2:15: thresholds.throughput: expected a positive number of requests per second, got 0`,
  },
  {
    name: 'percentile key p100',
    yaml: 'thresholds:\n  latency: { p100: 500 }\n',
    message: `${F}:2:14: thresholds.latency.p100: expected a latency key p<number> with 0 < number < 100 (e.g. p95, p99.9), max or mean, got "p100"`,
  },
  {
    name: 'percentile key pfoo',
    yaml: 'thresholds:\n  latency: { pfoo: 500 }\n',
    message: `${F}:2:14: thresholds.latency.pfoo: expected a latency key p<number> with 0 < number < 100 (e.g. p95, p99.9), max or mean, got "pfoo"`,
  },
  {
    name: 'unknown error class',
    yaml: 'thresholds:\n  error_class: 4xx\n',
    message: `${F}:2:16: thresholds.error_class: expected one of unexpected, 5xx, 4xx+5xx, got "4xx"`,
  },
  {
    name: 'concurrency is a string',
    yaml: 'load:\n  concurrency: "fifty"\n',
    message: `${F}:2:16: load.concurrency: expected an integer from 1 to 100000, got "fifty"`,
  },
  {
    name: 'zero concurrency',
    yaml: 'load:\n  concurrency: 0\n',
    message: `${F}:2:16: load.concurrency: expected an integer from 1 to 100000, got 0`,
  },
  {
    name: 'bad duration',
    yaml: 'load:\n  duration: 5 minutes\n',
    message: `${F}:2:13: load.duration: ${DUR}, got "5 minutes"`,
  },
  {
    name: 'zero duration',
    yaml: 'load:\n  duration: 0s\n',
    message: `${F}:2:13: load.duration: expected a duration greater than zero, got "0s"`,
  },
  {
    name: 'unknown pattern',
    yaml: 'load:\n  pattern: spike\n',
    message: `${F}:2:12: load.pattern: expected one of sustained, ramp-up, burst, rate, ramp-rate, got "spike"`,
  },
  {
    name: 'rate pattern without rate',
    yaml: 'load:\n  pattern: rate\n',
    message: `${F}:2:12: load.pattern: pattern "rate" needs load.rate (arrivals per second), which is not set`,
  },
  {
    name: 'burst pattern without burst block',
    yaml: 'load:\n  pattern: burst\n',
    message: `${F}:2:12: load.pattern: pattern "burst" needs a load.burst block with base, peak, spike and period`,
  },
  {
    name: 'burst spike not shorter than period',
    yaml: 'load:\n  pattern: burst\n  burst: { base: 10, peak: 50, spike: 30s, period: 30s }\n',
    message: `${F}:3:39: load.burst.spike: expected less than load.burst.period (30s), got 30s`,
  },
  {
    name: 'burst peak below base',
    yaml: 'load:\n  pattern: burst\n  burst: { base: 10, peak: 5, spike: 5s, period: 30s }\n',
    message: `${F}:3:28: load.burst.peak: expected at least load.burst.base (10), got 5`,
  },
  {
    name: 'burst block missing period',
    yaml: 'load:\n  burst: { base: 10, peak: 50, spike: 5s }\n',
    message: `${F}:2:10: load.burst.period: missing, burst needs base, peak, spike and period`,
  },
  {
    name: 'warm_up not shorter than duration',
    yaml: 'load:\n  duration: 30s\n  warm_up: 30s\n',
    message: `${F}:3:12: load.warm_up: expected less than load.duration (30s), got 30s`,
  },
  {
    name: 'ramp_up longer than duration',
    yaml: 'load:\n  pattern: ramp-up\n  duration: 1m\n  ramp_up: 90s\n',
    message: `${F}:4:12: load.ramp_up: expected at most load.duration (60s), got 90s`,
  },
  {
    name: 'connect_timeout longer than timeout',
    yaml: 'load:\n  timeout: 2s\n  connect_timeout: 5s\n',
    message: `${F}:3:20: load.connect_timeout: expected at most load.timeout (2000ms), got 5000ms`,
  },
  {
    name: 'first_byte_timeout longer than the default timeout',
    yaml: 'load:\n  first_byte_timeout: 30s\n',
    message: `${F}:2:23: load.first_byte_timeout: expected at most load.timeout (10000ms), got 30000ms`,
  },
  {
    name: 'zero workers',
    yaml: 'load:\n  workers: 0\n',
    message: `${F}:2:12: load.workers: expected an integer from 1 to 64, got 0`,
  },
  {
    name: 'workers above the input cap',
    yaml: 'load:\n  workers: 65\n',
    message: `${F}:2:12: load.workers: expected an integer from 1 to 64, got 65`,
  },
  {
    name: 'empty endpoint list',
    yaml: 'endpoints: []\n',
    message: `${F}:1:12: endpoints: expected at least one endpoint, got an empty list`,
  },
  {
    name: 'endpoints is a mapping',
    yaml: 'endpoints:\n  home: /\n',
    message: `${F}:2:3: endpoints: expected a list of endpoints, got a mapping`,
  },
  {
    name: 'path without leading slash',
    yaml: 'endpoints:\n  - path: api/products\n',
    message: `${F}:2:11: endpoints[0].path: expected a path starting with "/", got "api/products"`,
  },
  {
    name: 'endpoint without path',
    yaml: 'endpoints:\n  - name: home\n',
    message: `${F}:2:5: endpoints[0].path: missing, expected a path starting with "/"`,
  },
  {
    name: 'zero weight',
    yaml: 'endpoints:\n  - path: /a\n  - path: /b\n    weight: 0\n',
    message: `${F}:4:13: endpoints[1].weight: expected a positive number, at most 1000000, got 0`,
  },
  {
    name: 'endpoint timeout zero',
    yaml: 'endpoints:\n  - path: /a\n    timeout: 0s\n',
    message: `${F}:3:14: endpoints[0].timeout: expected a duration greater than zero, got "0s"`,
  },
  {
    name: 'endpoint first_byte_timeout not a duration',
    yaml: 'endpoints:\n  - path: /a\n  - path: /b\n    first_byte_timeout: soon\n',
    message: `${F}:4:25: endpoints[1].first_byte_timeout: ${DUR}, got "soon"`,
  },
  {
    name: 'endpoint connect_timeout longer than its own timeout',
    yaml: 'endpoints:\n  - path: /a\n  - path: /b\n    timeout: 1s\n    connect_timeout: 2s\n',
    message: `${F}:5:22: endpoints[1].connect_timeout: expected at most endpoints[1].timeout (1000ms), got 2000ms`,
  },
  {
    name: 'endpoint first_byte_timeout longer than load.timeout',
    yaml: 'load:\n  timeout: 3s\nendpoints:\n  - path: /a\n    first_byte_timeout: 5s\n',
    message: `${F}:5:25: endpoints[0].first_byte_timeout: expected at most load.timeout (3000ms), got 5000ms`,
  },
  {
    name: 'endpoint first_byte_timeout longer than a timeout override',
    yaml: 'endpoints:\n  - path: /a\n    first_byte_timeout: 5s\n',
    overrides: { timeoutMs: 2000 },
    message: `${F}:3:25: endpoints[0].first_byte_timeout: expected at most load.timeout (2000ms), got 5000ms`,
  },
  {
    name: 'duplicate endpoint names',
    yaml: 'endpoints:\n  - { name: home, path: / }\n  - { name: list, path: /l }\n  - { name: home, path: /h }\n',
    message: `${F}:4:13: endpoints[2].name: duplicate endpoint name "home" (also endpoints[0])`,
  },
  {
    name: 'expect_status 700',
    yaml: 'endpoints:\n  - path: /\n    expect_status: [200, 700]\n',
    message: `${F}:3:26: endpoints[0].expect_status[1]: expected an integer from 100 to 599, got 700`,
  },
  {
    name: 'unknown HTTP method',
    yaml: 'endpoints:\n  - path: /\n    method: FETCH\n',
    message: `${F}:3:13: endpoints[0].method: expected one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, got "FETCH"`,
  },
  {
    name: 'header value is a number',
    yaml: 'endpoints:\n  - path: /\n    headers: { X-Retries: 3 }\n',
    message: `${F}:3:27: endpoints[0].headers.X-Retries: expected a string (quote numbers and booleans), got 3`,
  },
  {
    name: 'header value with non-ASCII characters',
    yaml: 'endpoints:\n  - path: /\n    headers:\n      X-Name: "Zoë"\n',
    message: `${F}:4:15: endpoints[0].headers.X-Name: expected visible ASCII characters (percent-encode or base64 other text)`,
  },
  {
    name: 'header value non-ASCII after ${VAR} expansion (the value is not printed)',
    yaml: 'endpoints:\n  - path: /\n    headers: { Authorization: "Bearer ${UNICODE}" }\n',
    message: `${F}:3:31: endpoints[0].headers.Authorization: expected visible ASCII characters (percent-encode or base64 other text)`,
  },
  {
    name: 'header value with a line break',
    yaml: 'endpoints:\n  - path: /\n    headers:\n      X-Note: "a\\r\\nX-Injected: 1"\n',
    message: `${F}:4:15: endpoints[0].headers.X-Note: expected visible ASCII characters (percent-encode or base64 other text)`,
  },
  {
    name: 'service_time key outside the latency grammar',
    yaml: 'thresholds:\n  service_time: { p100: 500 }\n',
    message: `${F}:2:19: thresholds.service_time.p100: expected a service_time key p<number> with 0 < number < 100 (e.g. p95, p99.9), max or mean, got "p100"`,
  },
  {
    name: 'ttfb limit not a positive number',
    yaml: 'endpoints:\n  - path: /\n    thresholds: { ttfb: { p99: 0 } }\n',
    message: `${F}:3:32: endpoints[0].thresholds.ttfb.p99: expected a positive number of milliseconds, got 0`,
  },
  {
    name: 'duplicate service_time key',
    yaml: 'thresholds:\n  service_time: { p99: 1, p99.0: 2 }\n',
    message: `${F}:2:27: thresholds.service_time.p99.0: duplicate threshold "p99 service time"`,
  },
  {
    name: 'misspelled service_time',
    yaml: 'thresholds:\n  service-time: { p99: 300 }\n',
    message: `${F}:2:3: thresholds.service-time: unknown key, did you mean \`service_time\`?`,
  },
  {
    name: 'error_class inside endpoint thresholds',
    yaml: 'endpoints:\n  - path: /\n    thresholds: { error_class: 5xx }\n',
    message: `${F}:3:19: endpoints[0].thresholds.error_class: applies to all traffic, set it in the top-level thresholds`,
  },
  {
    name: 'undefined variable',
    yaml: 'endpoints:\n  - path: /\n    headers:\n      Authorization: "Bearer ${API_TOKEN}"\n',
    message: `${F}:4:22: endpoints[0].headers.Authorization: environment variable API_TOKEN is not set (referenced as "\${API_TOKEN}")`,
  },
  {
    name: 'malformed variable reference',
    yaml: 'endpoints:\n  - path: "/items/${bad-name}"\n',
    message: `${F}:2:11: endpoints[0].path: expected \${NAME} with NAME made of letters, digits and _ (write $\${ for a literal \${), got "\${bad-name}"`,
  },
  {
    name: 'unknown environment',
    yaml: 'environments:\n  staging: {}\n  production: {}\n',
    environment: 'prod',
    message: `${F}:1:1: environments: unknown environment "prod" (known: staging, production)`,
  },
  {
    name: 'misspelled environment',
    yaml: 'environments:\n  staging: {}\n  production: {}\n',
    environment: 'stagng',
    message: `${F}:1:1: environments: unknown environment "stagng" (known: staging, production), did you mean \`staging\`?`,
  },
  {
    name: 'unknown key inside an environment',
    yaml: 'environments:\n  staging:\n    loads: {}\n',
    message: `${F}:3:5: environments.staging.loads: unknown key, did you mean \`load\`?`,
  },
  {
    name: 'error in an environment that is not selected',
    yaml: 'environments:\n  staging: {}\n  production:\n    load: { concurrency: -1 }\n',
    message: `${F}:4:26: load.concurrency: expected an integer from 1 to 100000, got -1 (environment "production")`,
  },
  {
    name: 'merged environment breaks a cross-field check, located in the environment',
    yaml: 'load:\n  duration: 60s\nenvironments:\n  staging:\n    load:\n      warm_up: 2m\n',
    message: `${F}:6:16: load.warm_up: expected less than load.duration (60s), got 120s`,
  },
  {
    name: 'override breaks a cross-field check',
    yaml: 'load:\n  warm_up: 20s\n',
    overrides: { durationSeconds: 10 },
    message: `${F}:2:12: load.warm_up: expected less than load.duration (10s), got 20s`,
  },
  {
    name: 'override pattern rate without rate',
    yaml: 'load:\n  concurrency: 10\n',
    overrides: { pattern: 'rate' },
    message: `override load.pattern: pattern "rate" needs load.rate (arrivals per second), which is not set`,
  },
  {
    name: 'override burst with spike >= period',
    yaml: 'load: {}\n',
    overrides: { pattern: 'burst', burst: { base: 1, peak: 5, spikeSeconds: 10, periodSeconds: 5 } },
    message: `override load.burst.spike: expected less than load.burst.period (5s), got 10s`,
  },
  // a caller that says how the user named each override (the action's inputs, the CLI's flags)
  {
    name: 'a labelled override: the input that broke the cross-field check is named',
    yaml: 'load:\n  timeout: 2s\n',
    overrides: { connectTimeoutMs: 3000, labels: { connectTimeoutMs: 'input connect-timeout' } },
    message: `input connect-timeout (load.connect_timeout): expected at most load.timeout (2000ms), got 3000ms`,
  },
  {
    name: 'a labelled pattern override without a rate',
    yaml: 'load:\n  concurrency: 10\n',
    overrides: { pattern: 'rate', labels: { pattern: '--pattern' } },
    message: `--pattern (load.pattern): pattern "rate" needs load.rate (arrivals per second), which is not set`,
  },
  {
    name: 'a labelled rate override the overridden pattern ignores',
    yaml: 'load: { pattern: rate, rate: 10 }\n',
    overrides: { pattern: 'sustained', rate: 50, labels: { pattern: '--pattern', rate: '--rate' } },
    message: `--rate (load.rate): only used by the rate and ramp-rate patterns, but the pattern is sustained; choose one of those patterns or drop the override`,
  },
  {
    name: 'a labelled burst override with spike >= period',
    yaml: 'load: {}\n',
    overrides: {
      pattern: 'burst',
      burst: { base: 1, peak: 5, spikeSeconds: 10, periodSeconds: 5 },
      labels: { burst: '--burst' },
    },
    message: `--burst (load.burst.spike): expected less than load.burst.period (5s), got 10s`,
  },
  {
    name: 'a labelled override only for the keys it labels (the file line for the rest)',
    yaml: 'load:\n  warm_up: 20s\n',
    overrides: { durationSeconds: 10, labels: { durationSeconds: '--duration' } },
    message: `${F}:2:12: load.warm_up: expected less than load.duration (10s), got 20s`,
  },
  {
    name: 'recursive YAML alias (mapping)',
    yaml: 'thresholds: &a\n  latency: *a\n',
    message: `${F}:2:12: thresholds.latency: recursive YAML alias *a (it is inside the node it refers to)`,
  },
  {
    name: 'recursive YAML alias (list)',
    yaml: 'endpoints: &e\n  - path: /\n  - *e\n',
    message: `${F}:3:5: endpoints[1]: recursive YAML alias *e (it is inside the node it refers to)`,
  },
  {
    name: 'YAML alias bomb (billion laughs)',
    yaml: [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
      'f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]',
      'g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]',
      'h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]',
      'i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]',
      '',
    ].join('\n'),
    message: `${F}:1:35: e[7][8][8][8][9]: too many values: more than 100000 after expanding YAML aliases`,
  },
  {
    name: 'unknown YAML alias',
    yaml: 'load:\n  concurrency: *n\n',
    message: `${F}:2:16: load.concurrency: unknown YAML alias *n`,
  },
  {
    name: 'override rate with the sustained pattern set in the file',
    yaml: 'load: { pattern: sustained }\n',
    overrides: { rate: 50 },
    message: `override load.rate: only used by the rate and ramp-rate patterns, but the pattern is sustained; set the pattern (input pattern / --pattern) too`,
  },
  {
    name: 'override rate with the file pattern ramp-up',
    yaml: 'load: { pattern: ramp-up }\n',
    overrides: { rate: 50 },
    message: `override load.rate: only used by the rate and ramp-rate patterns, but the pattern is ramp-up; set the pattern (input pattern / --pattern) too`,
  },
  {
    name: 'override burst with a rate pattern',
    yaml: 'load: { pattern: rate, rate: 10 }\n',
    overrides: { burst: { base: 1, peak: 5, spikeSeconds: 2, periodSeconds: 10 } },
    message: `override load.burst: only used by the burst pattern, but the pattern is rate; set the pattern (input pattern / --pattern) too`,
  },
  {
    name: 'override ramp_up with the burst pattern',
    yaml: 'load:\n  pattern: burst\n  burst: { base: 1, peak: 5, spike: 2s, period: 10s }\n',
    overrides: { rampUpSeconds: 30 },
    message: `override load.ramp_up: only used by the ramp-up and ramp-rate patterns, but the pattern is burst; set the pattern (input pattern / --pattern) too`,
  },
  {
    name: 'override rate with an overridden pattern that ignores it',
    yaml: 'load: { pattern: rate, rate: 10 }\n',
    overrides: { pattern: 'sustained', rate: 50 },
    message: `override load.rate: only used by the rate and ramp-rate patterns, but the pattern is sustained; choose one of those patterns or drop the override`,
  },
  {
    name: 'override duration 0',
    yaml: 'load: {}\n',
    overrides: { durationSeconds: 0 },
    message: `override load.duration: expected a duration greater than zero, got 0s`,
  },
  {
    name: 'override timeout 0',
    yaml: 'load: {}\n',
    overrides: { timeoutMs: 0 },
    message: `override load.timeout: expected a duration greater than zero, got 0ms`,
  },
  {
    name: 'override negative warm-up',
    yaml: 'load: {}\n',
    overrides: { warmUpSeconds: -1 },
    message: `override load.warm_up: expected a duration of zero or more, got -1s`,
  },
  {
    name: 'override think time NaN',
    yaml: 'load: {}\n',
    overrides: { thinkTimeMs: Number.NaN },
    message: `override load.think_time: expected a duration of zero or more, got NaNms`,
  },
  {
    name: 'override workers above the cap',
    yaml: 'load: {}\n',
    overrides: { workers: 65 },
    message: `override load.workers: expected an integer from 1 to 64, got 65`,
  },
  {
    name: 'override concurrency 0',
    yaml: 'load: {}\n',
    overrides: { concurrency: 0 },
    message: `override load.concurrency: expected an integer from 1 to 100000, got 0`,
  },
  {
    name: 'override burst spike 0',
    yaml: 'load: {}\n',
    overrides: { pattern: 'burst', burst: { base: 1, peak: 5, spikeSeconds: 0, periodSeconds: 10 } },
    message: `override load.burst.spike: expected a duration greater than zero, got 0s`,
  },
  {
    name: 'slo abort_on_breach not a boolean',
    yaml: 'slo:\n  abort_on_breach: sometimes\n',
    message: `${F}:2:20: slo.abort_on_breach: expected true or false, got "sometimes"`,
  },
];
