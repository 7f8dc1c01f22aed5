// `slo-loadtest rollout` flags: what they parse to, and exit 2 with a clear message for bad ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rolloutPlan } from '../../src/cli/rollout.js';
import { InputError } from '../../src/errors.js';
import { helpText, parseCli } from '../../src/settings/flags.js';
import { ROLLOUT_FLAGS } from '../../src/settings/rollout-flags.js';

const BASE = ['rollout', '--target', 'http://127.0.0.1:9', '--deployment', 'backend-v2'];
const SHIFT = ['--shift-command', 'shift {weight}'];

function rollout(argv: string[]) {
  const command = parseCli(argv, {});
  assert.equal(command.kind, 'rollout');
  return command.kind === 'rollout' ? command : assert.fail();
}

describe('rollout flags', () => {
  it('the original command with stages and commands as flags', () => {
    const command = rollout([
      ...BASE,
      '--load-test',
      '--auto-rollback-on-loadfail',
      '--stages',
      '10, 25,50,100',
      ...SHIFT,
      '--rollback-command',
      'shift 0',
      '--settle',
      '1.5s',
      '--rate',
      '20',
      '--results',
      'out',
    ]);
    assert.deepEqual(command.rollout, {
      deployment: 'backend-v2',
      stages: [10, 25, 50, 100],
      shiftCommand: 'shift {weight}',
      rollbackCommand: 'shift 0',
      settleSeconds: 1.5,
      autoRollback: true,
    });
    assert.equal(command.settings.outputDir, 'out');
    assert.equal(command.settings.load.rate, 20);
    assert.deepEqual(rolloutPlan(command.rollout), {
      deployment: 'backend-v2',
      weights: [10, 25, 50, 100],
      shiftCommand: 'shift {weight}',
      rollbackCommand: 'shift 0',
      settleMs: 1500,
      autoRollback: true,
    });
  });

  const BAD: { name: string; argv: string[]; message: string; plan?: true }[] = [
    {
      name: 'falling stages',
      argv: [...BASE, '--stages', '10,50,25'],
      message: '--stages: expected rising whole percentages from 1 to 100, e.g. 10,25,50,100, got "10,50,25"',
    },
    {
      name: 'a stage above 100',
      argv: [...BASE, '--stages', '10,150'],
      message: '--stages: expected rising whole percentages from 1 to 100, e.g. 10,25,50,100, got "10,150"',
    },
    {
      name: 'an empty stage',
      argv: [...BASE, '--stages', '10,,50'],
      message: '--stages: expected rising whole percentages from 1 to 100, e.g. 10,25,50,100, got "10,,50"',
    },
    {
      name: 'a deployment name that is not safe in a shell command',
      argv: ['rollout', '--target', 'http://127.0.0.1:9', '--deployment', 'api; rm -rf /'],
      message:
        '--deployment: expected a name of letters, digits, ".", "_" or "-" (it goes into shell commands), got "api; rm -rf /"',
    },
    {
      name: 'a settle that is not a duration',
      argv: [...BASE, '--settle', 'soon'],
      message:
        '--settle: expected a duration such as "60s", "5m", "1h30m", "500ms" or a number of seconds, got "soon"',
    },
    {
      name: 'an empty shift command',
      argv: [...BASE, '--shift-command', ' '],
      message: '--shift-command: expected a non-empty value, got ""',
    },
    {
      name: 'a rollout flag on the run command',
      argv: ['run', '--target', 'http://127.0.0.1:9', '--stages', '10'],
      message:
        "--stages belongs to the rollout command; usage: slo-loadtest rollout --deployment NAME --stages 10,25,50,100 --shift-command 'CMD {weight}' --rollback-command 'CMD' --target URL [options]",
    },
    {
      name: '--stage on the rollout command',
      argv: [...BASE, '--stage', 'canary'],
      message: '--stage: each rollout stage is labelled by its weight (canary-<weight>)',
    },
    {
      name: 'no --stages',
      argv: [...BASE, ...SHIFT],
      message: 'rollout: --stages is required',
      plan: true,
    },
    {
      name: 'no --shift-command',
      argv: [...BASE, '--stages', '10'],
      message: 'rollout: --shift-command is required',
      plan: true,
    },
    {
      name: 'auto-rollback without a rollback command',
      argv: [...BASE, '--stages', '10', ...SHIFT, '--auto-rollback-on-loadfail'],
      message: '--auto-rollback-on-loadfail needs --rollback-command',
      plan: true,
    },
  ];
  for (const c of BAD) {
    it(`exit 2: ${c.name}`, () => {
      const parse = (): unknown => (c.plan ? rolloutPlan(rollout(c.argv).rollout) : parseCli(c.argv, {}));
      assert.throws(
        parse,
        (e: unknown) => e instanceof InputError && e.exitCode === 2 && e.message === c.message,
      );
    });
  }

  it('a deployment name from the config is held to the same rule as the flag', () => {
    const command = rollout(['rollout', '--target', 'http://127.0.0.1:9', '--stages', '10', ...SHIFT]);
    const config = {
      deployment: 'a b',
      stages: null,
      shiftCommand: null,
      rollbackCommand: null,
      settleSeconds: null,
    };
    assert.throws(() => rolloutPlan(command.rollout, config), {
      message:
        'rollout.deployment: expected a name of letters, digits, ".", "_" or "-" (it goes into shell commands), got "a b"',
    });
  });

  it('--help lists every rollout flag', () => {
    const help = helpText();
    assert.match(help, /^ {7}slo-loadtest rollout --deployment NAME --stages 10,25,50,100 /m);
    for (const f of ROLLOUT_FLAGS)
      assert.match(help, new RegExp(`^  --${f.flag} +${f.help.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
  });
});
