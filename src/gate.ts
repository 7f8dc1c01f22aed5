// The core both faces share: settings → config → plan → engine → judge → report → reporters.
// Orchestration only; every step lives in its own folder.
import { calibrate, type Calibration } from './engine/calibrate.js';
import { describeCalibration } from './report/calibration.js';
import { loadConfig } from './config/load.js';
import type { Config, LoadConfig } from './config/types.js';
import { VERSION } from './constants.js';
import { needsProbe, probeTarget } from './engine/probe.js';
import { runLoad } from './engine/run.js';
import type { TransportSpec } from './engine/transport.js';
import { InputError } from './errors.js';
import { formatProgress } from './engine/progress.js';
import { unrecoverableBreach } from './judge/abort.js';
import { connectionsLine } from './judge/connections.js';
import { errorLogLine } from './judge/errors.js';
import { evaluate } from './judge/evaluate.js';
import { formatValue } from './format.js';
import { unitOf } from './judge/select.js';
import type { Judgement } from './judge/types.js';
import type { Snapshot } from './metrics/types.js';
import { isOpenModel } from './config/keys.js';
import { arrivalsBefore, totalArrivals, US_PER_SECOND } from './plan/patterns.js';
import { buildPlan, describePlan, type Plan } from './plan/plan.js';
import { runShardArrivals, type RunShard } from './plan/run-shard.js';
import { plannedStartEpochMs } from './plan/start.js';
import {
  fitH2Connections,
  planTransport,
  type TransportFacts,
  type TransportPlan,
} from './plan/transport.js';
import { buildRunReport } from './report/from-run.js';
import { MAX_ERROR_ROWS } from './report/names.js';
import { publishReports, type PublishDeps, type PublishOutcome } from './report/publish.js';
import type { MergeInfo, RunReport } from './report/types.js';
import type { Env } from './settings/parse.js';
import type { Settings } from './settings/types.js';

/** Side effects chosen by the entry point (the action or the CLI). */
export interface Host extends PublishDeps {
  env: Env;
  /** Called about once a second during the load with a one-line progress text. */
  progress(line: string, snapshot: Snapshot, plannedSeconds: number): void;
  /** Registers a value to be masked wherever the host prints (the action: core.setSecret). */
  mask?(value: string): void;
  /** Cancels the run (SIGINT/SIGTERM); the partial result is judged and reported. */
  signal?: AbortSignal;
  now(): Date;
}

export interface GateResult {
  report: RunReport;
  judgement: Judgement;
  published: PublishOutcome;
}

/** The run's config (file, environment, stage, inputs/flags); says so when the defaults apply. */
export async function loadRunConfig(
  settings: Settings,
  host: Pick<Host, 'env' | 'log' | 'mask'>,
): Promise<Config> {
  const config = await loadConfig({
    path: settings.configPath,
    explicit: settings.configPathExplicit,
    environment: settings.environment,
    stage: settings.stage,
    overrides: settings.load,
    transportOverrides: settings.transport,
    env: host.env,
  });
  // before anything is printed: what ${VAR}s put in the config and credential headers are masked
  for (const secret of config.secrets ?? []) host.mask?.(secret);
  if (config.path === null) {
    host.log.notice(
      `${settings.configPath} not found: using the built-in defaults (${describeDefaults(config)})`,
    );
  }
  return config;
}

export async function executeGate(settings: Settings, host: Host): Promise<GateResult> {
  const config = await loadRunConfig(settings, host);
  const plan = buildPlan(settings.targetUrl, config, settings.runShard);
  for (const line of describePlan(plan)) host.log.info(line);
  const startAtEpochMs = plannedStartEpochMs(settings.startAt, host.now().getTime());
  if (startAtEpochMs !== null) host.log.info(`load starts at ${new Date(startAtEpochMs).toISOString()}`);

  const transport = await prepareTransport(settings, config, host);
  const calibration = settings.calibrate ? await calibrateFirst(config, host) : null;

  const snapshot = await load(config, plan, host, startAtEpochMs, transport.spec);
  const plannedStartAt = startAtEpochMs === null ? null : new Date(startAtEpochMs).toISOString();
  return judgeAndPublish(
    { config, plan, settings, snapshot, plannedStartAt, transport: transport.facts, calibration },
    host,
  );
}

/** What a finished measurement (one run, or the merge of runner shards) is judged and reported with. */
export interface Measured {
  config: Config;
  plan: Plan;
  settings: Settings;
  snapshot: Snapshot;
  plannedStartAt: string | null;
  transport: TransportFacts;
  merge?: MergeInfo | null;
  /** The calibration run before the load (input calibrate), if any. */
  calibration?: Calibration | null;
}

