import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../src/errors.js';
import { parseSettings, type RawOptions } from '../../src/settings/parse.js';
import { readRunContext } from '../../src/settings/run-context.js';

const label = (name: string) => `input ${name}`;
const parse = (raw: RawOptions, env: Record<string, string> = {}) =>
  parseSettings(raw, env, label, readRunContext({}));
const target = { 'target-url': 'http://127.0.0.1:8080/api' };

describe('parseSettings', () => {
  it('reads defaults: environment from ENVIRONMENT, else staging; config path default is not explicit', () => {
    const s = parse(target);
    assert.equal(s.targetUrl.href, 'http://127.0.0.1:8080/api');
    assert.equal(s.environment, 'staging');
    assert.equal(s.configPath, 'deploy/performance_config.yml');
    assert.equal(s.configPathExplicit, false);
    assert.deepEqual(s.load, {});
    assert.equal(s.deploymentReportPath, 'deploy/deployment_report.md');
    assert.equal(s.pushgateway, null);
    assert.equal(s.slack, null);
    assert.equal(parse(target, { ENVIRONMENT: 'production' }).environment, 'production');
    assert.equal(
      parse({ ...target, environment: 'canary' }, { ENVIRONMENT: 'production' }).environment,
      'canary',
    );
  });

  it('maps load inputs to overrides with units', () => {
    const s = parse({
      ...target,
      concurrency: '250',
      duration: '300',
      pattern: 'burst',
      burst: '50:500:5s:30s',
      'think-time': '100ms',
      timeout: '2s',
      'connect-timeout': '500ms',
      'first-byte-timeout': '1.5s',
      'warm-up': '10s',
      'abort-on-breach': 'true',
      rate: '1500',
      'ramp-up': '1m',
      workers: '2',
    });
    assert.deepEqual(s.load, {
      pattern: 'burst',
      concurrency: 250,
      durationSeconds: 300,
      rate: 1500,
      rampUpSeconds: 60,
      burst: { base: 50, peak: 500, spikeSeconds: 5, periodSeconds: 30 },
      thinkTimeMs: 100,
      workers: 2,
      timeoutMs: 2000,
      connectTimeoutMs: 500,
      firstByteTimeoutMs: 1500,
      warmUpSeconds: 10,
      abortOnBreach: true,
      // how each was named, for the config's cross-field messages
      labels: {
        pattern: 'input pattern',
        concurrency: 'input concurrency',
        durationSeconds: 'input duration',
        rate: 'input rate',
        rampUpSeconds: 'input ramp-up',
        burst: 'input burst',
        thinkTimeMs: 'input think-time',
        workers: 'input workers',
        timeoutMs: 'input timeout',
        connectTimeoutMs: 'input connect-timeout',
        firstByteTimeoutMs: 'input first-byte-timeout',
        warmUpSeconds: 'input warm-up',
      },
    });
  });

  it('takes the Pushgateway and Slack URLs from the environment when the inputs are empty', () => {
    const s = parse(
      { ...target, 'pushgateway-url': '', 'slack-webhook-url': '' },
      {
        PROMETHEUS_PUSHGATEWAY_URL: 'http://127.0.0.1:9091',
        SLACK_WEBHOOK_URL: 'https://hooks.slack.test/T/B/x',
      },
    );
    assert.equal(s.pushgateway?.url.href, 'http://127.0.0.1:9091/');
    assert.equal(s.pushgateway?.job, 'slo_loadtest');
    assert.equal(s.slack?.when, 'failure');
    assert.equal(s.slack?.webhookUrl.href, 'https://hooks.slack.test/T/B/x');
  });

  it('a config path the user names is explicit, even when it is the default path', () => {
    assert.equal(
      parse({ ...target, 'config-path': 'deploy/performance_config.yml' }).configPathExplicit,
      true,
    );
    assert.equal(parse({ ...target, 'config-path': '' }).configPathExplicit, false);
  });

  it('an empty deployment-report input disables the log', () => {
    assert.equal(parse({ ...target, 'deployment-report': '' }).deploymentReportPath, null);
  });

  const broken: Array<[string, RawOptions, string]> = [
    ['missing target', {}, 'input target-url is required'],
    [
      'relative target',
      { 'target-url': 'localhost:8080' },
      'input target-url: expected an http or https URL, got "localhost:8080"',
    ],
    [
      'not a URL',
      { 'target-url': 'http//x' },
      'input target-url: expected an absolute http(s) URL, got "http//x"',
    ],
    [
      'ftp target',
      { 'target-url': 'ftp://127.0.0.1/' },
      'input target-url: expected an http or https URL, got "ftp://127.0.0.1/"',
    ],
    [
      'credentials in the target URL',
      { 'target-url': 'http://alice:s3cret@127.0.0.1/' },
      'input target-url: credentials in the URL are not sent; put an Authorization header with ${VAR} in endpoints[].headers instead',
    ],
    [
      'zero duration',
      { ...target, duration: '0' },
      'input duration: expected a duration greater than zero, got "0"',
    ],
    [
      'zero timeout',
      { ...target, timeout: '0s' },
      'input timeout: expected a duration greater than zero, got "0s"',
    ],
    [
      'zero connect-timeout',
      { ...target, 'connect-timeout': '0' },
      'input connect-timeout: expected a duration greater than zero, got "0"',
    ],
    [
      'first-byte-timeout not a duration',
      { ...target, 'first-byte-timeout': 'soon' },
      'input first-byte-timeout: expected a duration such as "60s", "5m", "1h30m", "500ms" or a number of seconds, got "soon"',
    ],
    [
      'first-byte-timeout over 24 h',
      { ...target, 'first-byte-timeout': '25h' },
      'input first-byte-timeout: expected a duration of at most 24h, got "25h"',
    ],
    [
      'zero concurrency',
      { ...target, concurrency: '0' },
      'input concurrency: expected an integer from 1 to 100000, got "0"',
    ],
    [
      'fractional concurrency',
      { ...target, concurrency: '1.5' },
      'input concurrency: expected an integer from 1 to 100000, got "1.5"',
    ],
    [
      'unknown pattern',
      { ...target, pattern: 'spike' },
      'input pattern: expected one of sustained, ramp-up, burst, rate, ramp-rate, got "spike"',
    ],
    [
      'negative rate',
      { ...target, rate: '-5' },
      'input rate: expected a positive number of requests per second, got "-5"',
    ],
    [
      'bad boolean',
      { ...target, 'abort-on-breach': 'maybe' },
      'input abort-on-breach: expected true or false, got "maybe"',
    ],
    [
      'bad burst',
      { ...target, burst: '50:500' },
      'input burst: expected base:peak:spike:period such as 50:500:5s:30s, got "50:500"',
    ],
    [
      'burst base out of range (the file rule)',
      { ...target, burst: '200000:500:5s:30s' },
      'input burst (base): expected an integer from 0 to 100000, got "200000"',
    ],
    [
      'burst spike of zero',
      { ...target, burst: '50:500:0s:30s' },
      'input burst (spike): expected a duration greater than zero, got "0s"',
    ],
    [
      'think time that is no duration',
      { ...target, 'think-time': 'soon' },
      'input think-time: expected a duration such as "60s", "5m", "1h30m", "500ms" or a number of seconds, got "soon"',
    ],
    [
      'workers above the cap',
      { ...target, workers: '65' },
      'input workers: expected an integer from 1 to 64, got "65"',
    ],
    [
      'bad slack mode',
      { ...target, 'slack-webhook-url': 'https://hooks.slack.test/x', 'slack-notify': 'sometimes' },
      'input slack-notify: expected one of always, failure, never, got "sometimes"',
    ],
    [
      'baseline and baseline-results together',
      { ...target, baseline: 'previous-run', 'baseline-results': 'old/results.json' },
      'input baseline and input baseline-results: give one of them, got "previous-run" and "old/results.json"',
    ],
    [
      'trend-runs 0',
      { ...target, 'trend-runs': '0' },
      'input trend-runs: expected an integer from 1 to 100, got "0"',
    ],
  ];
  for (const [name, raw, message] of broken) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => parse(raw),
        (error: unknown) => {
          assert.ok(error instanceof InputError);
          assert.equal(error.message, message);
          assert.equal(error.exitCode, 2);
          return true;
        },
      );
    });
  }
});

