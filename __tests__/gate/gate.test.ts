// The shared core end to end, in process: warm-up, early abort, and reporters that fail.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { executeGate } from '../../src/gate.js';
import { parseSettings, type RawOptions } from '../../src/settings/parse.js';
import { readRunContext } from '../../src/settings/run-context.js';
import { recordingHost } from '../__fixtures__/host.js';

interface Target {
  url: string;
  /** Sets the response delay (ms) as a function of ms since the first request. */
  script(delay: (sinceFirstMs: number) => number): void;
  served(): number;
  close(): void;
}

async function scriptedTarget(): Promise<Target> {
  let delay = (_: number) => 5;
  let first: number | null = null;
  let served = 0;
  const server: Server = createServer((req, res) => {
    const now = performance.now();
    first ??= now;
    req.resume();
    setTimeout(
      () => {
        served++;
        res.end('ok');
      },
      delay(now - first),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    script: (d) => {
      delay = d;
      first = null;
    },
    served: () => served,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

function settingsFor(target: string, config: string, extra: RawOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'slo-gate-'));
  writeFileSync(join(dir, 'config.yml'), config);
  return parseSettings(
    {
      'target-url': target,
      'config-path': join(dir, 'config.yml'),
      'output-dir': join(dir, 'out'),
      'deployment-report': '',
      ...extra,
    },
    {},
    (name) => `input ${name}`,
    readRunContext({}),
  );
}

describe('executeGate', () => {
  let target: Target;
  before(async () => {
    target = await scriptedTarget();
  });
  after(() => target.close());

  // A service that is slow while it warms its caches (300 ms for the first 1.5 s), then fast (5 ms).
  // At a fixed 200 arrivals/s, 300 of the 1,000 requests of a 5 s run arrive in the slow phase:
  // without a warm-up p95 is ~300 ms; with a 2 s warm-up every measured request is fast.
  const coldStart = (sinceFirstMs: number) => (sinceFirstMs < 1500 ? 300 : 5);
  const warmUpConfig = (warmUp: string) => `
load: { pattern: rate, rate: 200, concurrency: 100, duration: 5s, warm_up: ${warmUp} }
thresholds:
  latency: { p50: 50, p95: 50 }
  error_rate: 1
`;

  it('a slow start inside the warm-up does not fail a healthy service', async () => {
    target.script(coldStart);
    const { judgement, report } = await executeGate(
      settingsFor(target.url, warmUpConfig('2s')),
      recordingHost(),
    );
    assert.equal(judgement.verdict, 'pass', judgement.reason);
    assert.ok(report.totals.warmUpRequests > 0);
    assert.ok(report.latencyMs.p95! < 20, `p95 ${report.latencyMs.p95}`);
    // The warm-up seconds are flagged in the timeline and their slowness is visible there.
    assert.deepEqual(
      report.timeline.slice(0, 3).map((b) => b.warmUp),
      [true, true, false],
    );
    assert.ok(report.timeline[0]!.p95Ms! >= 300, `first second p95 ${report.timeline[0]!.p95Ms}`);
  });

  it('the same slow start without a warm-up fails p95 (the test above can fail)', async () => {
    target.script(coldStart);
    const { judgement } = await executeGate(settingsFor(target.url, warmUpConfig('0s')), recordingHost());
    assert.equal(judgement.verdict, 'fail', judgement.reason);
    assert.match(judgement.reason, /p95 latency 3\d\d ms > 50\.0 ms/);
  });

  it('stops the load early once a breach can no longer recover', async () => {
    target.script(() => 200);
    const started = Date.now();
    const host = recordingHost();
    const { judgement, report } = await executeGate(
      settingsFor(
        target.url,
        `
load: { concurrency: 20, duration: 30s }
thresholds:
  latency: { p95: 50 }
slo: { abort_on_breach: true, grace_period: 1s }
`,
      ),
      host,
    );
    const tookSeconds = (Date.now() - started) / 1000;
    assert.equal(judgement.verdict, 'fail');
    assert.ok(report.aborted, 'the run records that it was aborted');
    assert.match(
      report.aborted!.reason,
      /^unrecoverable breach: p95 latency: \d+ requests already slower than 50\.0 ms/,
    );
    assert.ok(tookSeconds < 8, `a 30 s run should stop within a few seconds, took ${tookSeconds}`);
    assert.ok(report.aborted!.atSeconds < 6, `aborted at ${report.aborted!.atSeconds}s`);
    assert.equal(
      host.lines.warning.filter((w) => w.startsWith('Stopping the load early: p95 latency')).length,
      1,
    );
  });

  it('reporters that fail only warn: the verdict stays what the judge said', async () => {
    target.script(() => 5);
    const config =
      'load: { concurrency: 5, duration: 2s }\nthresholds:\n  latency: { p50: 50 }\n  error_rate: 1\n';
    const failing = {
      'pushgateway-url': 'http://127.0.0.1:1',
      'slack-webhook-url': 'http://127.0.0.1:1/hook',
      'slack-notify': 'always',
    };
    const host = recordingHost(
      {},
      {
        summary: {
          write: async () => {
            throw new Error('summary file is read-only');
          },
        },
      },
    );
    const settings = settingsFor(target.url, config, failing);
    // results.json etc. cannot be written where a file stands in for the output folder.
    writeFileSync(settings.outputDir, 'not a folder');
    const { judgement, published } = await executeGate(settings, host);
    assert.equal(judgement.verdict, 'pass', judgement.reason);
    const failed = published.failed.map((f) => f.reporter).sort();
    assert.deepEqual(failed, [
      'html',
      'junit',
      'markdown-report',
      'pushgateway',
      'results-json',
      'slack',
      'summary',
    ]);
    assert.equal(host.lines.warning.length, failed.length);
    assert.ok(
      host.lines.warning.every((w) => !w.includes('127.0.0.1:1/hook')),
      'the Slack URL is never printed',
    );
  });
});
