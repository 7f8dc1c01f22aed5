// Turns raw option strings (action inputs or CLI flags, keyed by input name) into one typed,
// validated Settings value. Pure: the environment is passed in, never read here.
import { BASELINE_PREVIOUS_RUN, Defaults, EnvVars, Inputs } from '../constants.js';
import { quote } from '../config/messages.js';
import { parseDuration } from '../config/duration.js';
import { readBurstText, readLoadOverrideText, readRuleText } from '../config/load-fields.js';
import { InputError } from '../errors.js';
import type { LoadOverrides } from '../config/types.js';
import { MAX_RUN_SHARDS, parseRunShard, WHOLE_RUN } from './run-shard.js';
import type { BaselineSource, RunContext, Settings, SlackWhen, StartAt } from './types.js';
import { readProxyEnv, readTransportOverrides } from './transport.js';

type InputName = (typeof Inputs)[keyof typeof Inputs];
/** Raw values by input name; '' or undefined = not given. */
export type RawOptions = Partial<Record<InputName, string>>;
export type Env = Readonly<Record<string, string | undefined>>;

const SLACK_WHEN: readonly SlackWhen[] = ['always', 'failure', 'never'];
/** Artifact retention: GitHub's limit. */
const MAX_RETENTION_DAYS = 400;
/** Input trend-runs: earlier runs fetched and charted, at most. */
const MAX_TREND_RUNS = 100;

/** The inputs that override one `load` field each (burst has its own text form). */
const LOAD_INPUTS = [
  [Inputs.Pattern, 'pattern'],
  [Inputs.Concurrency, 'concurrency'],
  [Inputs.Duration, 'durationSeconds'],
  [Inputs.Rate, 'rate'],
  [Inputs.RampUp, 'rampUpSeconds'],
  [Inputs.ThinkTime, 'thinkTimeMs'],
  [Inputs.Workers, 'workers'],
  [Inputs.Timeout, 'timeoutMs'],
  [Inputs.ConnectTimeout, 'connectTimeoutMs'],
  [Inputs.FirstByteTimeout, 'firstByteTimeoutMs'],
  [Inputs.WarmUp, 'warmUpSeconds'],
] as const satisfies readonly (readonly [InputName, keyof LoadOverrides])[];

/** How an option is named to the user: `input concurrency` for the action, `--concurrency` for the CLI. */
export type OptionLabel = (name: InputName) => string;

