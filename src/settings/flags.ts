// The CLI's settings: `slo-loadtest run --target URL …` flags mapped onto the action's input
// names, so both faces share one parser and one set of defaults.
import { parseArgs } from 'node:util';
import { quote } from '../config/messages.js';
import { Defaults, Inputs } from '../constants.js';
import { PATTERNS, TLS_MIN_VERSIONS } from '../config/keys.js';
import { InputError } from '../errors.js';
import { parseSettings, type Env, type OptionLabel, type RawOptions } from './parse.js';
import { readRunContext } from './run-context.js';
import { CANARY_FLAGS, CANARY_SWITCHES, CANARY_USAGE, SHARED_SWITCHES } from './canary-flags.js';
import { readRolloutFlags, ROLLOUT_FLAGS, ROLLOUT_USAGE, type RolloutFlags } from './rollout-flags.js';
import type { RunContext, Settings } from './types.js';

type InputName = (typeof Inputs)[keyof typeof Inputs];

interface Flag {
  flag: string;
  input: InputName;
  help: string;
  default?: string;
}

/** Every CLI flag, its input and its help line: the table --help prints. */
export const FLAGS: readonly Flag[] = [
  { flag: 'target', input: Inputs.TargetUrl, help: 'Base URL of the deployment under test (required)' },
  {
    flag: 'config',
    input: Inputs.ConfigPath,
    help: 'SLO and load config file',
    default: Defaults.ConfigPath,
  },
  {
    flag: 'environment',
    input: Inputs.Environment,
    help: 'environments.<name> to apply',
    default: `$ENVIRONMENT or ${Defaults.Environment}`,
  },
  {
    flag: 'concurrency',
    input: Inputs.Concurrency,
    help: 'Users (closed model) or in-flight cap (rate patterns)',
    default: `config or ${Defaults.Concurrency}`,
  },
  {
    flag: 'duration',
    input: Inputs.Duration,
    help: 'Load duration: 60s, 5m, 1h30m; a plain number is seconds',
    default: `config or ${Defaults.DurationSeconds}s`,
  },
  {
    flag: 'pattern',
    input: Inputs.Pattern,
    help: PATTERNS.join(' | '),
    default: 'config or sustained',
  },
  { flag: 'rate', input: Inputs.Rate, help: 'Arrivals per second for rate patterns' },
  { flag: 'ramp-up', input: Inputs.RampUp, help: 'Ramp time for ramp-up / ramp-rate, e.g. 30s' },
  { flag: 'burst', input: Inputs.Burst, help: 'base:peak:spike:period, e.g. 50:500:5s:30s' },
  {
    flag: 'think-time',
    input: Inputs.ThinkTime,
    help: 'Pause per user between requests (closed model), e.g. 100ms',
  },
  {
    flag: 'warm-up',
    input: Inputs.WarmUp,
    help: 'Initial time excluded from the SLOs, e.g. 10s',
    default: 'config or 0s',
  },
  { flag: 'timeout', input: Inputs.Timeout, help: 'Per-request timeout', default: 'config or 10s' },
  {
    flag: 'connect-timeout',
    input: Inputs.ConnectTimeout,
    help: 'Connecting (TCP, TLS handshake, proxy tunnel) may take at most this, e.g. 2s',
    default: 'config or none',
  },
  {
    flag: 'first-byte-timeout',
    input: Inputs.FirstByteTimeout,
    help: 'The first response byte must come within this of the send, e.g. 5s',
    default: 'config or none',
  },
  { flag: 'workers', input: Inputs.Workers, help: 'Generator worker threads', default: 'from the CPU count' },
  {
    flag: 'calibrate',
    input: Inputs.Calibrate,
    help: "Measure the generator's latency floor against a null server before the load (true/false)",
    default: 'false',
  },
  {
    flag: 'abort-on-breach',
    input: Inputs.AbortOnBreach,
    help: 'Stop early once a breach cannot recover (true/false)',
    default: 'config or false',
  },
  {
    flag: 'http-version',
    input: Inputs.HttpVersion,
    help: 'HTTP version: 1.1 or 2 (ALPN h2, checked before the load)',
    default: 'config or 1.1',
  },
  {
    flag: 'connections',
    input: Inputs.Connections,
    help: 'HTTP/2: connections the users (streams) are spread over',
    default: 'one per 100 users',
  },
  {
    flag: 'resolve',
    input: Inputs.Resolve,
    help: "host:port:address[,…]: connect there, Host and SNI keep the URL's name",
  },
  {
    flag: 'proxy',
    input: Inputs.Proxy,
    help: 'Proxy URL for the load',
    default: '$HTTPS_PROXY / $HTTP_PROXY unless $NO_PROXY',
  },
  { flag: 'ca-cert', input: Inputs.CaCert, help: 'PEM file of extra trusted certificate authorities' },
  {
    flag: 'client-cert',
    input: Inputs.ClientCert,
    help: 'PEM client certificate (mutual TLS, with --client-key)',
  },
  { flag: 'client-key', input: Inputs.ClientKey, help: 'PEM private key of --client-cert' },
  {
    flag: 'servername',
    input: Inputs.Servername,
    help: "SNI and certificate name instead of the URL's host",
  },
  {
    flag: 'insecure-tls',
    input: Inputs.InsecureTls,
    help: 'Turn certificate checks off (true/false; warned about in every report)',
    default: 'false',
  },
  { flag: 'tls-min-version', input: Inputs.TlsMinVersion, help: TLS_MIN_VERSIONS.join(' | ') },
  { flag: 'stage', input: Inputs.Stage, help: 'Progressive-rollout stage label' },
  {
    flag: 'baseline',
    input: Inputs.Baseline,
    help: 'Earlier results.json (or a folder of them, e.g. downloaded report artifacts): deltas and trend',
  },
  {
    flag: 'trend-runs',
    input: Inputs.TrendRuns,
    help: 'Earlier runs in the trend, at most (1-100)',
    default: String(Defaults.TrendRuns),
  },
  {
    flag: 'shard',
    input: Inputs.Shard,
    help: 'Runner shard i/n: send this share of the load (merge the n results)',
  },
  {
    flag: 'start-at',
    input: Inputs.StartAt,
    help: 'Shared start: ISO time with zone, or next:<period> (next:1m)',
    default: 'when ready',
  },
  {
    flag: 'results',
    input: Inputs.OutputDir,
    help: 'Folder for results.json, report.md, junit.xml, report.html',
    default: Defaults.OutputDir,
  },
  {
    flag: 'report',
    input: Inputs.ReportPath,
    help: 'Deployment report log to append to ("" to skip)',
    default: '"" (skip)',
  },
  {
    flag: 'pushgateway',
    input: Inputs.PushgatewayUrl,
    help: 'Prometheus Pushgateway URL',
    default: '$PROMETHEUS_PUSHGATEWAY_URL',
  },
  {
    flag: 'pushgateway-job',
    input: Inputs.PushgatewayJob,
    help: 'Pushgateway job name',
    default: Defaults.PushgatewayJob,
  },
  {
    flag: 'slack-webhook',
    input: Inputs.SlackWebhookUrl,
    help: 'Slack incoming webhook (never printed)',
    default: '$SLACK_WEBHOOK_URL',
  },
  { flag: 'slack-notify', input: Inputs.SlackNotify, help: 'always | failure | never', default: 'failure' },
];

