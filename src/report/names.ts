// Names used by the reporters, named once (src/constants.ts is shared; these are report-only).

export const ReportFiles = {
  Junit: 'junit.xml',
  Html: 'report.html',
} as const;

/** GitHub drops a step summary above 1 MiB; stay well below it. */
export const SUMMARY_MAX_BYTES = 1024 * 1024;
export const SUMMARY_BUDGET_BYTES = 900 * 1024;
/** Rows shown before a "N more" row. */
export const MAX_ENDPOINT_ROWS = 50;
/** Error kinds and statuses listed in a summary or report (the rest are in results.json). */
export const MAX_ERROR_ROWS = 10;
export const MAX_SLO_ROWS = 100;
/** Longest user string put in one table cell / label before it is cut with an ellipsis. */
export const MAX_CELL_CHARS = 200;
/** Chart points after downsampling the per-second timeline. */
export const MAX_CHART_POINTS = 60;
/** Per-endpoint Prometheus series are capped to keep the label set bounded. */
export const MAX_METRIC_ENDPOINTS = 50;
/** GitHub rejects issue comments above 65,536 characters. */
export const MAX_COMMENT_CHARS = 60_000;

export const COMMENT_MARKER_PREFIX = 'slo-loadtest';
export const DEPLOYMENT_REPORT_HEADER =
  '# Deployment report\n\nOne entry per load-test run, appended by slo-loadtest-action.\n';

/** Environment variables @actions/artifact needs; without them the upload is skipped. */
export const ArtifactEnv = {
  RuntimeToken: 'ACTIONS_RUNTIME_TOKEN',
  ResultsUrl: 'ACTIONS_RESULTS_URL',
} as const;

export const PushgatewayLabels = {
  Job: 'job',
  Environment: 'environment',
  Target: 'target',
  RunId: 'run_id',
  Slo: 'slo',
  Endpoint: 'endpoint',
} as const;
/** run_id grouping-key value outside GitHub Actions. */
export const LOCAL_RUN_ID = 'local';

/** The reporters' HTTP retries (report/http.ts): attempts in all, first backoff, Retry-After cap. */
export const HTTP_MAX_TRIES = 3;
export const HTTP_BASE_DELAY_MS = 1000;
export const HTTP_MAX_RETRY_AFTER_MS = 30_000;

export const GITHUB_API_VERSION = '2022-11-28';

/** Per-request timeouts of the reporters' HTTP calls. */
export const PUSHGATEWAY_TIMEOUT_MS = 10_000;
export const SLACK_TIMEOUT_MS = 10_000;
export const GITHUB_API_TIMEOUT_MS = 15_000;
