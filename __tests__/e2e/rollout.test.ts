// The progressive rollout end to end without Kubernetes: `node dist/cli.js rollout` against a real
// nginx splitting traffic between a healthy v1 and a regressed v2 (in-process servers with known
// delays). The shift command rewrites nginx's split and reloads it; the rollout must pass the
// stages that hold, stop at the first that breaches, roll back, and leave v2 without traffic.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSplitter, type NginxSplitter } from '../__fixtures__/nginx-split.js';
import { makeWorkspace, runCli } from '../__fixtures__/runner.js';
import { startServer, type TestServer } from '../__fixtures__/servers.js';

const NGINX_PORT = 27480;
const V1_DELAY_MS = 5;
const V2_DELAY_MS = 600;
const RATE = 40;
const DURATION_S = 3;
/** Discards the generator's start (worker thread, first connections) from the health check and SLOs. */
const WARM_UP_S = 1;

// The SLO: mean latency ≤ 240 ms. nginx's weighted round robin sends exactly w % of the requests to
// v2, so the mean is about (1 − w)·5 ms + w·600 ms = 5 + 595·w ms:
//   10 % → 64.5 ms (holds), 25 % → 153.75 ms (holds, 86 ms below), 50 % → 302.5 ms (breaches, 62 ms
//   above), so the rollout stops at 50 and never reaches 100 (600 ms). On a busy machine the
//   servers' timers fire late (a run saw v1 ≈ 12 ms, v2 ≈ 330 ms for 300): the margins allow it.
// A rate model (40 req/s) keeps the mix independent of the latency: 80 measured requests per stage.
const CONFIG = `load: { pattern: rate, rate: ${RATE}, concurrency: 40, duration: ${DURATION_S}s, warm_up: ${WARM_UP_S}s }
endpoints:
  - { name: app, path: /app }
thresholds:
  latency: { mean: 240 }
  error_rate: 1
`;

const cli = runCli;

/** One request on a fresh connection (no keep-alive to an nginx worker from before a reload). */
function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Until nginx serves `weight` and the worker from before the reload has exited: while it drains it
 * still accepts connections with the old split (seen in CI as 2 of 50 requests on the old weights).
 */
async function waitForWeight(splitter: NginxSplitter, weight: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await splitter.liveWeight()) === weight && splitter.workerCount() === 1) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`nginx never applied weight ${weight} with one worker (${splitter.workerCount()} running)`);
}

