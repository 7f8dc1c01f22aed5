import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { VERSION } from '../../src/constants.js';
import { InputError } from '../../src/errors.js';
import { FLAGS, helpText, parseCli } from '../../src/settings/flags.js';

describe('parseCli', () => {
  it('maps flags onto the same settings as the action inputs', () => {
    const command = parseCli(
      [
        'run',
        '--target',
        'http://127.0.0.1:3000',
        '--concurrency',
        '10',
        '--duration',
        '2m',
        '--config',
        'x.yml',
        '--environment',
        'production',
      ],
      {},
    );
    assert.equal(command.kind, 'run');
    if (command.kind !== 'run') return;
    assert.equal(command.settings.targetUrl.href, 'http://127.0.0.1:3000/');
    assert.deepEqual(command.settings.load, {
      concurrency: 10,
      durationSeconds: 120,
      labels: { concurrency: '--concurrency', durationSeconds: '--duration' },
    });
    assert.equal(command.settings.configPath, 'x.yml');
    assert.equal(command.settings.configPathExplicit, true);
    assert.equal(command.settings.environment, 'production');
    // The CLI appends no deployment log and uploads no artifact unless asked.
    assert.equal(command.settings.deploymentReportPath, null);
    assert.equal(command.settings.artifact.upload, false);
  });

  it('--connect-timeout and --first-byte-timeout are load overrides in the config’s duration syntax', () => {
    const command = parseCli(
      ['run', '--target', 'http://x', '--connect-timeout', '300ms', '--first-byte-timeout', '1.5'],
      {},
    );
    assert.equal(command.kind, 'run');
    if (command.kind !== 'run') return;
    assert.deepEqual(command.settings.load, {
      connectTimeoutMs: 300,
      firstByteTimeoutMs: 1500,
      labels: { connectTimeoutMs: '--connect-timeout', firstByteTimeoutMs: '--first-byte-timeout' },
    });
    assert.throws(() => parseCli(['run', '--target', 'http://x', '--first-byte-timeout', '0ms'], {}), {
      message: '--first-byte-timeout: expected a duration greater than zero, got "0ms"',
    });
  });

  it('names the flag, not the input, in errors', () => {
    assert.throws(() => parseCli(['run', '--target', 'http://x', '--concurrency', 'lots'], {}), {
      message: '--concurrency: expected an integer from 1 to 100000, got "lots"',
    });
    assert.throws(() => parseCli(['run'], {}), { message: '--target is required' });
  });

  it('rejects unknown flags and commands with exit code 2', () => {
    for (const argv of [['run', '--target', 'http://x', '--users', '5'], ['go']]) {
      assert.throws(
        () => parseCli(argv, {}),
        (e: unknown) => e instanceof InputError && e.exitCode === 2,
      );
    }
    assert.throws(() => parseCli(['go'], {}), {
      message:
        'expected the command "run", "canary", "rollout", "merge" or "calibrate", got "go"; usage: slo-loadtest run --target URL [options]',
    });
    assert.throws(() => parseCli(['merge', 'shards', '--target', 'http://x'], {}), {
      message:
        'merge takes the target and the load from the shards: --target does not apply; usage: slo-loadtest merge DIR-or-FILES… [--config FILE] [--results DIR] [reporter options]',
    });
  });

  it('merge: the paths and the reporter flags', () => {
    const c = parseCli(['merge', 'a', 'b/results.json', '--config', 'perf.yml', '--results', 'out'], {});
    assert.equal(c.kind, 'merge');
    if (c.kind !== 'merge') return;
    assert.deepEqual(c.paths, ['a', 'b/results.json']);
    assert.equal(c.raw['config-path'], 'perf.yml');
    assert.equal(c.raw['output-dir'], 'out');
    assert.equal(c.raw['upload-artifact'], 'false');
    assert.equal(c.label('config-path'), '--config');
  });

  it('calibrate: the load flags, a rate meaning the rate pattern, no target needed', () => {
    const command = parseCli(['calibrate', '--rate', '2000', '--concurrency', '50', '--duration', '5s'], {});
    assert.equal(command.kind, 'calibrate');
    if (command.kind !== 'calibrate') return;
    assert.deepEqual(command.settings.load, {
      pattern: 'rate',
      rate: 2000,
      concurrency: 50,
      durationSeconds: 5,
      labels: {
        pattern: '--pattern',
        rate: '--rate',
        concurrency: '--concurrency',
        durationSeconds: '--duration',
      },
    });
    const closed = parseCli(['calibrate', '--pattern', 'sustained', '--concurrency', '8'], {});
    assert.deepEqual(closed.kind === 'calibrate' && closed.settings.load, {
      pattern: 'sustained',
      concurrency: 8,
      labels: { pattern: '--pattern', concurrency: '--concurrency' },
    });
  });

  it('calibrate: rejects the run-only flags and bad numbers with exit code 2', () => {
    const cases: Array<[string[], string]> = [
      [
        ['calibrate', '--target', 'http://x', '--rate', '5'],
        '--target: not an option of calibrate; usage: slo-loadtest calibrate --rate R [--concurrency N] [--duration D] [--workers W]',
      ],
      [
        ['calibrate', '--rate', 'fast'],
        '--rate: expected a positive number of requests per second, got "fast"',
      ],
    ];
    for (const [argv, message] of cases) {
      assert.throws(
        () => parseCli(argv, {}),
        (e: unknown) => e instanceof InputError && e.exitCode === 2 && e.message === message,
      );
    }
  });

  it('--help lists every flag with its default', () => {
    assert.deepEqual(parseCli(['--help'], {}), { kind: 'help' });
    const help = helpText();
    for (const flag of FLAGS) {
      assert.match(help, new RegExp(`--${flag.flag} `));
      if (flag.default) assert.ok(help.includes(`(default: ${flag.default})`), flag.flag);
    }
  });

  it('the version constant matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    assert.equal(VERSION, pkg.version);
  });
});
