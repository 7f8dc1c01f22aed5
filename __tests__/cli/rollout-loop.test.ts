// The rollout's stage loop with fakes: the exact sequence of shell commands, waits and gates, and
// what the result says, per case.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  runRollout,
  substitute,
  type CommandResult,
  type RolloutPlan,
  type StageGate,
} from '../../src/cli/rollout-loop.js';
import type { Verdict } from '../../src/judge/types.js';

const PLAN: RolloutPlan = {
  deployment: 'backend-v2',
  weights: [10, 25, 50, 100],
  shiftCommand: 'shift {deployment} {weight} {stage}',
  rollbackCommand: 'rollback {deployment}',
  settleMs: 5000,
  autoRollback: true,
};

const EXIT_OF: Record<Verdict, number> = { pass: 0, fail: 1, marginal: 1, inconclusive: 3, error: 3 };

interface Case {
  name: string;
  plan?: Partial<RolloutPlan>;
  /** Gate verdict per weight (default pass). */
  verdicts?: Record<number, Verdict>;
  /** Command results by command text (default exit 0). */
  commands?: Record<string, CommandResult>;
  calls: string[];
  exitCode: number;
  verdict: Verdict;
  failedStage: string | null;
  rolledBack: boolean;
  rollbackNeeded: boolean;
  reason: string;
}

const CASES: Case[] = [
  {
    name: 'every stage passes: four shifts, four settles, four gates, no rollback',
    calls: [
      'sh shift backend-v2 10 canary-10',
      'sleep 5000',
      'gate canary-10 10',
      'sh shift backend-v2 25 canary-25',
      'sleep 5000',
      'gate canary-25 25',
      'sh shift backend-v2 50 canary-50',
      'sleep 5000',
      'gate canary-50 50',
      'sh shift backend-v2 100 canary-100',
      'sleep 5000',
      'gate canary-100 100',
    ],
    exitCode: 0,
    verdict: 'pass',
    failedStage: null,
    rolledBack: false,
    rollbackNeeded: false,
    reason: 'all 4 stages passed; backend-v2 takes 100 % of traffic',
  },
  {
    name: 'stage 25 breaches: shift 10, gate, shift 25, gate, rollback, stop',
    plan: { settleMs: 0 },
    verdicts: { 25: 'fail' },
    calls: [
      'sh shift backend-v2 10 canary-10',
      'gate canary-10 10',
      'sh shift backend-v2 25 canary-25',
      'gate canary-25 25',
      'sh rollback backend-v2',
    ],
    exitCode: 1,
    verdict: 'fail',
    failedStage: 'canary-25',
    rolledBack: true,
    rollbackNeeded: false,
    reason: 'stage canary-25 (25 %) breached: gate said fail at 25; rolled back',
  },
  {
    name: 'an inconclusive stage stops the rollout too (fail closed), exit 3',
    plan: { settleMs: 0 },
    verdicts: { 10: 'inconclusive' },
    calls: ['sh shift backend-v2 10 canary-10', 'gate canary-10 10', 'sh rollback backend-v2'],
    exitCode: 3,
    verdict: 'inconclusive',
    failedStage: 'canary-10',
    rolledBack: true,
    rollbackNeeded: false,
    reason: 'stage canary-10 (10 %) is inconclusive: gate said inconclusive at 10; rolled back',
  },
  {
    name: 'a failing shift command: no gate, rollback runs, exit 3 naming the command and its code',
    plan: { settleMs: 0 },
    commands: { 'shift backend-v2 25 canary-25': { exitCode: 7, failure: null } },
    calls: [
      'sh shift backend-v2 10 canary-10',
      'gate canary-10 10',
      'sh shift backend-v2 25 canary-25',
      'sh rollback backend-v2',
    ],
    exitCode: 3,
    verdict: 'error',
    failedStage: 'canary-25',
    rolledBack: true,
    rollbackNeeded: false,
    reason:
      'stage canary-25 (25 %) failed: shift command "shift backend-v2 25 canary-25" exited with code 7; rolled back',
  },
  {
    name: 'a shift command that cannot start is a failure, never a pass',
    plan: { settleMs: 0, autoRollback: false },
    commands: {
      'shift backend-v2 10 canary-10': { exitCode: null, failure: 'could not start: spawn ENOENT' },
    },
    calls: ['sh shift backend-v2 10 canary-10'],
    exitCode: 3,
    verdict: 'error',
    failedStage: 'canary-10',
    rolledBack: false,
    rollbackNeeded: true,
    reason:
      'stage canary-10 (10 %) failed: shift command "shift backend-v2 10 canary-10" could not start: spawn ENOENT; a rollback is needed (--auto-rollback-on-loadfail is off)',
  },
  {
    name: 'a failing rollback command: exit 3, says traffic may still reach the deployment',
    plan: { settleMs: 0 },
    verdicts: { 50: 'fail' },
    commands: { 'rollback backend-v2': { exitCode: 1, failure: null } },
    calls: [
      'sh shift backend-v2 10 canary-10',
      'gate canary-10 10',
      'sh shift backend-v2 25 canary-25',
      'gate canary-25 25',
      'sh shift backend-v2 50 canary-50',
      'gate canary-50 50',
      'sh rollback backend-v2',
    ],
    exitCode: 3,
    verdict: 'fail',
    failedStage: 'canary-50',
    rolledBack: false,
    rollbackNeeded: true,
    reason:
      'stage canary-50 (50 %) breached: gate said fail at 50; rollback command "rollback backend-v2" exited with code 1 — traffic may still reach backend-v2',
  },
  {
    name: 'no auto-rollback: the breach stops the rollout, nothing rolls back, exit 1',
    plan: { settleMs: 0, autoRollback: false },
    verdicts: { 10: 'fail' },
    calls: ['sh shift backend-v2 10 canary-10', 'gate canary-10 10'],
    exitCode: 1,
    verdict: 'fail',
    failedStage: 'canary-10',
    rolledBack: false,
    rollbackNeeded: true,
    reason:
      'stage canary-10 (10 %) breached: gate said fail at 10; a rollback is needed (--auto-rollback-on-loadfail is off)',
  },
];