export function parseSettings(raw: RawOptions, env: Env, label: OptionLabel, run: RunContext): Settings {
  const get = (name: InputName): string | undefined => {
    const value = raw[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const fail = (name: InputName, expected: string, got: string): never => {
    throw new InputError(`${label(name)}: expected ${expected}, got ${quote(got)}`);
  };
  const int = (name: InputName, min: number, max: number): number | undefined => {
    const text = get(name);
    return text === undefined
      ? undefined
      : (readRuleText({ kind: 'int', min, max }, text, label(name)) as number);
  };
  const bool = (name: InputName, fallback: boolean): boolean => {
    const text = get(name);
    if (text === undefined) return fallback;
    if (/^(true|yes|1)$/i.test(text)) return true;
    if (/^(false|no|0)$/i.test(text)) return false;
    return fail(name, 'true or false', text);
  };
  const url = (name: InputName, text: string | undefined): URL | undefined => {
    if (text === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      return fail(name, 'an absolute http(s) URL', text);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') fail(name, 'an http or https URL', text);
    return parsed;
  };
  const oneOf = <T extends string>(name: InputName, allowed: readonly T[]): T | undefined => {
    const text = get(name);
    if (text === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(text)) fail(name, `one of ${allowed.join(', ')}`, text);
    return text as T;
  };

  const targetText = get(Inputs.TargetUrl);
  if (targetText === undefined) throw new InputError(`${label(Inputs.TargetUrl)} is required`);
  const targetUrl = url(Inputs.TargetUrl, targetText)!;
  if (targetUrl.username || targetUrl.password) {
    // Credentials in the URL would be dropped by the HTTP client and written into every report.
    throw new InputError(
      `${label(Inputs.TargetUrl)}: credentials in the URL are not sent; put an Authorization header with \${VAR} in endpoints[].headers instead`,
    );
  }

  // Load overrides are read by the config file's own rules (src/config/load-fields.ts).
  const load: LoadOverrides = {};
  const labels: NonNullable<LoadOverrides['labels']> = {};
  for (const [input, field] of LOAD_INPUTS) {
    const text = get(input);
    if (text === undefined) continue;
    (load as Record<string, unknown>)[field] = readLoadOverrideText(field, text, label(input));
    labels[field] = label(input);
  }
  const burst = get(Inputs.Burst);
  if (burst !== undefined) {
    load.burst = readBurstText(burst, label(Inputs.Burst));
    labels.burst = label(Inputs.Burst);
  }
  // the config's cross-field checks name the flag or input that broke them
  if (Object.keys(labels).length > 0) load.labels = labels;
  if (get(Inputs.AbortOnBreach) !== undefined) load.abortOnBreach = bool(Inputs.AbortOnBreach, false);

  const configPath = get(Inputs.ConfigPath);
  const pushgatewayUrl = url(
    Inputs.PushgatewayUrl,
    get(Inputs.PushgatewayUrl) ?? nonEmpty(env[EnvVars.PushgatewayUrl]),
  );
  const slackUrl = url(
    Inputs.SlackWebhookUrl,
    get(Inputs.SlackWebhookUrl) ?? nonEmpty(env[EnvVars.SlackWebhookUrl]),
  );
  const token = get(Inputs.GithubToken);
  const retention = int(Inputs.RetentionDays, 1, MAX_RETENTION_DAYS);
  const reportPath = raw[Inputs.ReportPath];
  const shardText = get(Inputs.Shard);
  const runShard = shardText === undefined ? WHOLE_RUN : parseRunShard(shardText);
  if (runShard === null)
    fail(Inputs.Shard, `i/n with 1 ≤ i ≤ n ≤ ${MAX_RUN_SHARDS}, such as 2/4`, shardText!);
  const startText = get(Inputs.StartAt);
  const baselineUrl = url(Inputs.BaselineUrl, get(Inputs.BaselineUrl));
  if (baselineUrl && (baselineUrl.username || baselineUrl.password)) {
    throw new InputError(
      `${label(Inputs.BaselineUrl)}: credentials in the URL are not sent; use baseline-headers`,
    );
  }
  for (const name of [Inputs.CanaryHeaders, Inputs.BaselineHeaders, Inputs.AaTest] as const) {
    if (!baselineUrl && get(name) !== undefined)
      throw new InputError(`${label(name)} needs ${label(Inputs.BaselineUrl)} (canary mode)`);
  }
  const weightText = get(Inputs.TrafficWeight);
  const trafficWeight = weightText === undefined ? null : Number(weightText);
  if (
    trafficWeight !== null &&
    !(Number.isFinite(trafficWeight) && trafficWeight >= 0 && trafficWeight <= 100)
  )
    fail(Inputs.TrafficWeight, 'a percentage from 0 to 100', weightText!);

  return Object.freeze({
    targetUrl,
    configPath: configPath ?? Defaults.ConfigPath,
    // Named by the user (the action declares no default for it): then the file must exist.
    configPathExplicit: configPath !== undefined,
    environment: get(Inputs.Environment) ?? nonEmpty(env[EnvVars.Environment]) ?? Defaults.Environment,
    stage: get(Inputs.Stage) ?? null,
    trafficWeight,
    canary: baselineUrl
      ? {
          baselineUrl,
          canaryHeaders: parseHeaders(get(Inputs.CanaryHeaders), label(Inputs.CanaryHeaders)),
          baselineHeaders: parseHeaders(get(Inputs.BaselineHeaders), label(Inputs.BaselineHeaders)),
          aa: bool(Inputs.AaTest, false),
        }
      : null,
    autoRollback: get(Inputs.AutoRollback) === undefined ? null : bool(Inputs.AutoRollback, true),
    calibrate: bool(Inputs.Calibrate, false),
    load: Object.freeze(load),
    outputDir: get(Inputs.OutputDir) ?? Defaults.OutputDir,
    // Unset = the default log; set but empty = do not append.
    deploymentReportPath:
      reportPath === undefined ? Defaults.DeploymentReport : (nonEmpty(reportPath.trim()) ?? null),
    artifact: {
      upload: bool(Inputs.UploadArtifact, true),
      name: get(Inputs.ArtifactName) ?? Defaults.ArtifactName,
      retentionDays: retention ?? null,
    },
    pushgateway: pushgatewayUrl
      ? {
          url: pushgatewayUrl,
          job: get(Inputs.PushgatewayJob) ?? Defaults.PushgatewayJob,
          deleteAfter: bool(Inputs.PushgatewayDelete, false),
        }
      : null,
    slack: slackUrl
      ? { webhookUrl: slackUrl, when: oneOf(Inputs.SlackNotify, SLACK_WHEN) ?? 'failure' }
      : null,
    github: token
      ? {
          token,
          prComment: bool(Inputs.PrComment, true),
          apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
        }
      : null,
    baseline: readBaseline(get(Inputs.Baseline), get(Inputs.BaselineResults), env, label),
    trendRuns: int(Inputs.TrendRuns, 1, MAX_TREND_RUNS) ?? Defaults.TrendRuns,
    transport: readTransportOverrides({ get, int, bool, oneOf, label }),
    proxyEnv: readProxyEnv(env),
    run,
    runShard: runShard!,
    startAt: startText === undefined ? null : parseStartAt(startText, label(Inputs.StartAt)),
  });
}

/** Input baseline: previous-run, or a path (as baseline-results, its older name; not both). */
function readBaseline(
  baseline: string | undefined,
  resultsPath: string | undefined,
  env: Env,
  label: OptionLabel,
): BaselineSource | null {
  if (baseline !== undefined && resultsPath !== undefined)
    throw new InputError(
      `${label(Inputs.Baseline)} and ${label(Inputs.BaselineResults)}: give one of them, got ${quote(baseline)} and ${quote(resultsPath)}`,
    );
  const text = baseline ?? resultsPath;
  if (text === undefined) return null;
  if (text !== BASELINE_PREVIOUS_RUN) return { kind: 'files', path: text };
  return {
    kind: 'previous-run',
    workflowRef: nonEmpty(env[EnvVars.WorkflowRef]) ?? null,
    eventPath: nonEmpty(env[EnvVars.EventPath]) ?? null,
  };
}

/**
 * An ISO 8601 time with its zone (2026-12-01T23:00:00Z), or next:<duration> for the next multiple
 * of that period of the UTC wall clock (next:1m = the next whole minute).
 */
function parseStartAt(text: string, what: string): StartAt {
  const boundary = /^next:(.+)$/.exec(text);
  if (boundary) {
    const everySeconds = parseDuration(boundary[1]!, what);
    if (everySeconds <= 0)
      throw new InputError(`${what}: expected a positive period after next:, got ${quote(text)}`);
    return { kind: 'boundary', everySeconds };
  }
  const epochMs = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)
    ? Date.parse(text)
    : Number.NaN;
  if (!Number.isFinite(epochMs)) {
    throw new InputError(
      `${what}: expected an ISO 8601 time with its zone (2026-12-01T23:00:00Z) or next:<period> (next:1m), got ${quote(text)}`,
    );
  }
  return { kind: 'time', epochMs };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/** "Name: value" lines (one header per line; a CLI flag given twice adds a line). */
export function parseHeaders(text: string | undefined, what: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (text === undefined) return headers;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    const value = colon > 0 ? line.slice(colon + 1).trim() : '';
    if (!HEADER_NAME.test(name) || !HEADER_VALUE.test(value)) {
      throw new InputError(
        `${what}: expected "Name: value" lines (an HTTP header name, an ASCII value), got ${quote(line)}`,
      );
    }
    headers[name] = value;
  }
  return headers;
}
