// Canary mode: settings → config → one plan per arm (canary, baseline) → both arms loaded in the
// same window on one t = 0 → judgeCanary → decision (promote / rollback / hold) → one report.
import type { Config } from './config/types.js';
import { VERSION } from './constants.js';
import { formatProgress } from './engine/progress.js';
import { runArms } from './engine/run.js';
import type { TransportSpec } from './engine/transport.js';
import { loadRunConfig, prepareTransport, type Host } from './gate.js';
import type { CanaryJudgement } from './judge/canary-types.js';
import { judgeCanary } from './judge/canary.js';
import { decide, type Decision } from './judge/decision.js';
import { evaluate } from './judge/evaluate.js';
import type { Snapshot } from './metrics/types.js';
import { buildPlan, describePlan, type Plan } from './plan/plan.js';
import { plannedStartEpochMs } from './plan/start.js';
import { commonTransport } from './plan/transport.js';
import { withCanary } from './report/canary-report.js';
import { buildRunReport } from './report/from-run.js';
import { publishReports, type PublishOutcome } from './report/publish.js';
import type { RunReport } from './report/types.js';
import type { CanarySettings, Settings } from './settings/types.js';

export interface CanaryResult {
  report: RunReport;
  judgement: CanaryJudgement;
  decision: Decision;
  published: PublishOutcome;
}

/** The arm's plan: the same endpoints, weights and load, its own target and extra headers. */
export function armPlan(base: Plan, target: URL, headers: Readonly<Record<string, string>>): Plan {
  return {
    ...base,
    target,
    endpoints: base.endpoints.map((e) => ({
      ...e,
      path: e.path,
      headers: { ...e.headers, ...headers },
    })),
  };
}

export async function executeCanary(
  settings: Settings & { canary: CanarySettings },
  host: Host,
): Promise<CanaryResult> {
  const config = await loadRunConfig(settings, host);
  const { canary } = settings;
  const canaryUrl = canary.aa ? canary.baselineUrl : settings.targetUrl;
  const canaryHeaders = canary.aa ? canary.baselineHeaders : canary.canaryHeaders;
  const plans = [
    armPlan(buildPlan(canaryUrl, config, settings.runShard), canaryUrl, canaryHeaders),
    armPlan(
      buildPlan(canary.baselineUrl, config, settings.runShard),
      canary.baselineUrl,
      canary.baselineHeaders,
    ),
  ];
  host.log.info(
    `canary mode${canary.aa ? ' (A/A: both arms load the baseline)' : ''}: canary ${canaryUrl.href} and baseline ${canary.baselineUrl.href}, loaded in the same window at the same rate each`,
  );
  for (const line of describePlan(plans[0])) host.log.info(line);
  const startAtEpochMs = plannedStartEpochMs(settings.startAt, host.now().getTime());
  const [transport, baselineTransport] = commonTransport(
    await prepareTransport({ ...settings, targetUrl: canaryUrl }, config, host),
    await prepareTransport({ ...settings, targetUrl: canary.baselineUrl }, config, host),
  );

  const [canarySnapshot, baselineSnapshot] = await loadArms(
    plans,
    config,
    host,
    startAtEpochMs,
    transport.spec,
  );
  const judgement = judgeCanary(
    canarySnapshot,
    baselineSnapshot,
    { ...config.canary, errorClass: config.errorClass, minSamplesFactor: config.minSamplesFactor },
    config,
  );
  const decision = decide(judgement.verdict, {
    autoRollback: settings.autoRollback ?? config.canary.autoRollback ?? true,
    onMarginal: config.canary.onMarginal,
    onInconclusive: config.canary.onInconclusive,
  });
  const reportOf = (plan: Plan, snapshot: Snapshot, url: URL, facts: typeof transport.facts): RunReport =>
    buildRunReport({
      config,
      plan,
      workers: snapshot.health.workers,
      settings: { ...settings, targetUrl: url },
      snapshot,
      judgement: evaluate(snapshot, config),
      transport: facts,
      finishedAt: host.now(),
      version: VERSION,
      plannedStartAt: startAtEpochMs === null ? null : new Date(startAtEpochMs).toISOString(),
    });
  const canaryReport = reportOf(plans[0], canarySnapshot, canaryUrl, transport.facts);
  const baselineReport = reportOf(plans[1], baselineSnapshot, canary.baselineUrl, baselineTransport.facts);
  const report = withCanary(
    { ...canaryReport, slos: [...judgement.slos] },
    baselineReport,
    judgement,
    decision,
    { ...config.canary, autoRollback: settings.autoRollback ?? config.canary.autoRollback ?? true },
    canary.aa,
  );
  const published = await publishReports(report, settings, host);
  return { report, judgement, decision, published };
}

async function loadArms(
  plans: readonly Plan[],
  config: Config,
  host: Host,
  startAtEpochMs: number | null,
  transport: TransportSpec,
): Promise<Snapshot[]> {
  const stop = new AbortController();
  const onCancel = (): void => stop.abort('cancelled');
  host.signal?.addEventListener('abort', onCancel, { once: true });
  try {
    return await runArms(plans, {
      signal: stop.signal,
      startAtEpochMs: startAtEpochMs ?? undefined,
      transport,
      onTick: ([live]) =>
        host.progress(formatProgress(live, config.load.durationSeconds), live, config.load.durationSeconds),
    });
  } finally {
    host.signal?.removeEventListener('abort', onCancel);
  }
}
