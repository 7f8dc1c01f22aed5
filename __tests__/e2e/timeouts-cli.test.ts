// Timeouts through the CLI end to end (src/cli.ts from source, the load on a worker thread):
// --first-byte-timeout overrides load.first_byte_timeout while an endpoint's own first_byte_timeout
// stays; the plan log names the endpoint whose timeouts differ; broken per-endpoint timeouts are
// exit 2 with file:line:col before anything is sent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliFromSource } from '../__fixtures__/cli-source.js';
import { makeWorkspace } from '../__fixtures__/runner.js';
import { startServer, type TestServer } from '../__fixtures__/servers.js';

const CONFIG = `load: { pattern: rate, rate: 90, duration: 1s, concurrency: 100, workers: 1, timeout: 10s, first_byte_timeout: 5s }
endpoints:
  - { name: hang, path: /hang }
  - { name: hang-own, path: /hang-own, first_byte_timeout: 400ms }
  - { name: ok, path: /ok }
thresholds:
  error_rate: 1
`;

interface EndpointResult {
  name: string;
  requests: number;
  errors: number;
  serviceTimeMs: { p50: number; max: number };
}

describe('timeouts through the CLI', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer((req) => (req.url === '/ok' ? { status: 200 } : { action: 'hang' }));
  });
  after(() => server.close());

  it('--first-byte-timeout 200ms overrides the file’s 5s; an endpoint’s own 400ms stays; 30 / 30 / 30 requests, exit 1', async () => {
    const ws = makeWorkspace({ 'perf.yml': CONFIG });
    const run = await cliFromSource([
      'run',
      ...['--target', server.url.href, '--config', join(ws, 'perf.yml'), '--results', join(ws, 'out')],
      ...['--first-byte-timeout', '200ms'],
    ]);
    assert.equal(run.code, 1, run.stderr);
    const out = run.stdout + run.stderr;
    assert.ok(out.includes('per-request timeout 10,000 ms (first byte 200 ms)'), out);
    assert.ok(out.includes('hang-own: its own timeout 10,000 ms (first byte 400 ms)'), out);
    assert.ok(!out.includes('hang: its own timeout'), out);
    const results = JSON.parse(readFileSync(join(ws, 'out/results.json'), 'utf8'));
    const byName = new Map((results.endpoints as EndpointResult[]).map((e) => [e.name, e]));
    const row = (name: string) => {
      const e = byName.get(name)!;
      return [e.requests, e.errors];
    };
    assert.deepEqual(
      [row('hang'), row('hang-own'), row('ok')],
      [
        [30, 30],
        [30, 30],
        [30, 0],
      ],
    );
    for (const [name, ms] of [
      ['hang', 200],
      ['hang-own', 400],
    ] as const) {
      const t = byName.get(name)!.serviceTimeMs;
      // each recorded at its own deadline (HDR: 3 significant digits)
      assert.ok(Math.abs(t.p50 - ms) < 1 && Math.abs(t.max - ms) < 1, `${name}: ${JSON.stringify(t)}`);
    }
    assert.deepEqual(
      results.errors.map((e: { kind: string; count: number; topMessage: string }) => [
        e.kind,
        e.count,
        e.topMessage,
      ]),
      [['timeout', 60, 'timed out waiting for the first response byte']],
    );
    assert.equal(results.requests.sent, 90);
  });

  const refused: [name: string, yaml: string, flags: string[], message: RegExp][] = [
    [
      'an endpoint’s connect_timeout longer than its own timeout',
      'endpoints:\n  - path: /a\n    timeout: 1s\n    connect_timeout: 2s\n',
      [],
      /^error: .*perf\.yml:4:22: endpoints\[0\]\.connect_timeout: expected at most endpoints\[0\]\.timeout \(1000ms\), got 2000ms\n/,
    ],
    [
      '--timeout 1s below an endpoint’s first_byte_timeout 2s (located in the file)',
      'endpoints:\n  - path: /a\n  - path: /b\n    first_byte_timeout: 2s\n',
      ['--timeout', '1s'],
      /^error: .*perf\.yml:4:25: endpoints\[1\]\.first_byte_timeout: expected at most load\.timeout \(1000ms\), got 2000ms\n/,
    ],
    [
      'an endpoint timeout that is not a duration',
      'endpoints:\n  - { path: /a, timeout: forever }\n',
      [],
      /^error: .*perf\.yml:2:26: endpoints\[0\]\.timeout: expected a duration such as "60s", "5m", "1h30m", "500ms" or a number of seconds, got "forever"\n/,
    ],
    [
      '--connect-timeout longer than the timeout',
      'load: { timeout: 2s }\n',
      ['--connect-timeout', '3s'],
      /^error: --connect-timeout \(load\.connect_timeout\): expected at most load\.timeout \(2000ms\), got 3000ms\n/,
    ],
  ];
  for (const [name, yaml, flags, message] of refused) {
    it(`${name}: exit 2, one located line, nothing sent`, async () => {
      const ws = makeWorkspace({ 'perf.yml': yaml });
      const before = server.received;
      const run = await cliFromSource([
        'run',
        ...['--target', server.url.href, '--config', join(ws, 'perf.yml'), ...flags],
      ]);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
      assert.equal(server.received, before);
    });
  }
});
