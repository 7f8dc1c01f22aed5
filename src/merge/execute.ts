// slo-loadtest merge / the merge action: runner shards' results → one checked set → the exact
// union → the same judge, report and reporters as a single run.
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { Inputs } from '../constants.js';
import { InputError } from '../errors.js';
import { judgeAndPublish, type GateResult, type Host } from '../gate.js';
import { buildPlan } from '../plan/plan.js';
import { DIRECT_TRANSPORT } from '../plan/transport.js';
import type { MergeInfo, RunReport } from '../report/types.js';
import { parseSettings, type OptionLabel, type RawOptions } from '../settings/parse.js';
import { formatRunShard } from '../settings/run-shard.js';
import type { RunContext, Settings } from '../settings/types.js';
import { checkShardSet } from './check.js';
import { overlapOf, type Overlap } from './overlap.js';
import { readShardFiles } from './read.js';
import { unionSnapshot } from './union.js';

export interface MergeRequest {
  /** Folders (searched for results.json) or results files. */
  paths: readonly string[];
  /** Reporter options (results folder, config path, Pushgateway, Slack, …) by input name. */
  raw: RawOptions;
  label: OptionLabel;
  run: RunContext;
  /** Called with the settings as soon as they are read (the action masks secrets there). */
  onSettings?: (settings: Settings) => void;
}

export async function executeMerge(request: MergeRequest, host: Omit<Host, 'progress'>): Promise<GateResult> {
  const shards = checkShardSet(await readShardFiles(request.paths), request.run.runId);
  const reports = shards.map((s) => s.report);
  const first = reports[0]!;
  for (const s of shards) host.log.info(`shard ${formatRunShard(s.report.shard)}: ${s.file}`);
  // The shards name the target, environment and stage; the merge only chooses where reports go.
  const settings = parseSettings(
    {
      ...request.raw,
      [Inputs.TargetUrl]: first.target,
      [Inputs.Environment]: first.environment,
      [Inputs.Stage]: first.stage ?? undefined,
      [Inputs.Shard]: undefined,
      [Inputs.StartAt]: undefined,
    },
    host.env,
    request.label,
    request.run,
  );
  request.onSettings?.(settings);
  const config = await loadConfig({
    path: settings.configPath,
    explicit: settings.configPathExplicit,
    environment: first.environment,
    overrides: {},
    env: host.env,
  });
  // Built-in defaults on both sides: their digest covers the load overrides each side was given,
  // which the merge does not repeat; the SLOs they judge by are the same fixed defaults.
  const bothDefaults = config.path === null && first.config.path === null;
  if (!bothDefaults && config.digest !== first.config.digest) {
    throw new InputError(
      `${settings.configPath}: this config (digest ${config.digest || 'of the built-in defaults'}) is not the one the shards ran ` +
        `(digest ${first.config.digest}, ${first.config.path ?? 'built-in defaults'}); merge with the same config file (${request.label(Inputs.ConfigPath)})`,
    );
  }
  const overlap = overlapOf(reports);
  host.log.info(
    `merging ${reports.length} runner shards: measured windows overlap ${overlap.overlapSeconds.toFixed(1)} s (${(100 * overlap.ratio).toFixed(1)} % of the shortest)`,
  );
  const runConfig = asRun(config, first);
  return judgeAndPublish(
    {
      config: runConfig,
      plan: buildPlan(settings.targetUrl, runConfig),
      settings,
      snapshot: unionSnapshot(reports, overlap),
      plannedStartAt: first.shard.plannedStartAt,
      // how the shards reached the target (the same config, so the same transport)
      transport: first.transport ?? DIRECT_TRANSPORT,
      merge: mergeInfo(overlap),
    },
    host,
  );
}

/** The config with the load the shards ran (inputs may have overridden the file's). */
function asRun(config: Config, shard: RunReport): Config {
  const l = shard.load;
  return {
    ...config,
    load: {
      ...config.load,
      pattern: l.pattern as Config['load']['pattern'],
      concurrency: l.concurrency,
      durationSeconds: l.durationSeconds,
      rate: l.rate ?? config.load.rate,
      warmUpSeconds: l.warmUpSeconds,
    },
  };
}

function mergeInfo(o: Overlap): MergeInfo {
  return {
    shards: o.windows.length,
    overlapSeconds: Math.round(o.overlapSeconds * 1000) / 1000,
    overlapRatio: Math.round(o.ratio * 10_000) / 10_000,
    windows: o.windows.map((w) => ({
      shard: `${w.index}/${o.windows.length}`,
      start: new Date(w.startMs).toISOString(),
      end: new Date(w.endMs).toISOString(),
    })),
  };
}
