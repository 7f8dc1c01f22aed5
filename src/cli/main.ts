// The CLI: the same core as the action, with an exit code instead of step outputs.
import { ExitCode, VERSION } from '../constants.js';
import { InputError, messageOf } from '../errors.js';
import { executeGate, loadRunConfig, type Host } from '../gate.js';
import { executeMerge } from '../merge/execute.js';
import { exitCodeForReport, runShardNote } from '../outputs.js';
import type { Env } from '../settings/parse.js';
import { helpText, parseCli } from '../settings/flags.js';
import { runRolloutCommand } from './rollout.js';
import { executeCanary } from '../canary.js';
import type { CanarySettings, Settings } from '../settings/types.js';
import { renderConsoleReport } from './table.js';
import { calibrate } from '../engine/calibrate.js';
import { describeCalibration } from '../report/calibration.js';

/** Runs `slo-loadtest <argv>` and returns the exit code (docs/CONTRACTS.md). */
export async function runCli(argv: readonly string[], env: Env): Promise<number> {
  const cancel = new AbortController();
  const onSignal = (): void => cancel.abort('cancelled');
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const command = parseCli(argv, env);
    if (command.kind === 'help') {
      process.stdout.write(`${helpText()}\n`);
      return ExitCode.Pass;
    }
    if (command.kind === 'version') {
      process.stdout.write(`${VERSION}\n`);
      return ExitCode.Pass;
    }
    const host = cliHost(cancel.signal, env);
    if (command.kind === 'calibrate') return await runCalibration(command.settings, host);
    if (command.kind === 'rollout') return await runRolloutCommand(command.settings, command.rollout, host);
    const { report, published } =
      command.kind === 'canary'
        ? await executeCanary(command.settings as Settings & { canary: CanarySettings }, host)
        : command.kind === 'merge'
          ? await executeMerge(
              { paths: command.paths, raw: command.raw, label: command.label, run: command.run },
              host,
            )
          : await executeGate(command.settings, host);
    process.stdout.write(`${renderConsoleReport(report)}\n`);
    if (report.canary) process.stdout.write(`\nrollback: ${report.rollback} · promote: ${report.promote}\n`);
    if (published.paths.resultsJson) process.stdout.write(`\nResults: ${published.paths.resultsJson}\n`);
    const note = runShardNote(report);
    if (note !== null) process.stderr.write(`notice: ${note}\n`);
    return exitCodeForReport(report);
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`error: ${error.message}\n`);
      return ExitCode.InvalidInput;
    }
    process.stderr.write(`internal error: ${messageOf(error)}\n`);
    if (env.SLO_LOADTEST_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return ExitCode.Inconclusive;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** `slo-loadtest calibrate`: the planned load's peak against a null server; 3 when the generator cannot keep up. */
async function runCalibration(settings: Settings, host: Host): Promise<number> {
  const config = await loadRunConfig(settings, host);
  const calibration = await calibrate(config.load, { signal: host.signal });
  process.stdout.write(`${describeCalibration(calibration)}\n`);
  return calibration.saturatedReasons.length > 0 ? ExitCode.Inconclusive : ExitCode.Pass;
}

function cliHost(signal: AbortSignal, env: Env): Host {
  const tty = process.stderr.isTTY === true;
  let lastLine = -Infinity;
  return {
    env,
    signal,
    now: () => new Date(),
    log: {
      info: (m) => process.stderr.write(`${m}\n`),
      warning: (m) => process.stderr.write(`warning: ${m}\n`),
      notice: (m) => process.stderr.write(`notice: ${m}\n`),
    },
    summary: { write: async () => {} },
    progress: (line, snapshot, plannedSeconds) => {
      if (tty) {
        const width = 30;
        const done = Math.min(width, Math.round((snapshot.elapsedSeconds / plannedSeconds) * width));
        process.stderr.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${line}\x1b[K`);
        if (snapshot.elapsedSeconds >= plannedSeconds) process.stderr.write('\n');
      } else if (snapshot.elapsedSeconds - lastLine >= 10) {
        // Not a terminal: a quiet line every 10 s, no control characters.
        lastLine = snapshot.elapsedSeconds;
        process.stderr.write(`${line}\n`);
      }
    },
  };
}
