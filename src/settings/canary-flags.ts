// The flags of `slo-loadtest canary` (the original system's canary_verify.py), beside the run flags
// it shares; --load-test and --auto-rollback-on-loadfail are the rollout command's switches.
import { Inputs } from '../constants.js';

type InputName = (typeof Inputs)[keyof typeof Inputs];

/** String flags that map onto an action input (repeatable header flags are joined by newlines). */
export const CANARY_FLAGS: readonly { flag: string; input: InputName; help: string; multiple?: true }[] = [
  { flag: 'canary-url', input: Inputs.TargetUrl, help: 'canary: URL of the new version (same as --target)' },
  { flag: 'production-url', input: Inputs.BaselineUrl, help: 'canary: URL of production, the baseline' },
  {
    flag: 'canary-header',
    input: Inputs.CanaryHeaders,
    help: "canary: 'Name: value' sent by the canary arm only (repeatable)",
    multiple: true,
  },
  {
    flag: 'baseline-header',
    input: Inputs.BaselineHeaders,
    help: "canary: 'Name: value' sent by the production arm only (repeatable)",
    multiple: true,
  },
  {
    flag: 'traffic-weight',
    input: Inputs.TrafficWeight,
    help: 'Traffic weight of this stage, percent (reported)',
  },
];

/** Switches only canary takes. */
export const CANARY_SWITCHES = [
  { flag: 'aa', help: 'canary: A/A — load production on both arms (false-alarm rate)' },
];
/** Rollout switches canary also takes, as canary_verify.py did. */
export const SHARED_SWITCHES = ['load-test', 'auto-rollback-on-loadfail'];

export const CANARY_USAGE =
  'slo-loadtest canary --canary-url URL --production-url URL [--load-test] [--auto-rollback-on-loadfail] [--rate R] [--duration T] [--config FILE] [--results DIR]';
