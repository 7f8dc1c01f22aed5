// The progressive rollout's stage loop: shift traffic, let it settle, gate the stage, go on or stop
// and roll back. Pure: the shell, the gate and the clock are injected (cli/rollout.ts wires them).
import { ExitCode } from '../constants.js';
import type { Verdict } from '../judge/types.js';

export interface RolloutPlan {
  deployment: string;
  /** Traffic weights in percent, rising. */
  weights: readonly number[];
  /** {weight}, {deployment} and {stage} are replaced before it runs. */
  shiftCommand: string;
  rollbackCommand: string | null;
  settleMs: number;
  autoRollback: boolean;
}

/** How a shell command ended: its exit code, or why it has none (could not start, killed). */
export interface CommandResult {
  exitCode: number | null;
  failure: string | null;
}

export interface StageGate {
  verdict: Verdict;
  reason: string;
  exitCode: number;
  resultsPath: string | null;
  p95Ms: number | null;
}

export interface RolloutDeps {
  runCommand(command: string): Promise<CommandResult>;
  /** Load-tests and judges one stage; never throws (an error is a StageGate with verdict "error"). */
  gate(stage: { label: string; weight: number }): Promise<StageGate>;
  sleep(ms: number): Promise<void>;
  log(line: string): void;
}

export interface CommandRecord {
  command: string;
  exitCode: number | null;
  failure: string | null;
}

export interface StageOutcome extends Omit<StageGate, 'exitCode'> {
  label: string;
  weight: number;
  shift: CommandRecord;
}

export interface RolloutResult {
  deployment: string;
  verdict: Verdict;
  exitCode: number;
  reason: string;
  /** Label of the stage that stopped the rollout; null when every stage passed. */
  failedStage: string | null;
  plannedWeights: readonly number[];
  /** The stages reached, in order (the last one is the failed one when the rollout stopped). */
  stages: StageOutcome[];
  rollback: CommandRecord | null;
  rolledBack: boolean;
  /** A stage failed and nothing rolled it back. */
  rollbackNeeded: boolean;
}

export function stageLabel(weight: number): string {
  return `canary-${weight}`;
}

export function substitute(
  command: string,
  values: Record<'weight' | 'deployment' | 'stage', string>,
): string {
  return command.replace(/\{(weight|deployment|stage)\}/g, (_, key: keyof typeof values) => values[key]);
}

export function commandFailed(what: string, record: CommandRecord): string | null {
  if (record.exitCode === 0 && record.failure === null) return null;
  const how = record.failure ?? `exited with code ${record.exitCode}`;
  return `${what} ${JSON.stringify(record.command)} ${how}`;
}

export async function runRollout(plan: RolloutPlan, deps: RolloutDeps): Promise<RolloutResult> {
  const stages: StageOutcome[] = [];
  for (const weight of plan.weights) {
    const label = stageLabel(weight);
    const command = substitute(plan.shiftCommand, {
      weight: String(weight),
      deployment: plan.deployment,
      stage: label,
    });
    deps.log(`stage ${label}: shifting ${weight} % of traffic to ${plan.deployment}: ${command}`);
    const shift = { command, ...(await deps.runCommand(command)) };
    const shiftError = commandFailed('shift command', shift);
    if (shiftError !== null) {
      const gate = { verdict: 'error' as const, reason: shiftError, resultsPath: null, p95Ms: null };
      stages.push({ label, weight, shift, ...gate });
      return stop(plan, deps, stages, ExitCode.Inconclusive);
    }
    if (plan.settleMs > 0) {
      deps.log(`stage ${label}: waiting ${plan.settleMs / 1000} s for the traffic to settle`);
      await deps.sleep(plan.settleMs);
    }
    const { exitCode, ...gate } = await deps.gate({ label, weight });
    stages.push({ label, weight, shift, ...gate });
    deps.log(`stage ${label}: ${gate.verdict.toUpperCase()} — ${gate.reason}`);
    if (gate.verdict !== 'pass') return stop(plan, deps, stages, exitCode);
  }
  const last = stages[stages.length - 1]!;
  return {
    deployment: plan.deployment,
    verdict: 'pass',
    exitCode: ExitCode.Pass,
    reason: `all ${stages.length} stages passed; ${plan.deployment} takes ${last.weight} % of traffic`,
    failedStage: null,
    plannedWeights: plan.weights,
    stages,
    rollback: null,
    rolledBack: false,
    rollbackNeeded: false,
  };
}

const STOPPED_BY: Record<Verdict, string> = {
  pass: 'passed',
  fail: 'breached',
  marginal: 'is marginal',
  inconclusive: 'is inconclusive',
  error: 'failed',
};

/** The rollout stops at the last stage in `stages`: roll back when asked to, and say why it stopped. */
async function stop(
  plan: RolloutPlan,
  deps: RolloutDeps,
  stages: StageOutcome[],
  stageExitCode: number,
): Promise<RolloutResult> {
  const failed = stages[stages.length - 1]!;
  let reason = `stage ${failed.label} (${failed.weight} %) ${STOPPED_BY[failed.verdict]}: ${failed.reason}`;
  let exitCode = stageExitCode;
  let rollback: CommandRecord | null = null;
  if (plan.autoRollback && plan.rollbackCommand !== null) {
    const command = substitute(plan.rollbackCommand, {
      weight: '0',
      deployment: plan.deployment,
      stage: failed.label,
    });
    deps.log(`rolling back ${plan.deployment}: ${command}`);
    rollback = { command, ...(await deps.runCommand(command)) };
    const rollbackError = commandFailed('rollback command', rollback);
    if (rollbackError !== null) {
      reason += `; ${rollbackError} — traffic may still reach ${plan.deployment}`;
      exitCode = ExitCode.Inconclusive;
    } else {
      reason += `; rolled back`;
    }
  } else {
    reason += `; a rollback is needed (--auto-rollback-on-loadfail is off)`;
    deps.log(`rollback needed: ${plan.deployment} still takes ${failed.weight} % of traffic`);
  }
  const rolledBack = rollback !== null && commandFailed('', rollback) === null;
  return {
    deployment: plan.deployment,
    verdict: failed.verdict,
    exitCode,
    reason,
    failedStage: failed.label,
    plannedWeights: plan.weights,
    stages,
    rollback,
    rolledBack,
    rollbackNeeded: !rolledBack,
  };
}
