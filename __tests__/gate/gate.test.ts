// The shared core end to end, in process: warm-up, early abort, and reporters that fail.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { executeGate } from '../../src/gate.js';
import { mdCell } from '../../src/report/format.js';
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

function settingsFor(
  target: string,
  config: string,
  extra: RawOptions = {},
  env: Record<string, string> = {},
) {
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
    env,
    (name) => `input ${name}`,
    readRunContext(env),
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
    // A starved CPU makes the generator itself late and the product then declines to judge
    // (inconclusive, naming its own measured lag): the one verdict besides pass accepted here. The
    // latency bound is then the slow start's 300 ms, which the warm-up must still keep out.
    const generatorBound =
      judgement.verdict === 'inconclusive' &&
      (report.generator.saturatedReasons.length > 0 ||
        judgement.reason.includes('so the generator may have caused it'));
    assert.ok(judgement.verdict === 'pass' || generatorBound, `${judgement.verdict}: ${judgement.reason}`);
    // 200 arrivals/s: exactly 400 intended in the 2 s warm-up, 600 in the measured 3 s.
    assert.equal(report.totals.warmUpRequests, 400);
    assert.deepEqual([report.load.pattern, report.load.rate], ['rate', 200]);
    assert.equal(report.totals.requests, 600);
    assert.ok(report.latencyMs.p95! < (generatorBound ? 300 : 40), `p95 ${report.latencyMs.p95}`);
    // The warm-up seconds are flagged in the timeline and their slowness is visible there.
    assert.deepEqual(
      report.timeline.slice(0, 3).map((b) => b.warmUp),
      [true, true, false],
    );
    assert.ok(report.timeline[0]!.p95Ms! >= 300, `first second p95 ${report.timeline[0]!.p95Ms}`);
  });

  it('input calibrate: the planned rate against the null server first, carried in the report and summary', async () => {
    target.script(() => 5);
    const servedBefore = target.served();
    const host = recordingHost();
    const { report } = await executeGate(
      settingsFor(target.url, 'load: { pattern: rate, rate: 100, concurrency: 20, duration: 2s }\n', {
        calibrate: 'true',
      }),
      host,
    );
    const c = report.calibration!;
    // the planned 100/s for min(10 s, 2 s) after a 1 s warm-up: 200 measured requests
    assert.deepEqual(
      [c.pattern, c.rate, c.concurrency, c.durationSeconds, c.requests],
      ['rate', 100, 20, 2, 200],
    );
    assert.ok(c.latencyMs.p50! < 5, `floor p50 ${c.latencyMs.p50}`);
    // the target saw the real load only (no warm-up here: every request is in the totals)
    assert.equal(target.served() - servedBefore, report.totals.requests);
    // logged as info, or as a warning when even the null server showed the generator saturated
    const logged = [...host.lines.info, ...host.lines.warning];
    const line = logged.find((l) => l.startsWith('Calibration (null server on loopback, 100 arrivals/s'));
    assert.ok(line, logged.join('\n'));
    assert.ok(host.summaries[0]?.includes(mdCell(line!, 1000)), 'the summary carries the calibration line');
  });

  it('the same slow start without a warm-up fails p95 (the test above can fail)', async () => {
    target.script(coldStart);
    const { judgement } = await executeGate(settingsFor(target.url, warmUpConfig('0s')), recordingHost());
    assert.equal(judgement.verdict, 'fail', judgement.reason);
    assert.match(judgement.reason, /p95 latency 3\d\d(\.\d+)? ms > 50 ms/);
  });

  it('stops the load early once a breach can no longer recover (open model: the total is known)', async () => {
    target.script(() => 200);
    const started = Date.now();
    const host = recordingHost();
    // 100 arrivals/s for 30 s = 3,000 requests, of which 5 % (150) may be slower than 50 ms.
    // Every answer takes 200 ms: once p95 has its 200 samples (~2.2 s), 200 > 150 slow requests.
    const { judgement, report } = await executeGate(
      settingsFor(
        target.url,
        `
load: { pattern: rate, rate: 100, concurrency: 100, duration: 30s }
thresholds:
  latency: { p95: 50 }
slo: { abort_on_breach: true, grace_period: 1s }
`,
      ),
      host,
    );
    const tookSeconds = (Date.now() - started) / 1000;
    assert.equal(judgement.verdict, 'fail', judgement.reason);
    assert.ok(report.aborted, 'the run records that it was aborted');
    assert.match(
      report.aborted!.reason,
      /^unrecoverable breach: p95 latency: \d+ requests already slower than 50 ms, more than the 150 that 3,000 expected requests allow$/,
    );
    assert.ok(tookSeconds < 15, `a 30 s run should stop within a few seconds, took ${tookSeconds}`);
    assert.ok(report.aborted!.atSeconds < 10, `aborted at ${report.aborted!.atSeconds}s`);
    assert.equal(
      host.lines.warning.filter((w) => w.startsWith('Stopping the load early: p95 latency')).length,
      1,
    );
  });

  it('does not abort a closed-model run whose slow start the rest of the run dilutes', async () => {
    // 300 ms for the first 2 s, then 1 ms: ~130 slow requests against tens of thousands of fast
    // ones. Extrapolating the slow start's rate would call this unrecoverable; it passes.
    target.script((sinceFirstMs) => (sinceFirstMs < 2000 ? 300 : 1));
    const { judgement, report } = await executeGate(
      settingsFor(
        target.url,
        `
load: { concurrency: 20, duration: 6s }
thresholds:
  latency: { p95: 250 }
slo: { abort_on_breach: true, grace_period: 1s }
`,
      ),
      recordingHost(),
    );
    assert.equal(report.aborted, null);
    assert.deepEqual([report.load.pattern, report.load.rate], ['sustained', null]);
    assert.equal(judgement.verdict, 'pass', judgement.reason);
  });

  // Every reporter broken: the output folder is a file, the summary cannot be written, the
  // deployment log sits under that file, and the Pushgateway, Slack and GitHub API refuse.
  const everyReporterFails = (target: string, config: string) => {
    const env = {
      GITHUB_API_URL: 'http://127.0.0.1:1',
      GITHUB_REPOSITORY: 'org/backend-v2',
      GITHUB_REF: 'refs/pull/7/merge',
    };
    const settings = settingsFor(
      target,
      config,
      {
        'pushgateway-url': 'http://127.0.0.1:1',
        'slack-webhook-url': 'http://127.0.0.1:1/hook',
        'slack-notify': 'always',
        'github-token': 'ghs_test',
      },
      env,
    );
    writeFileSync(settings.outputDir, 'not a folder');
    const host = recordingHost(env, {
      summary: {
        write: async () => {
          throw new Error('summary file is read-only');
        },
      },
      sleep: async () => {},
    });
    return { settings: { ...settings, deploymentReportPath: join(settings.outputDir, 'log.md') }, host };
  };
  const fileAndNetworkReporters = [
    'deployment-report',
    'html',
    'junit',
    'markdown-report',
    'pr-comment',
    'pushgateway',
    'results-json',
    'slack',
    'summary',
  ];

  it('reporters that fail only warn: a pass stays a pass', async () => {
    target.script(() => 5);
    const { settings, host } = everyReporterFails(
      target.url,
      'load: { concurrency: 5, duration: 2s }\nthresholds:\n  latency: { p50: 50 }\n  error_rate: 1\n',
    );
    const { judgement, published } = await executeGate(settings, host);
    assert.equal(judgement.verdict, 'pass', judgement.reason);
    assert.deepEqual(published.failed.map((f) => f.reporter).sort(), fileAndNetworkReporters);
    assert.equal(host.lines.warning.length, fileAndNetworkReporters.length);
    assert.ok(
      host.lines.warning.every((w) => !w.includes('127.0.0.1:1/hook') && !w.includes('ghs_test')),
      'neither the Slack URL nor the token is printed',
    );
  });

  it('reporters that fail only warn: a breach stays a breach', async () => {
    target.script(() => 5);
    const { settings, host } = everyReporterFails(
      target.url,
      'load: { concurrency: 5, duration: 2s }\nthresholds:\n  latency: { p50: 1 }\n',
    );
    const { judgement, published } = await executeGate(settings, host);
    assert.equal(judgement.verdict, 'fail', judgement.reason);
    assert.match(
      judgement.reason,
      /^1 of 2 SLOs breached: p50 latency [\d.]+ ms > 1 ms( — the excess \([\d.,]+ ms\) is within the generator's own delay .*at a lower rate)?$/,
    );
    assert.deepEqual(published.failed.map((f) => f.reporter).sort(), fileAndNetworkReporters);
  });

  it('a failing artifact upload only warns', async () => {
    target.script(() => 5);
    const env = { ACTIONS_RUNTIME_TOKEN: 'x.y.z', ACTIONS_RESULTS_URL: 'http://127.0.0.1:1/' };
    const host = recordingHost(env, {
      uploadArtifact: async () => {
        throw new Error('Failed to CreateArtifact: connection refused');
      },
    });
    const settings = settingsFor(
      target.url,
      'load: { concurrency: 5, duration: 2s }\nthresholds:\n  latency: { p50: 50 }\n',
      {},
      env,
    );
    const { judgement, published } = await executeGate(settings, host);
    assert.equal(judgement.verdict, 'pass', judgement.reason);
    assert.deepEqual(published.failed, [
      { reporter: 'artifact', error: 'Failed to CreateArtifact: connection refused' },
    ]);
    assert.deepEqual(host.lines.warning, [
      'artifact reporter failed: Failed to CreateArtifact: connection refused',
    ]);
  });
});