export const USAGE = 'slo-loadtest run --target URL [options]';
export const MERGE_USAGE =
  'slo-loadtest merge DIR-or-FILES… [--config FILE] [--results DIR] [reporter options]';

/** Flags of `merge`: where the config and the reports are; the load and target come from the shards. */
const MERGE_FLAGS: ReadonlySet<string> = new Set([
  'config',
  'results',
  'report',
  'pushgateway',
  'pushgateway-job',
  'slack-webhook',
  'slack-notify',
  'baseline',
  'trend-runs',
]);

export const CALIBRATE_USAGE =
  'slo-loadtest calibrate --rate R [--concurrency N] [--duration D] [--workers W]';
/** The flags `calibrate` takes (besides --config and --environment, for the planned load). */
const CALIBRATE_FLAGS = ['rate', 'concurrency', 'duration', 'workers', 'pattern', 'config', 'environment'];
/** A calibration loads its own null server: the target is never contacted. */
const CALIBRATION_TARGET = 'http://127.0.0.1/';

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; settings: Settings }
  | { kind: 'canary'; settings: Settings }
  | { kind: 'rollout'; settings: Settings; rollout: RolloutFlags }
  | { kind: 'merge'; paths: string[]; raw: RawOptions; label: OptionLabel; run: RunContext }
  | { kind: 'calibrate'; settings: Settings };

