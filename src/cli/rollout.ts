// `slo-loadtest rollout`: the stage loop (rollout-loop.ts) wired to a real shell, the single-target
// gate per stage and the wall clock; writes rollout.json and prints the stage table.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { RolloutConfig } from '../config/types.js';
import { ExitCode } from '../constants.js';
import { InputError, messageOf } from '../errors.js';
import { executeGate, type Host } from '../gate.js';
import { exitCodeFor } from '../outputs.js';
import { checkDeployment, type RolloutFlags } from '../settings/rollout-flags.js';
import type { Settings } from '../settings/types.js';
import { runRollout, type CommandResult, type RolloutPlan, type StageGate } from './rollout-loop.js';
import { renderRolloutTable, writeRolloutJson } from './rollout-report.js';
import { renderConsoleReport } from './table.js';

export async function runRolloutCommand(
  settings: Settings,
  flags: RolloutFlags,
  host: Host,
): Promise<number> {
  // A bad config is exit 2 before any traffic moves; its `rollout:` fills what the flags leave out.
  const config = await loadConfig({
    path: settings.configPath,
    explicit: settings.configPathExplicit,
    environment: settings.environment,
    overrides: settings.load,
    transportOverrides: settings.transport,
    env: host.env,
  });
  const plan = rolloutPlan(flags, config.rollout);
  const result = await runRollout(plan, {
    runCommand: runShell,
    gate: (stage) => gateStage(settings, stage, host),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log: (line) => host.log.info(line),
  });
  const path = await writeRolloutJson(result, settings.outputDir);
  process.stdout.write(`${renderRolloutTable(result)}\n\nRollout summary: ${path}\n`);
  return result.exitCode;
}

/** The plan from the flags; what is missing or contradictory is an InputError (exit 2). */
export function rolloutPlan(given: RolloutFlags, fromConfig: RolloutConfig | null = null): RolloutPlan {
  const flags: RolloutFlags = {
    ...given,
    deployment: given.deployment ?? fromConfig?.deployment ?? null,
    stages: given.stages ?? fromConfig?.stages ?? null,
    shiftCommand: given.shiftCommand ?? fromConfig?.shiftCommand ?? null,
    rollbackCommand: given.rollbackCommand ?? fromConfig?.rollbackCommand ?? null,
    settleSeconds: given.settleSeconds ?? fromConfig?.settleSeconds ?? null,
  };
  const required = (value: string | number[] | null, flag: string): void => {
    if (value === null) throw new InputError(`rollout: --${flag} is required`);
  };
  required(flags.deployment, 'deployment');
  // The config's name goes into the shell commands unquoted, like the flag's.
  if (given.deployment === null) checkDeployment(flags.deployment, 'rollout.deployment');
  required(flags.stages, 'stages');
  required(flags.shiftCommand, 'shift-command');
  if (flags.autoRollback && flags.rollbackCommand === null)
    throw new InputError('--auto-rollback-on-loadfail needs --rollback-command');
  return {
    deployment: flags.deployment!,
    weights: flags.stages!,
    shiftCommand: flags.shiftCommand!,
    rollbackCommand: flags.rollbackCommand,
    settleMs: (flags.settleSeconds ?? 0) * 1000,
    autoRollback: flags.autoRollback,
  };
}

/** One stage through the existing gate, its files in <results>/stage-<weight>/. Never throws. */
async function gateStage(
  settings: Settings,
  stage: { label: string; weight: number },
  host: Host,
): Promise<StageGate> {
  const stageSettings: Settings = {
    ...settings,
    stage: stage.label,
    outputDir: join(settings.outputDir, `stage-${stage.weight}`),
  };
  try {
    const { report, published } = await executeGate(stageSettings, host);
    process.stderr.write(`${renderConsoleReport(report)}\n`);
    return {
      verdict: report.verdict,
      reason: report.reason,
      exitCode: exitCodeFor(report.verdict),
      resultsPath: published.paths.resultsJson,
      p95Ms: report.latencyMs.p95,
    };
  } catch (error) {
    const exitCode = error instanceof InputError ? ExitCode.InvalidInput : ExitCode.Inconclusive;
    return { verdict: 'error', reason: messageOf(error), exitCode, resultsPath: null, p95Ms: null };
  }
}

/** Runs `command` with /bin/sh; its stdout and stderr go to the CLI's log (stderr). */
export function runShell(command: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 2, 2] });
    child.once('error', (error) => resolve({ exitCode: null, failure: `could not start: ${error.message}` }));
    child.once('close', (code, signal) =>
      resolve(
        signal ? { exitCode: null, failure: `was killed by ${signal}` } : { exitCode: code, failure: null },
      ),
    );
  });
}