describe('rollout stage loop', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const calls: string[] = [];
      const result = await runRollout(
        { ...PLAN, ...c.plan },
        {
          runCommand: async (command) => {
            calls.push(`sh ${command}`);
            return c.commands?.[command] ?? { exitCode: 0, failure: null };
          },
          gate: async ({ label, weight }): Promise<StageGate> => {
            calls.push(`gate ${label} ${weight}`);
            const verdict = c.verdicts?.[weight] ?? 'pass';
            return {
              verdict,
              reason: `gate said ${verdict} at ${weight}`,
              exitCode: EXIT_OF[verdict],
              resultsPath: `out/stage-${weight}/results.json`,
              p95Ms: weight,
            };
          },
          sleep: async (ms) => void calls.push(`sleep ${ms}`),
          log: () => {},
        },
      );
      assert.deepEqual(calls, c.calls);
      assert.equal(result.exitCode, c.exitCode);
      assert.equal(result.verdict, c.verdict);
      assert.equal(result.failedStage, c.failedStage);
      assert.equal(result.rolledBack, c.rolledBack);
      assert.equal(result.rollbackNeeded, c.rollbackNeeded);
      assert.equal(result.reason, c.reason);
      assert.equal(result.stages.length, c.calls.filter((x) => x.startsWith('sh shift')).length);
    });
  }

  it('substitutes {weight}, {deployment} and {stage} everywhere, leaves other braces alone', () => {
    assert.equal(
      substitute('set {weight} {weight} ${HOME} {other} {deployment}/{stage}', {
        weight: '25',
        deployment: 'api',
        stage: 'canary-25',
      }),
      'set 25 25 ${HOME} {other} api/canary-25',
    );
  });
});
