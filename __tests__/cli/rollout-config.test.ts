import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rolloutPlan } from '../../src/cli/rollout.js';
import type { RolloutFlags } from '../../src/settings/rollout-flags.js';

const NONE: RolloutFlags = {
  deployment: null,
  stages: null,
  shiftCommand: null,
  rollbackCommand: null,
  settleSeconds: null,
  autoRollback: true,
};
const CONFIG = {
  deployment: 'backend-v2',
  stages: [10, 25, 50, 100],
  shiftCommand: 'shift {weight}',
  rollbackCommand: 'shift 0',
  settleSeconds: 30,
};

describe('rollout plan: stages and commands from the config when not given as flags', () => {
  it('progressive_rollout.py --deployment backend-v2 --load-test --auto-rollback-on-loadfail: the rest from rollout:', () => {
    assert.deepEqual(rolloutPlan({ ...NONE, deployment: 'backend-v2' }, CONFIG), {
      deployment: 'backend-v2',
      weights: [10, 25, 50, 100],
      shiftCommand: 'shift {weight}',
      rollbackCommand: 'shift 0',
      settleMs: 30_000,
      autoRollback: true,
    });
  });

  it('flags win key by key', () => {
    const plan = rolloutPlan({ ...NONE, stages: [50, 100], settleSeconds: 0 }, CONFIG);
    assert.deepEqual([plan.weights, plan.settleMs, plan.shiftCommand], [[50, 100], 0, 'shift {weight}']);
  });

  it('neither: the missing one is named', () => {
    assert.throws(() => rolloutPlan({ ...NONE, deployment: 'x' }, null), {
      message: 'rollout: --stages is required',
    });
  });
});
