// Settings: every action input / CLI flag / honoured environment variable, read once, typed,
// validated. Nothing downstream reads inputs or process.env.
import type { LoadOverrides } from '../config/types.js';
import type { RunShard } from './run-shard.js';
import type { TransportOverrides } from '../config/transport-section.js';

/** When the load starts: at a given time, or at the next multiple of a period of the wall clock. */
export type StartAt = { kind: 'time'; epochMs: number } | { kind: 'boundary'; everySeconds: number };

/** Where this run lives on GitHub (from the runner's environment); reports link to it. */
export interface RunContext {
  /** e.g. https://github.com/org/repo/actions/runs/123 — null outside Actions. */
  runUrl: string | null;
  repository: string | null;
  sha: string | null;
  ref: string | null;
  runId: string | null;
  workflow: string | null;
  job: string | null;
  /** Pull request number when the run belongs to one. */
  pullRequest: number | null;
}

/** The proxy variables as the settings read them (upper case wins over lower case). */
export interface ProxyEnv {
  httpsProxy: string | null;
  httpProxy: string | null;
  noProxy: string | null;
}

export type SlackWhen = 'always' | 'failure' | 'never';

/** Canary mode: the target is the canary, loaded beside a baseline (production) in the same window. */
export interface CanarySettings {
  baselineUrl: URL;
  /** Extra headers per arm (header-forced routing through one gateway, e.g. Istio `x-canary: true`). */
  canaryHeaders: Readonly<Record<string, string>>;
  baselineHeaders: Readonly<Record<string, string>>;
  /** A/A: both arms load the baseline (with the baseline's headers), to measure false alarms. */
  aa: boolean;
}

/**
 * Where the earlier runs come from: results.json files on disk (a file or a folder of them), or
 * this workflow's latest successful runs on the repository's default branch (their report artifacts).
 */
export type BaselineSource =
  | { kind: 'files'; path: string }
  | {
      kind: 'previous-run';
      /** GITHUB_WORKFLOW_REF (owner/repo/.github/workflows/file.yml@ref); null outside Actions. */
      workflowRef: string | null;
      /** GITHUB_EVENT_PATH: the event payload names the default branch. */
      eventPath: string | null;
    };

export interface Settings {
  targetUrl: URL;
  /** Config file path, and whether the user named it (a named file must exist). */
  configPath: string;
  configPathExplicit: boolean;
  environment: string;
  stage: string | null;
  /** Progressive rollout: the share of traffic on the new version at this stage, percent. */
  trafficWeight: number | null;
  /** Canary mode when baseline-url is given; null = the single-target gate. */
  canary: CanarySettings | null;
  /** auto-rollback / --auto-rollback-on-loadfail; null = not given (config canary.auto_rollback, else true). */
  autoRollback: boolean | null;
  load: LoadOverrides;
  /** Folder for results.json, report.md, junit.xml, report.html. */
  outputDir: string;
  /** Deployment report log to append to; null = do not append. */
  deploymentReportPath: string | null;
  artifact: { upload: boolean; name: string; retentionDays: number | null };
  pushgateway: { url: URL; job: string; deleteAfter: boolean } | null;
  slack: { webhookUrl: URL; when: SlackWhen } | null;
  github: { token: string; prComment: boolean; apiUrl: string } | null;
  /** Earlier runs to compare with (input baseline / baseline-results, flag --baseline); null = none. */
  baseline: BaselineSource | null;
  /** At most this many earlier runs in the trend (input trend-runs). */
  trendRuns: number;
  /** tls / http keys given as inputs or flags (they override the config file's). */
  transport: TransportOverrides;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
  proxyEnv: ProxyEnv;
  run: RunContext;
  /** The part of the load this runner sends (input shard, e.g. 2/4); WHOLE_RUN by default. */
  runShard: RunShard;
  /** Shared start of runner shards (input start-at); null = start as soon as ready. */
  startAt: StartAt | null;
  /** Measure the generator's own latency floor against a null server before the load (input calibrate). */
  calibrate: boolean;
}
