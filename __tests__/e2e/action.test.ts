// The action end to end, as the runner runs it: `node dist/index.js` against a scripted server.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeWorkspace, runAction } from '../__fixtures__/runner.js';

/**
 * Scripted truth: of every 50 requests, 45 answer 200 after 20 ms, 4 answer 200 after 100 ms and
 * 1 answers 500 after 20 ms. So 2 % are errors, p50 ≈ 20 ms, p95 and p99 ≈ 100 ms.
 */
function scriptedServer(): Promise<{
  server: Server;
  url: string;
  served: () => { total: number; errors: number };
}> {
  let total = 0;
  let errors = 0;
  const server = createServer((req, res) => {
    const n = total++ % 50;
    const slow = n >= 45 && n < 49;
    const failed = n === 49;
    if (failed) errors++;
    req.resume();
    setTimeout(
      () => res.writeHead(failed ? 500 : 200, { 'content-type': 'text/plain' }).end('ok'),
      slow ? 100 : 20,
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}`, served: () => ({ total, errors }) });
    }),
  );
}

const config = (p95Limit: number): string => `
load:
  concurrency: 20
  duration: 4s
thresholds:
  latency: { p50: 50, p95: ${p95Limit}, p99: 300 }
  error_rate: 5
  throughput: 100
`;

describe('action end to end (node dist/index.js)', () => {
  let target: Awaited<ReturnType<typeof scriptedServer>>;
  before(async () => {
    target = await scriptedServer();
  });
  after(() => {
    target.server.closeAllConnections();
    target.server.close();
  });

  it('passes a healthy service and reports what the server was scripted to do', async () => {
    const workspace = makeWorkspace({ 'deploy/performance_config.yml': config(200) });
    const before = target.served();
    const run = await runAction(
      { 'target-url': target.url, 'config-path': 'deploy/performance_config.yml' },
      { workspace },
    );
    const served = target.served();
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    const o = run.outputs;
    assert.equal(o.passed, 'true');
    assert.equal(o.verdict, 'pass');
    assert.equal(o.rollback, 'false');
    // Latency: the scripted delays plus a little loopback and timer overhead.
    assert.ok(Number(o['p50-ms']) >= 20 && Number(o['p50-ms']) < 35, `p50 ${o['p50-ms']}`);
    assert.ok(Number(o['p95-ms']) >= 100 && Number(o['p95-ms']) < 125, `p95 ${o['p95-ms']}`);
    assert.ok(Number(o['p99-ms']) >= 100 && Number(o['p99-ms']) < 125, `p99 ${o['p99-ms']}`);
    // 1 in 50 answered 500: the error rate is the server's own count.
    const servedTotal = served.total - before.total;
    const servedErrors = served.errors - before.errors;
    const results = JSON.parse(readFileSync(resolve(workspace, o['results-json']!), 'utf8'));
    assert.equal(results.totals.requests, servedTotal);
    assert.equal(results.totals.errors, servedErrors);
    assert.equal(
      Number(o['error-rate-percent']),
      Math.round((10000 * 100 * servedErrors) / servedTotal) / 10000,
    );
    assert.ok(Math.abs(Number(o['error-rate-percent']) - 2) < 0.2, `error rate ${o['error-rate-percent']}`);
    // 20 users, ~28 ms mean cycle → ~700 req/s over 4 s.
    assert.ok(
      Number(o['throughput-rps']) > 400 && Number(o['throughput-rps']) < 800,
      `rps ${o['throughput-rps']}`,
    );
    assert.equal(results.schemaVersion, 1);
    assert.equal(results.verdict, 'pass');
    // report-path names the Markdown report of this run, with the same verdict and target.
    const reportMd = readFileSync(resolve(workspace, o['report-path']!), 'utf8');
    assert.equal(reportMd.split('\n')[0], `# Load test report — ${target.url}/`);
    assert.match(reportMd, /^## ✅ PASS: all 5 SLOs met over [\d,]+ requests$/m);
    // The job summary: the banner, and the SLO rows with the same numbers as the outputs.
    assert.match(run.summary, /^## ✅ PASS: all 5 SLOs met over [\d,]+ requests$/m);
    const p95 = results.slos.find((s: { name: string }) => s.name === 'p95 latency').actual;
    assert.equal(p95, Number(o['p95-ms']));
    assert.match(
      run.summary,
      /^\| p95 latency \| ≤ 200 ms \| 1\d\d(\.\d+)? ms \| [\d.]+ ms \| ✓ \| met: 1\d\d(\.\d+)? ms ≤ 200 ms \|$/m,
    );
    assert.match(run.summary, /^\| error rate \| ≤ 5% \| [12](\.\d+)?% \| [\d.]+% \| ✓ \|/m);
    assert.ok(!/::error/.test(run.stdout), run.stdout);
  });

  it('fails a breach with a one-line reason, an annotation and rollback=true', async () => {
    const workspace = makeWorkspace({ 'deploy/performance_config.yml': config(60) });
    const run = await runAction(
      { 'target-url': target.url, 'config-path': 'deploy/performance_config.yml' },
      { workspace },
    );
    assert.equal(run.exitCode, 1, run.stdout + run.stderr);
    assert.equal(run.outputs.passed, 'false');
    assert.equal(run.outputs.verdict, 'fail');
    assert.equal(run.outputs.rollback, 'true');
    assert.match(run.stdout, /::error title=SLO breached::p95 latency: breached: 1\d\d(\.\d+)? ms > 60 ms/);
    assert.match(run.stdout, /::error::fail: 1 of 5 SLOs breached: p95 latency 1\d\d(\.\d+)? ms > 60 ms/);
    assert.match(
      run.summary,
      /^## ❌ FAIL: 1 of 5 SLOs breached: p95 latency 1\d\d(\.\d+)? ms &gt; 60 ms( — the excess \([\d.,]+ ms\) is within the generator's own delay .*at a lower rate)?$/m,
    );
    assert.match(
      run.summary,
      /^\| p95 latency \| ≤ 60 ms \| 1\d\d(\.\d+)? ms \| -[\d.]+ ms \| ✗ \| breached: /m,
    );
    const results = JSON.parse(readFileSync(resolve(workspace, run.outputs['results-json']!), 'utf8'));
    assert.deepEqual(
      results.slos.map((s: { name: string; passed: boolean }) => [s.name, s.passed]),
      [
        ['p50 latency', true],
        ['p95 latency', false],
        ['p99 latency', true],
        ['error rate', true],
        ['throughput', true],
      ],
    );
  });

  it('stops on a bad config before sending anything: exit 2, verdict error', async () => {
    const workspace = makeWorkspace({
      'deploy/performance_config.yml': 'thresholds:\n  latency: { p95: fast }\n',
    });
    const before = target.served().total;
    const run = await runAction(
      { 'target-url': target.url, 'config-path': 'deploy/performance_config.yml' },
      { workspace },
    );
    assert.equal(run.exitCode, 2);
    assert.equal(target.served().total, before, 'no request may be sent');
    assert.equal(run.outputs.verdict, 'error');
    assert.equal(run.outputs.passed, 'false');
    assert.equal(run.outputs.rollback, 'false');
    assert.match(
      run.stdout,
      /::error::deploy\/performance_config\.yml:2:\d+: thresholds\.latency\.p95: expected/,
    );
    assert.ok(!/\n\s+at /.test(run.stdout + run.stderr), 'no stack trace');
  });

  it('an input that breaks a cross-field check is named as the input: exit 2, nothing sent', async () => {
    const workspace = makeWorkspace({ 'deploy/performance_config.yml': 'load:\n  timeout: 2s\n' });
    const before = target.served().total;
    const run = await runAction(
      { 'target-url': target.url, 'config-path': 'deploy/performance_config.yml', 'connect-timeout': '3s' },
      { workspace },
    );
    assert.equal(run.exitCode, 2);
    assert.equal(target.served().total, before, 'no request may be sent');
    assert.match(
      run.stdout,
      /::error::input connect-timeout \(load\.connect_timeout\): expected at most load\.timeout \(2000ms\), got 3000ms\n/,
    );
  });

  it('rejects a missing target-url with exit 2', async () => {
    const run = await runAction({ 'target-url': '' });
    assert.equal(run.exitCode, 2);
    assert.match(run.stdout, /::error::input target-url is required/);
    assert.equal(run.outputs.verdict, 'error');
  });

  it('an unwritable step output file: a clean error and exit 3, no stack trace', async () => {
    const workspace = makeWorkspace({
      'deploy/performance_config.yml': 'load: { concurrency: 1, duration: 1s }\n',
    });
    // a directory where the runner's output file should be: every write to it fails (EISDIR)
    const run = await runAction(
      { 'target-url': 'http://127.0.0.1:9' },
      { workspace, env: { GITHUB_OUTPUT: workspace } },
    );
    assert.equal(run.exitCode, 3, run.stdout + run.stderr);
    assert.match(run.stdout, /^::error::internal error: EISDIR: illegal operation on a directory/m);
    assert.match(run.stdout, /^::error::the step outputs could not be written: EISDIR/m);
    assert.doesNotMatch(run.stdout + run.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'a stack frame was printed');
  });

  it('fails closed when the target refuses every connection', async () => {
    const workspace = makeWorkspace({
      'deploy/performance_config.yml': 'load: { concurrency: 2, duration: 1s }\n',
    });
    const run = await runAction({ 'target-url': 'http://127.0.0.1:9' }, { workspace });
    assert.notEqual(run.exitCode, 0);
    assert.equal(run.outputs.passed, 'false');
    assert.notEqual(run.outputs.verdict, 'pass');
    const results = JSON.parse(readFileSync(resolve(workspace, run.outputs['results-json']!), 'utf8'));
    assert.equal(results.totals.errors, results.totals.requests);
  });
});
