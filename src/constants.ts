// Every name that other people's workflows, scripts and dashboards depend on, named once.

export const TOOL_NAME = 'slo-loadtest-action';
/** Kept equal to package.json's version by a test. */
export const VERSION = '1.0.0';

/** Exit codes of the CLI; the action maps the same verdicts to outputs and a failed step. */
export const ExitCode = {
  Pass: 0,
  Breach: 1,
  InvalidInput: 2,
  Inconclusive: 3,
} as const;

/** Action inputs, exactly as spelled in action.yml. */
export const Inputs = {
  TargetUrl: 'target-url',
  Concurrency: 'concurrency',
  Duration: 'duration',
  ConfigPath: 'config-path',
  Environment: 'environment',
  Pattern: 'pattern',
  Rate: 'rate',
  RampUp: 'ramp-up',
  Burst: 'burst',
  ThinkTime: 'think-time',
  Workers: 'workers',
  Timeout: 'timeout',
  ConnectTimeout: 'connect-timeout',
  FirstByteTimeout: 'first-byte-timeout',
  WarmUp: 'warm-up',
  OutputDir: 'output-dir',
  ReportPath: 'deployment-report',
  ArtifactName: 'artifact-name',
  RetentionDays: 'retention-days',
  UploadArtifact: 'upload-artifact',
  PushgatewayUrl: 'pushgateway-url',
  PushgatewayJob: 'pushgateway-job',
  PushgatewayDelete: 'pushgateway-delete',
  SlackWebhookUrl: 'slack-webhook-url',
  SlackNotify: 'slack-notify',
  GithubToken: 'github-token',
  PrComment: 'pr-comment',
  BaselineResults: 'baseline-results',
  /** Earlier runs to compare with: previous-run (this workflow on the default branch) or results files. */
  Baseline: 'baseline',
  TrendRuns: 'trend-runs',
  AbortOnBreach: 'abort-on-breach',
  Calibrate: 'calibrate',
  Stage: 'stage',
  Shard: 'shard',
  StartAt: 'start-at',
  /** Merge action: which of the run's artifacts hold the runner shards' results (a * glob). */
  ShardArtifacts: 'shard-artifacts',
  CaCert: 'ca-cert',
  ClientCert: 'client-cert',
  ClientKey: 'client-key',
  Servername: 'servername',
  InsecureTls: 'insecure-tls',
  TlsMinVersion: 'tls-min-version',
  HttpVersion: 'http-version',
  Connections: 'connections',
  Resolve: 'resolve',
  Proxy: 'proxy',
  BaselineUrl: 'baseline-url',
  CanaryHeaders: 'canary-headers',
  BaselineHeaders: 'baseline-headers',
  AutoRollback: 'auto-rollback',
  TrafficWeight: 'traffic-weight',
  AaTest: 'aa-test',
} as const;

/** Action outputs (a contract: docs/CONTRACTS.md). */
export const Outputs = {
  Passed: 'passed',
  Verdict: 'verdict',
  P50Ms: 'p50-ms',
  P95Ms: 'p95-ms',
  P99Ms: 'p99-ms',
  ThroughputRps: 'throughput-rps',
  ErrorRatePercent: 'error-rate-percent',
  Rollback: 'rollback',
  ResultsJson: 'results-json',
  ReportPath: 'report-path',
  Promote: 'promote',
  Score: 'score',
  FailedMetrics: 'failed-metrics',
  Reason: 'reason',
  CanaryP95Ms: 'canary-p95-ms',
  BaselineP95Ms: 'baseline-p95-ms',
  CanaryErrorRatePercent: 'canary-error-rate-percent',
  BaselineErrorRatePercent: 'baseline-error-rate-percent',
  Stage: 'stage',
  TrafficWeight: 'traffic-weight',
} as const;

/** Environment variables honoured by the action and the CLI alike. */
export const EnvVars = {
  Environment: 'ENVIRONMENT',
  PushgatewayUrl: 'PROMETHEUS_PUSHGATEWAY_URL',
  SlackWebhookUrl: 'SLACK_WEBHOOK_URL',
  /** Proxies, as curl, k6 and undici read them (the upper-case name wins over the lower-case one). */
  HttpsProxy: 'HTTPS_PROXY',
  HttpProxy: 'HTTP_PROXY',
  NoProxy: 'NO_PROXY',
  /** The runner's: the workflow file of this run, and the event payload (its repository.default_branch). */
  WorkflowRef: 'GITHUB_WORKFLOW_REF',
  EventPath: 'GITHUB_EVENT_PATH',
} as const;

/** Input baseline's value for "this workflow's latest successful runs on the default branch". */
export const BASELINE_PREVIOUS_RUN = 'previous-run';

export const Defaults = {
  ConfigPath: 'deploy/performance_config.yml',
  Environment: 'staging',
  Concurrency: 100,
  DurationSeconds: 60,
  TimeoutMs: 10_000,
  OutputDir: 'loadtest-results',
  ResultsFile: 'results.json',
  ReportFile: 'report.md',
  DeploymentReport: 'deploy/deployment_report.md',
  ArtifactName: 'slo-loadtest-report',
  ShardArtifacts: 'slo-loadtest-shard-*',
  /** Earlier runs in the trend (input trend-runs). */
  TrendRuns: 10,
  PushgatewayJob: 'slo_loadtest',
  /** Response bodies are drained and counted up to this many bytes, then the request is an error. */
  MaxBodyBytes: 64 * 1024 * 1024,
} as const;

/** Prometheus metric names (the first four are the original system's). */
export const Metrics = {
  LatencyP95: 'loadtest_latency_p95_ms',
  Throughput: 'loadtest_throughput_rps',
  ErrorRate: 'loadtest_error_rate_percent',
  SloPassed: 'loadtest_slo_passed',
  LatencyP50: 'loadtest_latency_p50_ms',
  LatencyP99: 'loadtest_latency_p99_ms',
  Requests: 'loadtest_requests_total',
  Errors: 'loadtest_errors_total',
  SloLimit: 'loadtest_slo_limit',
  SloActual: 'loadtest_slo_actual',
  SloObjectivePassed: 'loadtest_slo_objective_passed',
} as const;

export const RESULTS_SCHEMA_VERSION = 1;