export function parseCli(argv: readonly string[], env: Env): CliCommand {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {
    help: { type: 'boolean' },
    version: { type: 'boolean' },
  };
  for (const f of FLAGS) options[f.flag] = { type: 'string' };
  for (const f of ROLLOUT_FLAGS) options[f.flag] = { type: f.type };
  for (const f of CANARY_FLAGS)
    options[f.flag] = { type: 'string', ...(f.multiple ? { multiple: true } : {}) };
  for (const f of CANARY_SWITCHES) options[f.flag] = { type: 'boolean' };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new InputError(
      `${(error as Error).message.replace(/\s*\n\s*/g, ' ').replace(/\. To specify.*$/s, '')}; see slo-loadtest --help`,
    );
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...rest] = parsed.positionals;
  if (command === 'merge') {
    const foreign = FLAGS.filter((f) => typeof values[f.flag] === 'string' && !MERGE_FLAGS.has(f.flag));
    if (foreign.length > 0) {
      throw new InputError(
        `merge takes the target and the load from the shards: --${foreign[0]!.flag} does not apply; usage: ${MERGE_USAGE}`,
      );
    }
  } else if (
    (command !== 'run' && command !== 'rollout' && command !== 'canary' && command !== 'calibrate') ||
    rest.length > 0
  ) {
    throw new InputError(
      `expected the command "run", "canary", "rollout", "merge" or "calibrate", got ${quote(parsed.positionals.join(' '))}; usage: ${USAGE}`,
    );
  }
  const rolloutOnly = ROLLOUT_FLAGS.find(
    (f) => values[f.flag] !== undefined && !(command === 'canary' && SHARED_SWITCHES.includes(f.flag)),
  );
  if (command !== 'rollout' && rolloutOnly)
    throw new InputError(`--${rolloutOnly.flag} belongs to the rollout command; usage: ${ROLLOUT_USAGE}`);
  const canaryOnly = [...CANARY_FLAGS, ...CANARY_SWITCHES].find(
    (f) => values[f.flag] !== undefined && command !== 'canary' && f.flag !== 'traffic-weight',
  );
  if (canaryOnly)
    throw new InputError(`--${canaryOnly.flag} belongs to the canary command; usage: ${CANARY_USAGE}`);
  const raw: RawOptions = {};
  for (const f of FLAGS) {
    const value = values[f.flag];
    if (typeof value === 'string') raw[f.input] = value;
  }
  for (const f of CANARY_FLAGS) {
    const value = values[f.flag] as string | string[] | undefined;
    if (value === undefined) continue;
    if (raw[f.input] !== undefined) throw new InputError(`--${f.flag}: the same setting was given twice`);
    raw[f.input] = Array.isArray(value) ? value.join('\n') : value;
  }
  if (command === 'canary') {
    if (values['aa'] === true) raw[Inputs.AaTest] = 'true';
    // canary_verify.py rolled back only with --auto-rollback-on-loadfail
    raw[Inputs.AutoRollback] = values['auto-rollback-on-loadfail'] === true ? 'true' : 'false';
  }
  // The CLI appends to a deployment log only when asked to.
  if (raw[Inputs.ReportPath] === undefined) raw[Inputs.ReportPath] = '';
  // There is no artifact service outside Actions; the files stay in the results folder.
  raw[Inputs.UploadArtifact] = 'false';
  const byInput = new Map(FLAGS.map((f) => [f.input, f.flag]));
  if (command === 'canary') {
    byInput.set(Inputs.TargetUrl, 'canary-url');
    byInput.set(Inputs.BaselineUrl, 'production-url');
  }
  const label: OptionLabel = (name) => `--${byInput.get(name) ?? name}`;
  if (command === 'merge') return { kind: 'merge', paths: rest, raw, label, run: readRunContext(env) };
  if (command === 'calibrate')
    return { kind: 'calibrate', settings: calibrateSettings(raw, values, env, label) };
  const settings = parseSettings(raw, env, label, readRunContext(env));
  if (command === 'run') return { kind: 'run', settings };
  if (command === 'canary') {
    if (settings.canary === null)
      throw new InputError(`--production-url is required; usage: ${CANARY_USAGE}`);
    return { kind: 'canary', settings };
  }
  if (settings.stage !== null)
    throw new InputError('--stage: each rollout stage is labelled by its weight (canary-<weight>)');
  return { kind: 'rollout', settings, rollout: readRolloutFlags(values) };
}

