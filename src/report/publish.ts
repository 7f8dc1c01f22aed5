// Runs every enabled reporter, each in its own try/catch: a reporter failure is a warning, never a
// change of verdict, and never stops the other reporters.
import type { RunReport } from './types.js';
import type { Settings } from '../settings/types.js';
import { messageOf } from '../errors.js';
import { writeResultsJson } from './results-json.js';
import { writeMarkdownReport, appendDeploymentReport } from './markdown-report.js';
import { writeJunit } from './junit.js';
import { writeHtmlReport } from './html.js';
import { renderSummary } from './summary.js';
import { artifactServiceAvailable, defaultUpload, type UploadFn } from './artifact.js';
import { pushMetrics } from './pushgateway.js';
import { renderSlackPayload, sendSlack, shouldNotifySlack } from './slack.js';
import { commentMarker, readBaseline, renderPrComment, upsertPrComment } from './pr-comment.js';
import { artifactUrl } from './format.js';

export type ReporterName =
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
}

export async function publishReports(
  report: RunReport,
  settings: Settings,
  deps: PublishDeps,
): Promise<PublishOutcome> {
  const out: PublishOutcome = {
    succeeded: [],
    failed: [],
    skipped: [],
    paths: { resultsJson: null, reportMd: null, junit: null, html: null, deploymentReport: null },
    artifact: null,
  };
  const doFetch = deps.fetch ?? fetch;
  const step = async (name: ReporterName, fn: () => Promise<void>) => {
    try {
      await fn();
      out.succeeded.push(name);
    } catch (e) {
      const error = messageOf(e);
      out.failed.push({ reporter: name, error });
      deps.log.warning(`${name} reporter failed: ${error}`);
    }
  };
  const skip = (reporter: ReporterName, reason: string) => out.skipped.push({ reporter, reason });
  const dir = settings.outputDir;

  await step('results-json', async () => void (out.paths.resultsJson = await writeResultsJson(report, dir)));
  await step(
    'markdown-report',
    async () => void (out.paths.reportMd = await writeMarkdownReport(report, dir)),
  );
  await step('junit', async () => void (out.paths.junit = await writeJunit(report, dir)));
  await step('html', async () => void (out.paths.html = await writeHtmlReport(report, dir)));

  const files = [out.paths.resultsJson, out.paths.reportMd, out.paths.junit, out.paths.html].filter(
    (p): p is string => p !== null,
  );
  if (!settings.artifact.upload) skip('artifact', 'disabled');
  else if (!artifactServiceAvailable(deps.env)) {
    const reason = `artifact upload skipped: not running in GitHub Actions; files are in ${dir}`;
    deps.log.notice(reason);
    skip('artifact', reason);
  } else if (files.length === 0) skip('artifact', 'no report files were written');
  else
    await step('artifact', async () => {
      const res = await (deps.uploadArtifact ?? defaultUpload)(
        settings.artifact.name,
        files,
        dir,
        settings.artifact.retentionDays,
      );
      out.artifact = { ...res, url: artifactUrl(report, res.id) };
      deps.log.info(`uploaded artifact ${settings.artifact.name} (id ${res.id}, ${res.size} bytes)`);
    });

  await step('summary', () =>
    deps.summary.write(renderSummary(report, { artifactUrl: out.artifact?.url ?? null })),
  );

  if (settings.deploymentReportPath === null) skip('deployment-report', 'disabled');
  else {
    const path = settings.deploymentReportPath;
    await step(
      'deployment-report',
      async () => void (out.paths.deploymentReport = await appendDeploymentReport(report, path)),
    );
  }

  const pg = settings.pushgateway;
  if (pg === null) skip('pushgateway', 'no pushgateway URL');
  else
    await step('pushgateway', async () => {
      const r = await pushMetrics(report, pg, { fetch: doFetch });
      deps.log.info(
        `pushed metrics to the Pushgateway group ${r.group}${r.deleted ? ` (deleted ${r.deleted} earlier run groups)` : ''}`,
      );
    });

  const slack = settings.slack;
  if (slack === null) skip('slack', 'no webhook');
  else if (!shouldNotifySlack(report, slack.when)) skip('slack', `slack-notify is ${slack.when}`);
  else
    await step(
      'slack',
      async () =>
        void (await sendSlack(renderSlackPayload(report), slack.webhookUrl, {
          fetch: doFetch,
          sleep: deps.sleep,
        })),
    );

  const gh = settings.github;
  const pr = report.run.pullRequest;
  if (gh === null || !gh.prComment) skip('pr-comment', 'disabled or no token');
  else if (pr === null || !report.run.repository) skip('pr-comment', 'not a pull request run');
  else
    await step('pr-comment', async () => {
      const baseline = settings.baselineResultsPath ? await readBaseline(settings.baselineResultsPath) : null;
      const body = renderPrComment(report, baseline, out.artifact?.url ?? null);
      const target = {
        apiUrl: gh.apiUrl,
        token: gh.token,
        repository: report.run.repository as string,
        pullRequest: pr,
      };
      const r = await upsertPrComment(target, commentMarker(report), body, doFetch);
      deps.log.info(`${r.action} PR comment ${r.url}`);
    });

  return out;
}
