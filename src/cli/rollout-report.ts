// What a rollout leaves behind: <results>/rollout.json and the short table on stdout.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DASH, formatValue } from '../format.js';
import { stageLabel, type RolloutResult } from './rollout-loop.js';
import { table } from './table.js';

export const ROLLOUT_FILE = 'rollout.json';

/** rollout.json: the whole result plus the planned stages that never ran. */
export function rolloutJson(result: RolloutResult): object {
  return {
    schemaVersion: 1,
    deployment: result.deployment,
    verdict: result.verdict,
    exitCode: result.exitCode,
    reason: result.reason,
    failedStage: result.failedStage,
    rolledBack: result.rolledBack,
    rollbackNeeded: result.rollbackNeeded,
    rollback: result.rollback,
    stages: result.stages,
    notRun: result.plannedWeights.slice(result.stages.length),
  };
}

export async function writeRolloutJson(result: RolloutResult, outputDir: string): Promise<string> {
  await mkdir(outputDir, { recursive: true });
  const path = join(outputDir, ROLLOUT_FILE);
  await writeFile(path, `${JSON.stringify(rolloutJson(result), null, 2)}\n`);
  return path;
}

export function renderRolloutTable(result: RolloutResult): string {
  const ran = result.stages.map((s) => [
    s.label,
    `${s.weight}%`,
    s.verdict.toUpperCase(),
    formatValue(s.p95Ms, 'ms'),
    s.resultsPath ?? DASH,
  ]);
  const notRun = result.plannedWeights
    .slice(result.stages.length)
    .map((w) => [stageLabel(w), `${w}%`, 'not run', DASH, DASH]);
  const rollback =
    result.rollback === null
      ? result.rollbackNeeded
        ? 'Rollback: NEEDED — not run (--auto-rollback-on-loadfail is off)'
        : 'Rollback: not needed'
      : `Rollback: ${result.rolledBack ? 'done' : 'FAILED'} — ${JSON.stringify(result.rollback.command)} ${result.rollback.failure ?? `exit ${result.rollback.exitCode}`}`;
  return [
    `Rollout of ${result.deployment}: ${result.verdict.toUpperCase()} — ${result.reason}`,
    '',
    table(['stage', 'weight', 'verdict', 'p95', 'results'], [...ran, ...notRun]),
    '',
    rollback,
  ].join('\n');
}
