// Runs the whole gate (settings → config → plan → engine → reports) for transport tests and
// returns what the user sees: the report, the log lines, the job summary and results.json.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeGate, type GateResult } from '../../src/gate.js';
import { parseSettings, type RawOptions } from '../../src/settings/parse.js';
import { readRunContext } from '../../src/settings/run-context.js';
import { recordingHost, type RecordingHost } from '../__fixtures__/host.js';

export const SHORT_CONFIG = `
load: { pattern: sustained, concurrency: 4, duration: 500ms, timeout: 2s }
thresholds: { error_rate: 1 }
`;

export interface GateRun extends GateResult {
  host: RecordingHost;
  resultsJson: Record<string, any>;
  summary: string;
}

export async function gate(
  target: string,
  extra: RawOptions = {},
  config = SHORT_CONFIG,
  env: Record<string, string> = {},
): Promise<GateRun> {
  const dir = mkdtempSync(join(tmpdir(), 'slo-transport-'));
  writeFileSync(join(dir, 'config.yml'), config);
  const settings = parseSettings(
    {
      'target-url': target,
      'config-path': join(dir, 'config.yml'),
      'output-dir': join(dir, 'out'),
      'deployment-report': '',
      'upload-artifact': 'false',
      ...extra,
    },
    env,
    (name) => `input ${name}`,
    readRunContext({}),
  );
  const host = recordingHost(env);
  const result = await executeGate(settings, host);
  const resultsJson = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
  return { ...result, host, resultsJson, summary: host.summaries.join('\n') };
}