describe('baseline', () => {
  const env = {
    GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/deploy.yml@refs/pull/42/merge',
    GITHUB_EVENT_PATH: '/runner/event.json',
  };
  const cases: Array<[string, RawOptions, unknown, number]> = [
    ['none', target, null, 10],
    [
      'previous-run: the workflow ref and event payload from the runner',
      { ...target, baseline: 'previous-run', 'trend-runs': '5' },
      { kind: 'previous-run', workflowRef: env.GITHUB_WORKFLOW_REF, eventPath: env.GITHUB_EVENT_PATH },
      5,
    ],
    ['a path', { ...target, baseline: 'earlier/' }, { kind: 'files', path: 'earlier/' }, 10],
    [
      'baseline-results, the older name',
      { ...target, 'baseline-results': 'r.json' },
      { kind: 'files', path: 'r.json' },
      10,
    ],
  ];
  for (const [name, raw, want, runs] of cases)
    it(name, () => {
      const s = parse(raw, env);
      assert.deepEqual([s.baseline, s.trendRuns], [want, runs]);
    });
});

describe('readRunContext', () => {
  it('builds the run URL and finds the PR number in the ref', () => {
    const run = readRunContext({
      GITHUB_SERVER_URL: 'https://github.example.com',
      GITHUB_REPOSITORY: 'org/backend-v2',
      GITHUB_RUN_ID: '77',
      GITHUB_REF: 'refs/pull/12/merge',
    });
    assert.equal(run.runUrl, 'https://github.example.com/org/backend-v2/actions/runs/77');
    assert.equal(run.pullRequest, 12);
    assert.equal(readRunContext({}).runUrl, null);
  });
});
