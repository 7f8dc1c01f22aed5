// What a canary verdict means for the deployment: promote, roll back, or hold for a human.
import type { VerdictPolicy } from '../config/types.js';
import type { Verdict } from './types.js';

export type { VerdictPolicy } from '../config/types.js';

export interface DecisionPolicy {
  /** Roll back on a failed canary (`auto-rollback` / --auto-rollback-on-loadfail). */
  autoRollback: boolean;
  onMarginal: VerdictPolicy;
  onInconclusive: VerdictPolicy;
}

export interface Decision {
  promote: boolean;
  rollback: boolean;
  /** The step/command succeeds (exit 0): only when the canary may be promoted. */
  succeeds: boolean;
}

export function decide(verdict: Verdict, policy: DecisionPolicy): Decision {
  const action: VerdictPolicy =
    verdict === 'pass'
      ? 'promote'
      : verdict === 'marginal'
        ? policy.onMarginal
        : verdict === 'inconclusive'
          ? policy.onInconclusive
          : 'rollback';
  return {
    promote: action === 'promote',
    rollback: action === 'rollback' && policy.autoRollback,
    succeeds: action === 'promote',
  };
}