describe('progressive rollout through nginx (node dist/cli.js rollout)', () => {
  let v1: TestServer;
  let v2: TestServer;
  let splitter: NginxSplitter;
  before(async () => {
    v1 = await startServer(() => ({ delayMs: V1_DELAY_MS }));
    v2 = await startServer(() => ({ delayMs: V2_DELAY_MS }));
    splitter = await startSplitter(NGINX_PORT, v1.port, v2.port);
  });
  after(async () => {
    await splitter?.stop();
    await v1?.close();
    await v2?.close();
  });

  it('passes 10 and 25, stops at 50 with exit 1, rolls back, and v2 then receives 0 of 50 requests', async (t) => {
    const ws = makeWorkspace({ 'perf.yml': CONFIG });
    const run = await cli(
      [
        'rollout',
        '--deployment',
        'backend-v2',
        '--stages',
        '10,25,50,100',
        '--shift-command',
        `sh ${splitter.script} {weight}`,
        '--rollback-command',
        `sh ${splitter.script} 0`,
        '--settle',
        '0.5s',
        '--load-test',
        '--auto-rollback-on-loadfail',
        '--target',
        splitter.url,
        '--config',
        'perf.yml',
        '--workers',
        '1',
        '--results',
        'out',
      ],
      ws,
    );
    assert.equal(run.code, 1, run.stderr);
    const rollout = JSON.parse(readFileSync(join(ws, 'out/rollout.json'), 'utf8'));
    const stages = rollout.stages as {
      label: string;
      weight: number;
      verdict: string;
      reason: string;
      resultsPath: string;
      p95Ms: number;
    }[];
    const figures = stages.map((s) => {
      const results = JSON.parse(readFileSync(join(ws, s.resultsPath), 'utf8'));
      return { label: s.label, verdict: s.verdict, p95Ms: s.p95Ms, meanMs: results.latencyMs.mean, results };
    });
    t.diagnostic(JSON.stringify(figures.map(({ results: _r, ...f }) => f)));
    assert.deepEqual(
      stages.map((s) => [s.label, s.weight, s.verdict]),
      [
        ['canary-10', 10, 'pass'],
        ['canary-25', 25, 'pass'],
        ['canary-50', 50, 'fail'],
      ],
    );
    assert.deepEqual(rollout.notRun, [100]);
    assert.equal(rollout.failedStage, 'canary-50');
    assert.equal(rollout.rolledBack, true);
    assert.equal(rollout.rollbackNeeded, false);
    assert.deepEqual(rollout.rollback, { command: `sh ${splitter.script} 0`, exitCode: 0, failure: null });
    assert.equal(rollout.exitCode, 1);
    assert.match(stages[2]!.reason, /^1 of 2 SLOs breached: mean latency [\d.]+ ms > 240 ms/);
    assert.equal(rollout.reason, `stage canary-50 (50 %) breached: ${stages[2]!.reason}; rolled back`);
    for (const s of stages) assert.deepEqual(s.resultsPath, `out/stage-${s.weight}/results.json`);
    // Each stage's own results carry its label, and the split really was w % on v2: v2 received
    // w % of every stage's requests (± 1 per stage for where the round robin's cycle was cut).
    for (const f of figures) assert.equal(f.results.stage, f.label);
    const expectedOnV2 = figures.reduce(
      (sum, f, i) =>
        sum + ((f.results.totals.requests + f.results.totals.warmUpRequests) * stages[i]!.weight) / 100,
      0,
    );
    t.diagnostic(`v2 received ${v2.received} during the rollout; expected ${expectedOnV2}`);
    assert.ok(
      Math.abs(v2.received - expectedOnV2) <= 3,
      `v2 received ${v2.received}, expected ${expectedOnV2}`,
    );
    assert.match(run.stdout, /^Rollout of backend-v2: FAIL — stage canary-50 \(50 %\) breached: /m);
    assert.match(run.stdout, /^canary-100 +100% +not run/m);
    assert.match(run.stdout, /^Rollback: done — /m);
    assert.match(run.stderr, /^split: 0 % to v2$/m);

    // After the rollback: a bounded batch through nginx, all to v1.
    await waitForWeight(splitter, '0');
    const v1Before = v1.received;
    const v2Before = v2.received;
    const statuses = await Promise.all(Array.from({ length: 50 }, () => get(`${splitter.url}/app`)));
    assert.deepEqual(new Set(statuses), new Set([200]));
    assert.equal(v1.received - v1Before, 50);
    assert.equal(v2.received - v2Before, 0);
  });

  it('a shift command that fails stops the rollout with exit 3, naming the command and its exit code', async () => {
    const ws = makeWorkspace({ 'perf.yml': CONFIG });
    const v2Before = v2.received;
    const run = await cli(
      [
        'rollout',
        '--deployment',
        'backend-v2',
        '--stages',
        '10,50',
        '--shift-command',
        `sh ${splitter.script} {weight}x`,
        '--rollback-command',
        `sh ${splitter.script} 0`,
        '--auto-rollback-on-loadfail',
        '--target',
        splitter.url,
        '--config',
        'perf.yml',
        '--results',
        'out',
      ],
      ws,
    );
    assert.equal(run.code, 3, run.stderr);
    const rollout = JSON.parse(readFileSync(join(ws, 'out/rollout.json'), 'utf8'));
    assert.equal(
      rollout.reason,
      `stage canary-10 (10 %) failed: shift command "sh ${splitter.script} 10x" exited with code 2; rolled back`,
    );
    assert.equal(rollout.stages[0].resultsPath, null);
    assert.deepEqual(rollout.notRun, [50]);
    assert.match(run.stderr, /set-weight\.sh: expected a weight 0-100, got '10x'/);
    assert.equal(v2.received, v2Before);
  });
});