/** judge → report → reporters: the same for a run and for a merge of runner shards. */
export async function judgeAndPublish(m: Measured, host: Omit<Host, 'progress'>): Promise<GateResult> {
  const judgement = evaluate(m.snapshot, m.config);
  const report = buildRunReport({
    config: m.config,
    plan: m.plan,
    workers: m.snapshot.health.workers,
    settings: m.settings,
    snapshot: m.snapshot,
    judgement,
    transport: m.transport,
    finishedAt: host.now(),
    version: VERSION,
    plannedStartAt: m.plannedStartAt,
    merge: m.merge ?? null,
    calibration: m.calibration ?? null,
  });
  for (const entry of report.errors.slice(0, MAX_ERROR_ROWS)) host.log.info(errorLogLine(entry));
  const connections = connectionsLine(report.connections);
  if (connections !== null) host.log.notice(`Connections: ${connections}`);
  // The verdict is final here: reporters can only warn.
  const published = await publishReports(report, m.settings, host);
  return { report, judgement, published };
}

/**
 * The transport plan, logged, and the pre-flight check: a server that does not negotiate the
 * asked-for HTTP/2 stops the run here (nothing sent); a TLS failure is named before the load; over
 * HTTP/2 the connections are fitted to the streams the server allows per connection.
 */
export async function prepareTransport(
  settings: Settings,
  config: Config,
  host: Host,
): Promise<TransportPlan> {
  const transport = await planTransport(settings.targetUrl, config, settings.proxyEnv);
  for (const line of transport.info) host.log.info(line);
  for (const line of transport.notices) host.log.notice(line);
  for (const line of transport.warnings) host.log.warning(line);
  if (!needsProbe(settings.targetUrl, transport.spec)) return transport;
  const probe = await probeTarget(settings.targetUrl, transport.spec, config.load.timeoutMs);
  if (probe.ok) {
    const fitted = fitH2Connections(
      transport,
      config,
      settings.runShard.count,
      probe.maxStreams,
      settings.targetUrl.host,
    );
    if (fitted.line !== null) host.log.info(fitted.line);
    return fitted.plan;
  }
  if ('noH2' in probe) throw new InputError(probe.message);
  host.log.warning(
    `${probe.tls ? 'TLS' : 'Connection'} check before the load failed: ${probe.message} — the load runs and its requests will fail the same way`,
  );
  return transport;
}

/** The generator's own floor at the planned load, against a null server, logged before the load. */
async function calibrateFirst(config: Config, host: Host): Promise<Calibration> {
  const calibration = await calibrate(config.load, { signal: host.signal });
  const line = describeCalibration(calibration);
  if (calibration.saturatedReasons.length) host.log.warning(line);
  else host.log.info(line);
  return calibration;
}

async function load(
  config: Config,
  plan: Plan,
  host: Host,
  startAtEpochMs: number | null,
  transport: TransportSpec,
): Promise<Snapshot> {
  const stop = new AbortController();
  const onCancel = (): void => stop.abort('cancelled');
  host.signal?.addEventListener('abort', onCancel, { once: true });
  const expected = expectedMeasuredRequests(config.load, plan.runShard);
  try {
    return await runLoad(plan, {
      signal: stop.signal,
      startAtEpochMs: startAtEpochMs ?? undefined,
      transport,
      onTick: (live) => {
        host.progress(formatProgress(live, config.load.durationSeconds), live, config.load.durationSeconds);
        if (stop.signal.aborted) return;
        const breach = unrecoverableBreach(live, config, expected);
        if (breach) {
          host.log.warning(`Stopping the load early: ${breach}`);
          stop.abort(`unrecoverable breach: ${breach}`);
        }
      },
    });
  } finally {
    host.signal?.removeEventListener('abort', onCancel);
  }
}

/**
 * How many requests the measured window will hold, for the early-abort bound. Known exactly in
 * the open model (arrivals are scheduled whatever the latency; unsent ones are still counted).
 * Unknown in the closed model, where the rate follows the latency: a slow start would make any
 * extrapolation far too small, so there only a breach that no future request can undo aborts.
 */
function expectedMeasuredRequests(load: LoadConfig, runShard: RunShard): number {
  if (!isOpenModel(load)) return Infinity;
  return runShardArrivals(
    arrivalsBefore(load, load.warmUpSeconds * US_PER_SECOND),
    totalArrivals(load),
    runShard,
  );
}

export function describeDefaults(config: Config): string {
  return config.slos
    .map((s) => `${s.name} ${s.bound === 'max' ? '≤' : '≥'} ${formatValue(s.limit, unitOf(s))}`)
    .join(', ');
}
