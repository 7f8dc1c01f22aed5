// Settings: every action input / CLI flag / honoured environment variable, read once, typed,
// validated. Nothing downstream reads inputs or process.env.
import type { PatternName, BurstShape } from '../config/types.js';
import type { RunContext } from '../report/types.js';

/** Load options given on the command line or as inputs; they override the config file's `load`. */
export interface LoadOverrides {
  pattern?: PatternName;
  concurrency?: number;
  durationSeconds?: number;
  rate?: number;
  rampUpSeconds?: number;
  burst?: BurstShape;
  thinkTimeMs?: number;
  workers?: number;
  timeoutMs?: number;
  warmUpSeconds?: number;
  abortOnBreach?: boolean;
}

export type SlackWhen = 'always' | 'failure' | 'never';

export interface Settings {
  targetUrl: URL;
  /** Config file path, and whether the user named it (a named file must exist). */
  configPath: string;
  configPathExplicit: boolean;
  environment: string;
  stage: string | null;
  load: LoadOverrides;
  /** Folder for results.json, report.md, junit.xml, report.html. */
  outputDir: string;
  /** Deployment report log to append to; null = do not append. */
  deploymentReportPath: string | null;
  artifact: { upload: boolean; name: string; retentionDays: number | null };
  pushgateway: { url: URL; job: string; deleteAfter: boolean } | null;
  slack: { webhookUrl: URL; when: SlackWhen } | null;
  github: { token: string; prComment: boolean; apiUrl: string } | null;
  /** A previous results.json to compare against in the PR comment. */
  baselineResultsPath: string | null;
  run: RunContext;
}
