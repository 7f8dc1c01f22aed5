// Cancellation: SIGTERM / SIGINT mid-run stops the load within 2 s, writes the partial results and
// the reports marked as stopped early, and exits non-zero (the CLI and the action, from dist/).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeWorkspace, REPO_ROOT } from '../__fixtures__/runner.js';
import { startServer, type TestServer } from '../__fixtures__/servers.js';

/** Cancellation must take at most this long, signal → process exit. */
const STOP_WITHIN_MS = 2000;

interface Stopped {
  code: number;
  stdout: string;
  /** signal → exit, ms */
  stopMs: number;
}

/** Spawns `node <entry>`, sends `signal` once its output shows the load running, times the exit. */
function runThenSignal(
  entry: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  signal: NodeJS.Signals,
): Promise<Stopped> {
  const child = spawn(process.execPath, [join(REPO_ROOT, entry), ...args], { cwd, env });
  let stdout = '';
  let signalledAt = 0;
  const onOutput = (d: Buffer): void => {
    stdout += d.toString();
    // the first progress line: the load is running
    if (signalledAt === 0 && /elapsed [1-9]\d*\/30s/.test(stdout)) {
      signalledAt = performance.now();
      child.kill(signal);
    }
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const guard = setTimeout(() => child.kill('SIGKILL'), 40_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code: code ?? -1, stdout, stopMs: performance.now() - signalledAt });
    }),
  );
}

const CONFIG = 'load: { concurrency: 4, duration: 30s }\nthresholds:\n  latency: { p95: 1000 }\n';

describe('cancellation (SIGTERM / SIGINT)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(() => ({ delayMs: 5 }));
  });
  after(() => server.close());

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`CLI, ${signal}: stops within ${STOP_WITHIN_MS} ms, partial results and reports marked, exit 3`, async () => {
      const ws = makeWorkspace({ 'perf.yml': CONFIG });
      const run = await runThenSignal(
        'dist/cli.js',
        ['run', '--target', server.url.href, '--config', 'perf.yml', '--results', 'out'],
        { PATH: process.env.PATH ?? '' },
        ws,
        signal,
      );
      assert.ok(run.stopMs < STOP_WITHIN_MS, `stopped ${Math.round(run.stopMs)} ms after ${signal}`);
      assert.equal(run.code, 3, run.stdout);
      const results = JSON.parse(readFileSync(join(ws, 'out', 'results.json'), 'utf8'));
      assert.equal(results.aborted.reason, 'cancelled');
      assert.equal(results.verdict, 'inconclusive');
      assert.ok(results.totals.requests > 0, 'the requests before the signal are reported');
      assert.match(results.reason, /the run stopped early \(cancelled\)/);
      assert.match(
        readFileSync(join(ws, 'out', 'report.md'), 'utf8'),
        /\*\*Aborted\*\* at [\d.]+ s: cancelled/,
      );
      // every written report says the run was cancelled
      const written = readdirSync(join(ws, 'out')).filter((f) => /\.(json|md|html|xml)$/.test(f));
      assert.ok(written.length >= 3, written.join(', '));
      for (const f of written) assert.match(readFileSync(join(ws, 'out', f), 'utf8'), /cancelled/, f);
      console.log(`# CLI ${signal}: exited ${Math.round(run.stopMs)} ms after the signal`);
    });
  }

  it(`action, SIGTERM: stops within ${STOP_WITHIN_MS} ms, outputs and summary say so, exit 3`, async () => {
    const ws = makeWorkspace({ 'deploy/performance_config.yml': CONFIG });
    const outputFile = join(ws, 'gh-output');
    const summaryFile = join(ws, 'gh-summary');
    for (const f of [outputFile, summaryFile]) writeFileSync(f, ''); // as the runner does
    const run = await runThenSignal(
      'dist/index.js',
      [],
      {
        PATH: process.env.PATH ?? '',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: ws,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: ws,
        'INPUT_TARGET-URL': server.url.href,
      },
      ws,
      'SIGTERM',
    );
    assert.ok(run.stopMs < STOP_WITHIN_MS, `stopped ${Math.round(run.stopMs)} ms after SIGTERM`);
    assert.equal(run.code, 3, run.stdout);
    assert.match(readFileSync(outputFile, 'utf8'), /^verdict<<.*\ninconclusive\n/m);
    assert.match(readFileSync(summaryFile, 'utf8'), /\*\*Aborted\*\* at [\d.]+ s: cancelled/);
    console.log(`# action SIGTERM: exited ${Math.round(run.stopMs)} ms after the signal`);
  });
});
