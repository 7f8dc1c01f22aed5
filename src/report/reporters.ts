// Every reporter, in the order they run: the earlier runs to compare with first (the summary, the
// PR comment and report.html show them), then the files (the artifact uploads them), then the
// artifact (the summary and the PR comment link it), then the job summary, the deployment log and
// the network reporters. Each is { name, enabled, run }; publish.ts drives them in one loop.
import { writeResultsJson } from './results-json.js';
import { writeMarkdownReport, appendDeploymentReport } from './markdown-report.js';
import { writeJunit } from './junit.js';
import { writeHtmlReport } from './html.js';
import { renderSummary } from './summary.js';
import { artifactServiceAvailable, defaultUpload } from './artifact.js';
import { pushMetrics } from './pushgateway.js';
import { renderSlackPayload, sendSlack, shouldNotifySlack } from './slack.js';
import { commentMarker, renderPrComment, upsertPrComment } from './pr-comment.js';
import { artifactUrl } from './format.js';
import { renderTrend } from './trend.js';
import { latestRuns, readHistory, type History } from './history.js';
import { fetchPreviousRuns } from './previous-runs.js';
import { messageOf } from '../errors.js';
import { Inputs } from '../constants.js';
import type { PublishContext, PublishOutcome, Reporter } from './publish.js';

export const REPORTERS: readonly Reporter[] = [
  {
    name: 'baseline',
    enabled: ({ settings }) => (settings.baseline === null ? { reason: 'no baseline' } : true),
    run: async (ctx) => {
      // a missing or unreadable baseline is a notice: the comparison is extra, never the verdict
      const history = await loadHistory(ctx).catch((e: unknown): History => ({
        runs: [],
        notes: [`no baseline to compare with: ${messageOf(e)}`],
      }));
      for (const note of history.notes) ctx.deps.log.notice(note);
      if (history.runs.length > 0)
        ctx.deps.log.info(
          `comparing with ${history.runs.length} earlier runs (${history.runs.map((r) => r.run.runId ?? r.startedAt).join(', ')})`,
        );
      ctx.out.history = history;
    },
  },
  {
    name: 'results-json',
    enabled: () => true,
    run: async ({ report, settings, out }) => {
      out.paths.resultsJson = await writeResultsJson(report, settings.outputDir);
    },
  },
  {
    name: 'markdown-report',
    enabled: () => true,
    run: async ({ report, settings, out }) => {
      out.paths.reportMd = await writeMarkdownReport(report, settings.outputDir);
    },
  },
  {
    name: 'junit',
    enabled: () => true,
    run: async ({ report, settings, out }) => {
      out.paths.junit = await writeJunit(report, settings.outputDir);
    },
  },
  {
    name: 'html',
    enabled: () => true,
    run: async ({ report, settings, out }) => {
      out.paths.html = await writeHtmlReport(report, settings.outputDir, out.history);
    },
  },
  {
    name: 'artifact',
    enabled: ({ settings, deps, out }) => {
      if (!settings.artifact.upload) return { reason: 'disabled' };
      if (!artifactServiceAvailable(deps.env))
        return {
          reason: `artifact upload skipped: not running in GitHub Actions; files are in ${settings.outputDir}`,
          notice: true,
        };
      if (reportFiles(out).length === 0) return { reason: 'no report files were written' };
      return true;
    },
    run: async ({ report, settings, deps, out }) => {
      const { name, retentionDays } = settings.artifact;
      const res = await (deps.uploadArtifact ?? defaultUpload)(
        name,
        reportFiles(out),
        settings.outputDir,
        retentionDays,
      );
      out.artifact = { ...res, url: artifactUrl(report, res.id) };
      deps.log.info(`uploaded artifact ${name} (id ${res.id}, ${res.size} bytes)`);
    },
  },
  {
    name: 'summary',
    enabled: () => true,
    run: async ({ report, deps, out }) => {
      const trend = renderTrend(report, out.history);
      await deps.summary.write(renderSummary(report, { artifactUrl: out.artifact?.url ?? null, trend }));
    },
  },
  {
    name: 'deployment-report',
    enabled: ({ settings }) => (settings.deploymentReportPath === null ? { reason: 'disabled' } : true),
    run: async ({ report, settings, out }) => {
      out.paths.deploymentReport = await appendDeploymentReport(report, settings.deploymentReportPath!);
    },
  },
  {
    name: 'pushgateway',
    enabled: ({ settings }) => (settings.pushgateway === null ? { reason: 'no pushgateway URL' } : true),
    run: async ({ report, settings, deps, fetch }) => {
      const r = await pushMetrics(report, settings.pushgateway!, { fetch, sleep: deps.sleep });
      deps.log.info(
        `pushed metrics to the Pushgateway group ${r.group}${r.deleted ? ` (deleted ${r.deleted} earlier run groups)` : ''}`,
      );
    },
  },
  {
    name: 'slack',
    enabled: ({ report, settings }) => {
      if (settings.slack === null) return { reason: 'no webhook' };
      if (!shouldNotifySlack(report, settings.slack.when))
        return { reason: `slack-notify is ${settings.slack.when}` };
      return true;
    },
    run: async ({ report, settings, deps, fetch }) => {
      await sendSlack(renderSlackPayload(report), settings.slack!.webhookUrl, { fetch, sleep: deps.sleep });
    },
  },
  {
    name: 'pr-comment',
    enabled: ({ report, settings }) => {
      if (settings.github === null || !settings.github.prComment) return { reason: 'disabled or no token' };
      if (report.run.pullRequest === null || !report.run.repository)
        return { reason: 'not a pull request run' };
      return true;
    },
    run: async ({ report, settings, deps, fetch, out }) => {
      const gh = settings.github!;
      const body = renderPrComment(report, out.history, out.artifact?.url ?? null);
      const target = {
        apiUrl: gh.apiUrl,
        token: gh.token,
        repository: report.run.repository!,
        pullRequest: report.run.pullRequest!,
      };
      const r = await upsertPrComment(target, commentMarker(report), body, { fetch, sleep: deps.sleep });
      deps.log.info(`${r.action} PR comment ${r.url}`);
    },
  },
];

/** The earlier runs of input baseline: files on disk, or this workflow's runs on GitHub. */
async function loadHistory({ report, settings, fetch }: PublishContext): Promise<History> {
  const source = settings.baseline!;
  if (source.kind === 'files')
    return { runs: latestRuns(await readHistory(source.path), settings.trendRuns), notes: [] };
  const { repository, runId } = settings.run;
  const missing = [
    settings.github === null ? `input ${Inputs.GithubToken} (a token with actions: read)` : null,
    repository === null ? 'GITHUB_REPOSITORY' : null,
    source.workflowRef === null ? 'GITHUB_WORKFLOW_REF' : null,
  ].filter((m): m is string => m !== null);
  if (missing.length > 0)
    return { runs: [], notes: [`no baseline to compare with: previous-run needs ${missing.join(', ')}`] };
  return fetchPreviousRuns(
    {
      apiUrl: settings.github!.apiUrl,
      token: settings.github!.token,
      repository: repository!,
      workflowRef: source.workflowRef!,
      eventPath: source.eventPath,
      runId,
      artifactName: settings.artifact.name,
      maxRuns: settings.trendRuns,
      current: report,
    },
    { fetch },
  );
}

/** The files the artifact carries: those the file reporters above managed to write. */
function reportFiles(out: PublishOutcome): string[] {
  const { resultsJson, reportMd, junit, html } = out.paths;
  return [resultsJson, reportMd, junit, html].filter((p): p is string => p !== null);
}
