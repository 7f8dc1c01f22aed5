// The flags only `slo-loadtest rollout` takes (its run flags are the run command's): read, typed and
// checked here; values the user left out stay null so the config's `rollout:` section can fill them.
import { parseDuration } from '../config/duration.js';
import { quote } from '../config/messages.js';
import { InputError } from '../errors.js';

export interface RolloutFlag {
  flag: string;
  type: 'string' | 'boolean';
  help: string;
}

export const ROLLOUT_FLAGS: readonly RolloutFlag[] = [
  { flag: 'deployment', type: 'string', help: 'Name of what is rolled out; {deployment} in the commands' },
  { flag: 'stages', type: 'string', help: 'Traffic weights in percent, rising, e.g. 10,25,50,100' },
  {
    flag: 'shift-command',
    type: 'string',
    help: 'Shell command that moves {weight} % of traffic to the new version',
  },
  { flag: 'rollback-command', type: 'string', help: 'Shell command that sends all traffic back' },
  { flag: 'settle', type: 'string', help: 'Wait after each shift before the stage gate (default 0s)' },
  { flag: 'auto-rollback-on-loadfail', type: 'boolean', help: 'Run the rollback command when a stage fails' },
  {
    flag: 'load-test',
    type: 'boolean',
    help: 'Accepted for the original command; every stage is load-tested',
  },
];

export const ROLLOUT_USAGE =
  "slo-loadtest rollout --deployment NAME --stages 10,25,50,100 --shift-command 'CMD {weight}' --rollback-command 'CMD' --target URL [options]";

/** What the flags said; null = not given. */
export interface RolloutFlags {
  deployment: string | null;
  stages: number[] | null;
  shiftCommand: string | null;
  rollbackCommand: string | null;
  settleSeconds: number | null;
  autoRollback: boolean;
}

/** Kubernetes-style names: safe to put into a shell command unquoted. */
const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function readRolloutFlags(values: Record<string, string | boolean | undefined>): RolloutFlags {
  const text = (flag: string): string | null => {
    const value = values[flag];
    if (typeof value !== 'string') return null;
    if (value.trim() === '') throw new InputError(`--${flag}: expected a non-empty value, got ""`);
    return value;
  };
  const deployment = text('deployment');
  checkDeployment(deployment, '--deployment');
  const stagesText = text('stages');
  const settle = text('settle');
  return {
    deployment,
    stages: stagesText === null ? null : parseStages(stagesText.split(','), '--stages', stagesText),
    shiftCommand: text('shift-command'),
    rollbackCommand: text('rollback-command'),
    settleSeconds: settle === null ? null : parseDuration(settle, '--settle'),
    autoRollback: values['auto-rollback-on-loadfail'] === true,
  };
}

export function checkDeployment(name: string | null, what: string): void {
  if (name !== null && !DEPLOYMENT_NAME.test(name))
    throw new InputError(
      `${what}: expected a name of letters, digits, ".", "_" or "-" (it goes into shell commands), got ${quote(name)}`,
    );
}

/** Integer percentages 1–100, strictly rising (a rollout only moves forward). */
export function parseStages(items: readonly (string | number)[], what: string, shown: string): number[] {
  const weights = items.map((item) =>
    typeof item === 'number' ? item : item.trim() === '' ? NaN : Number(item),
  );
  const expected = 'rising whole percentages from 1 to 100, e.g. 10,25,50,100';
  weights.forEach((w, i) => {
    if (!Number.isInteger(w) || w < 1 || w > 100 || (i > 0 && w <= weights[i - 1]!))
      throw new InputError(`${what}: expected ${expected}, got ${quote(shown)}`);
  });
  if (weights.length === 0) throw new InputError(`${what}: expected ${expected}, got ""`);
  return weights;
}
