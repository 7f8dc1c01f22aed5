// The CLI end to end: `node dist/cli.js` with the exit codes of docs/CONTRACTS.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDemoBackend, type DemoBackend } from '../../examples/demo/backend.js';
import { makeWorkspace, runCli } from '../__fixtures__/runner.js';

const cli = runCli;

describe('CLI end to end (node dist/cli.js)', () => {
  let healthy: DemoBackend;
  before(async () => {
    healthy = await startDemoBackend();
  });
  after(() => healthy.close());

  it('exit 0 and the verdict table for a passing run', async () => {
    const ws = makeWorkspace({
      'perf.yml':
        'load: { concurrency: 10, duration: 2s }\nendpoints:\n  - { name: products, path: /api/products }\nthresholds:\n  latency: { p50: 100, p95: 250 }\n  error_rate: 1\n',
    });
    const run = await cli(['run', '--target', healthy.url, '--config', 'perf.yml', '--results', 'out'], ws);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Verdict: PASS — all 3 SLOs met over [\d,]+ requests$/m);
    assert.match(run.stdout, /^p95 latency +≤ 250 ms +[\d.]+ ms +PASS/m);
    assert.match(run.stdout, /^products +[\d,]+ +0 \(0%\)/m);
    const results = JSON.parse(readFileSync(join(ws, 'out/results.json'), 'utf8'));
    assert.equal(results.verdict, 'pass');
    assert.equal(results.endpoints[0].name, 'products');
  });

  it('exit 1 on a breach', async () => {
    const ws = makeWorkspace({
      'perf.yml':
        'load: { concurrency: 10, duration: 2s }\nendpoints:\n  - { name: order, method: POST, path: /api/orders, expect_status: 201 }\nthresholds:\n  latency: { p50: 10 }\n',
    });
    const run = await cli(['run', '--target', healthy.url, '--config', 'perf.yml', '--results', 'out'], ws);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stdout,
      /^Verdict: FAIL — 1 of 2 SLOs breached: p50 latency [\d.]+ ms > 10 ms( — the excess \([\d.,]+ ms\) is within the generator's own delay .*at a lower rate)?$/m,
    );
  });

  it('calibrate: the null server at the asked rate, the floor on stdout, exit 0 (3 when it cannot keep up)', async () => {
    const ws = makeWorkspace({});
    const run = await cli(['calibrate', '--rate', '200', '--concurrency', '10', '--duration', '1s'], ws);
    // exit 3 exactly when the generator could not keep up (a busy machine), else 0
    assert.equal(run.code, run.stdout.includes('could not keep up') ? 3 : 0, `${run.stdout}${run.stderr}`);
    assert.match(
      run.stdout,
      /^Calibration \(null server on loopback, 200 arrivals\/s, at most 10 in flight, 1 s, \d+ workers?, 200 requests\): the generator's own latency floor p50 [\d.]+ ms, p99 [\d.,]+ ms \(service time p50 [\d.]+ ms, p99 [\d.,]+ ms\); scheduling lag p99 [\d.,]+ ms, event-loop delay p99 [\d.,]+ ms( — the generator could not keep up even with nothing to wait for: .+)?$/m,
    );
  });

  it('exit 2 with a located message for a bad config, and nothing sent', async () => {
    const ws = makeWorkspace({ 'perf.yml': 'load:\n  concurency: 10\n' });
    const run = await cli(['run', '--target', 'http://127.0.0.1:9', '--config', 'perf.yml'], ws);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /^error: perf\.yml:2:3: load\.concurency: unknown key, did you mean `concurrency`\?/,
    );
  });

  it('exit 2 for a named config file that does not exist', async () => {
    const run = await cli(
      ['run', '--target', 'http://127.0.0.1:9', '--config', 'missing.yml'],
      makeWorkspace(),
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error: missing\.yml: config file not found/);
  });

  it('exit 3 when too few samples were measured to judge p99', async () => {
    const ws = makeWorkspace({
      'perf.yml':
        'load: { concurrency: 1, duration: 1s }\nendpoints:\n  - { name: detail, path: /api/products/42 }\nthresholds:\n  latency: { p99: 400 }\n',
    });
    const run = await cli(['run', '--target', healthy.url, '--config', 'perf.yml', '--results', 'out'], ws);
    assert.equal(run.code, 3, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /^Verdict: INCONCLUSIVE — 1 of 2 SLOs could not be judged: p99 latency not judged: needs at least 1,000 samples, had \d+$/m,
    );
  });

  it('a target that refuses every connection is a breach (100 % errors), never a pass', async () => {
    const ws = makeWorkspace({
      'perf.yml': 'load: { concurrency: 2, duration: 1s }\nthresholds:\n  latency: { p50: 100 }\n',
    });
    const run = await cli(
      ['run', '--target', 'http://127.0.0.1:9', '--config', 'perf.yml', '--results', 'out'],
      ws,
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /error rate 100% > 1%/);
  });

  it('--help lists the flags and exits 0', async () => {
    const run = await cli(['--help'], makeWorkspace());
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: slo-loadtest run --target URL \[options\]/);
    assert.match(
      run.stdout,
      /^  --concurrency +Users \(closed model\) or in-flight cap \(rate patterns\) \(default: config or 100\)$/m,
    );
    assert.match(
      run.stdout,
      /^Exit codes: 0 pass · 1 SLO breach · 2 invalid input or config \(nothing sent\) · 3 inconclusive or internal error$/m,
    );
  });
});
