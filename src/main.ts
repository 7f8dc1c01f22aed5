// The action: inputs → executeGate → outputs, annotations, job summary and the step's result.
import * as core from '@actions/core';
import { ExitCode } from './constants.js';
import { InputError, messageOf } from './errors.js';
import { executeGate, type GateResult, type Host } from './gate.js';
import { exitCodeForReport, failureOutputs, outputsFor, runShardNote, type OutputValues } from './outputs.js';
import { executeCanary } from './canary.js';
import { readActionSettings } from './settings/inputs.js';
import type { CanarySettings, Settings } from './settings/types.js';

/** Progress lines in the Actions log: one every this many seconds (the log is not a terminal). */
const PROGRESS_EVERY_SECONDS = 5;

export async function run(): Promise<void> {
  await runAction((host) => {
    const settings = readActionSettings(process.env);
    return settings.canary
      ? executeCanary(settings as Settings & { canary: CanarySettings }, host)
      : executeGate(settings, host);
  });
}

/**
 * The action's shell around one execution (a run, or the merge of runner shards): signals,
 * outputs, annotations, the step's result, and the one catch.
 */
export async function runAction(execute: (host: Host) => Promise<GateResult>): Promise<void> {
  const cancel = new AbortController();
  const onSignal = (): void => cancel.abort('cancelled');
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const { report, published } = await execute(actionHost(cancel.signal));
    setOutputs(outputsFor(report, published.paths));
    const note = runShardNote(report);
    for (const slo of report.slos.filter((s) => s.passed === false)) {
      if (note === null) core.error(`${slo.name}: ${slo.explanation}`, { title: 'SLO breached' });
    }
    for (const m of report.canary?.comparisons.filter((c) => c.classification === 'fail') ?? []) {
      core.error(`${m.name}: ${m.reason}`, { title: 'Canary regression' });
    }
    core.info(`Verdict: ${report.verdict} — ${report.reason}`);
    if (note !== null) core.notice(note);
    const code = exitCodeForReport(report);
    if (code !== ExitCode.Pass) {
      core.setFailed(`${report.verdict}: ${report.reason}`);
      process.exitCode = code;
    }
  } catch (error) {
    // One catch, fail closed: bad input (nothing was sent) or an internal error is never a pass.
    const invalid = error instanceof InputError;
    // the outputs file may be what failed: writing it again here must not throw out of the catch
    const unwritten = trySetOutputs(failureOutputs(!invalid));
    core.setFailed(invalid ? messageOf(error) : `internal error: ${messageOf(error)}`);
    if (unwritten !== null) core.error(`the step outputs could not be written: ${unwritten}`);
    if (!invalid && error instanceof Error && error.stack) core.debug(error.stack);
    process.exitCode = invalid ? ExitCode.InvalidInput : ExitCode.Inconclusive;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function setOutputs(values: OutputValues): void {
  for (const [name, value] of Object.entries(values)) core.setOutput(name, value);
}

/** setOutputs that reports a failure (e.g. GITHUB_OUTPUT not writable) instead of throwing it. */
function trySetOutputs(values: OutputValues): string | null {
  try {
    setOutputs(values);
    return null;
  } catch (error) {
    return messageOf(error);
  }
}

function actionHost(signal: AbortSignal): Host {
  let lastProgress = -Infinity;
  return {
    env: process.env,
    signal,
    now: () => new Date(),
    log: { info: core.info, warning: core.warning, notice: core.notice },
    mask: core.setSecret,
    summary: {
      write: async (markdown) => {
        await core.summary.addRaw(markdown, true).write();
      },
    },
    progress: (line, snapshot) => {
      if (snapshot.elapsedSeconds - lastProgress < PROGRESS_EVERY_SECONDS) return;
      lastProgress = snapshot.elapsedSeconds;
      core.info(line);
    },
  };
}