/** `calibrate`: the run's load flags (and config), a rate meaning the rate pattern unless told otherwise. */
function calibrateSettings(
  raw: RawOptions,
  values: Record<string, string | boolean | undefined>,
  env: Env,
  label: OptionLabel,
): Settings {
  const other = FLAGS.find((f) => values[f.flag] !== undefined && !CALIBRATE_FLAGS.includes(f.flag));
  if (other) throw new InputError(`--${other.flag}: not an option of calibrate; usage: ${CALIBRATE_USAGE}`);
  if (raw[Inputs.Rate] !== undefined && raw[Inputs.Pattern] === undefined) raw[Inputs.Pattern] = 'rate';
  return parseSettings({ ...raw, [Inputs.TargetUrl]: CALIBRATION_TARGET }, env, label, readRunContext(env));
}

export function helpText(): string {
  const width = Math.max(...[...FLAGS, ...ROLLOUT_FLAGS, ...CANARY_FLAGS].map((f) => f.flag.length)) + 4;
  const line = (f: { flag: string; help: string; default?: string }): string =>
    `${`  --${f.flag}`.padEnd(width + 2)}${f.help}${f.default ? ` (default: ${f.default})` : ''}`;
  return [
    `Usage: ${USAGE}`,
    `       ${ROLLOUT_USAGE}`,
    `       ${CANARY_USAGE}`,
    `       ${MERGE_USAGE}`,
    `       ${CALIBRATE_USAGE}`,
    '',
    'Load-tests a deployment, judges it against SLOs and exits with the verdict.',
    'rollout: for each stage, runs the shift command, waits --settle, gates the stage like run',
    '(results in <results>/stage-<weight>/, summary in <results>/rollout.json) and stops at the',
    'first stage that does not pass; the rollback command runs with --auto-rollback-on-loadfail.',
    'merge: judges the exact union of runner shards (--shard i/n) from their results.json files.',
    '',
    'Options:',
    ...FLAGS.map(line),
    '',
    'Rollout options:',
    ...ROLLOUT_FLAGS.map(line),
    '',
    'Canary options (canary loads the canary and production in the same window, at the same rate',
    'each, and judges the difference; also takes --load-test and --auto-rollback-on-loadfail):',
    ...[...CANARY_FLAGS, ...CANARY_SWITCHES].map(line),
    `  --help${' '.repeat(width - 4)}Show this help`,
    `  --version${' '.repeat(width - 7)}Show the version`,
    '',
    "calibrate sends the planned load's peak (its rate, or its users) for up to 10 s to a null server",
    "on loopback and prints the generator's own latency floor (exit 0; 3 when it cannot keep up).",
    '',
    'Exit codes: 0 pass · 1 SLO breach · 2 invalid input or config (nothing sent) · 3 inconclusive or internal error',
    '(rollout: 0 every stage passed · 1 a stage breached · 3 a stage inconclusive or a shift/rollback command failed)',
  ].join('\n');
}
