// Settings and deps for publishReports tests: everything off unless a test turns it on.
import type { Settings } from '../../src/settings/types.js';
import type { PublishDeps } from '../../src/report/publish.js';
import { WHOLE_RUN } from '../../src/settings/run-shard.js';
import { passReport } from '../__fixtures__/report-fixtures.js';

export function baseSettings(outputDir: string, over: Partial<Settings> = {}): Settings {
  return {
    targetUrl: new URL(passReport.target),
    configPath: 'deploy/performance_config.yml',
    configPathExplicit: false,
    environment: 'staging',
    stage: null,
    trafficWeight: null,
    canary: null,
    autoRollback: null,
    load: {},
    outputDir,
    deploymentReportPath: null,
    artifact: { upload: false, name: 'slo-loadtest-report', retentionDays: null },
    pushgateway: null,
    slack: null,
    github: null,
    baseline: null,
    trendRuns: 10,
    transport: {},
    proxyEnv: { httpsProxy: null, httpProxy: null, noProxy: null },
    run: passReport.run,
    runShard: WHOLE_RUN,
    startAt: null,
    calibrate: false,
    ...over,
  };
}

export interface RecordingDeps extends PublishDeps {
  summaries: string[];
  infos: string[];
  warnings: string[];
  notices: string[];
}

export function recordingDeps(over: Partial<PublishDeps> = {}): RecordingDeps {
  const summaries: string[] = [];
  const infos: string[] = [];
  const warnings: string[] = [];
  const notices: string[] = [];
  return {
    summaries,
    infos,
    warnings,
    notices,
    summary: { write: async (md) => void summaries.push(md) },
    log: { info: (m) => infos.push(m), warning: (m) => warnings.push(m), notice: (m) => notices.push(m) },
    env: {},
    sleep: async () => {},
    ...over,
  };
}
