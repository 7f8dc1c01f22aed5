// The action: inputs → executeGate → outputs, annotations, job summary and the step's result.
import * as core from '@actions/core';
import { ExitCode } from './constants.js';
import { InputError, messageOf } from './errors.js';
import { executeGate, type Host } from './gate.js';
import { exitCodeFor, failureOutputs, outputsFor, type OutputValues } from './outputs.js';
import { readActionSettings } from './settings/inputs.js';

/** Progress lines in the Actions log: one every this many seconds (the log is not a terminal). */
const PROGRESS_EVERY_SECONDS = 5;

export async function run(): Promise<void> {
  const cancel = new AbortController();
  const onSignal = (): void => cancel.abort('cancelled');
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const settings = readActionSettings(process.env);
    const { report, published } = await executeGate(settings, actionHost(cancel.signal));
    setOutputs(outputsFor(report, published.paths));
    for (const slo of report.slos.filter((s) => s.passed === false)) {
      core.error(`${slo.name}: ${slo.explanation}`, { title: 'SLO breached' });
    }
    core.info(`Verdict: ${report.verdict} — ${report.reason}`);
    if (report.verdict !== 'pass') {
      core.setFailed(`${report.verdict}: ${report.reason}`);
      process.exitCode = exitCodeFor(report.verdict);
    }
  } catch (error) {
    // One catch, fail closed: bad input (nothing was sent) or an internal error is never a pass.
    const invalid = error instanceof InputError;
    setOutputs(failureOutputs(!invalid));
    core.setFailed(invalid ? messageOf(error) : `internal error: ${messageOf(error)}`);
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

function actionHost(signal: AbortSignal): Host {
  let lastProgress = -Infinity;
  return {
    env: process.env,
    signal,
    now: () => new Date(),
    log: { info: core.info, warning: core.warning, notice: core.notice },
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
