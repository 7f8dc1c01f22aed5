// One loop over the reporters (reporters.ts): each says whether it runs, then runs in its own
// try/catch — a reporter failure is a warning, never a change of verdict, and never stops the
// others. The verdict is computed before this is called.
import type { RunReport } from './types.js';
import type { Settings } from '../settings/types.js';
import { messageOf } from '../errors.js';
import { REPORTERS } from './reporters.js';
import type { UploadFn } from './artifact.js';
import { NO_HISTORY, type History } from './history.js';

export type ReporterName =
  | 'baseline'
  | 'results-json'
  | 'markdown-report'
  | 'junit'
  | 'html'
  | 'artifact'
  | 'summary'
  | 'deployment-report'
  | 'pushgateway'
  | 'slack'
  | 'pr-comment';

export interface PublishDeps {
  summary: { write(markdown: string): Promise<void> };
  log: { info(m: string): void; warning(m: string): void; notice(m: string): void };
  fetch?: typeof fetch;
  uploadArtifact?: UploadFn;
  /** Where to look for ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL (the host passes its env; nothing here reads process.env). */
  env: Record<string, string | undefined>;
  /** Slack retry sleep (tests). */
  sleep?: (ms: number) => Promise<void>;
}

export interface PublishOutcome {
  succeeded: ReporterName[];
  failed: Array<{ reporter: ReporterName; error: string }>;
  skipped: Array<{ reporter: ReporterName; reason: string }>;
  paths: {
    resultsJson: string | null;
    reportMd: string | null;
    junit: string | null;
    html: string | null;
    deploymentReport: string | null;
  };
  artifact: { id: number; size: number; url: string | null } | null;
  /** The earlier runs the summary, the PR comment and report.html compare with (input baseline). */
  history: History;
}

/** What a reporter sees: the finished report, the settings, the host, and what ran before it. */
export interface PublishContext {
  report: RunReport;
  settings: Settings;
  deps: PublishDeps;
  fetch: typeof fetch;
  /** Filled as reporters run: the files written, the uploaded artifact. */
  out: PublishOutcome;
}

/** Why a reporter does not run; `notice` also tells the user, not only the outcome. */
export interface Skip {
  reason: string;
  notice?: boolean;
}

export interface Reporter {
  readonly name: ReporterName;
  /** true to run, or why not (for these settings, this report, and what ran before). */
  enabled(ctx: PublishContext): true | Skip;
  run(ctx: PublishContext): Promise<void>;
}

export async function publishReports(
  report: RunReport,
  settings: Settings,
  deps: PublishDeps,
  reporters: readonly Reporter[] = REPORTERS,
): Promise<PublishOutcome> {
  const out: PublishOutcome = {
    succeeded: [],
    failed: [],
    skipped: [],
    paths: { resultsJson: null, reportMd: null, junit: null, html: null, deploymentReport: null },
    artifact: null,
    history: NO_HISTORY,
  };
  const ctx: PublishContext = { report, settings, deps, fetch: deps.fetch ?? fetch, out };
  for (const reporter of reporters) {
    try {
      const enabled = reporter.enabled(ctx);
      if (enabled !== true) {
        if (enabled.notice) deps.log.notice(enabled.reason);
        out.skipped.push({ reporter: reporter.name, reason: enabled.reason });
        continue;
      }
      await reporter.run(ctx);
      out.succeeded.push(reporter.name);
    } catch (e) {
      const error = messageOf(e);
      out.failed.push({ reporter: reporter.name, error });
      deps.log.warning(`${reporter.name} reporter failed: ${error}`);
    }
  }
  return out;
}
