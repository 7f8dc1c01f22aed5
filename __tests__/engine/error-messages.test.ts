// Errors explained: each failure carries its message from the slot through the recorder (and a
// worker's delta) to the snapshot, the errors[] entries and the verdict's reason.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runLoad } from '../../src/engine/run.js';
import { formatCount } from '../../src/format.js';
import { errorEntries } from '../../src/judge/errors.js';
import { evaluate } from '../../src/judge/evaluate.js';
import type { SloSpec } from '../../src/config/types.js';
import { startServer, type TestServer } from '../__fixtures__/servers.js';
import { endpoint, plan } from './helpers.js';

function listen(server: Server | ReturnType<typeof createHttpsServer>): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

const ERROR_RATE_SLO: SloSpec = {
  name: 'error_rate',
  endpoint: null,
  metric: { kind: 'error_rate' },
  bound: 'max',
  limit: 1,
} as SloSpec;

describe('errors explained: kind, count, first and most common message', () => {
  let server: TestServer;
  let garbage: Server;
  let garbageUrl: URL;
  before(async () => {
    server = await startServer((req) => (req.url === '/hang' ? { action: 'hang' } : { delayMs: 1 }));
    garbage = createNetServer((socket) => socket.end('HELLO THERE\r\n\r\n'));
    garbageUrl = new URL(`http://127.0.0.1:${await listen(garbage)}`);
  });
  after(() => {
    server.close();
    garbage.close();
  });

  it('timeouts say in which phase they expired (6 of 6, one message)', async () => {
    const s = await runLoad(
      plan(server.url, { concurrency: 2, durationSeconds: 0.5, timeoutMs: 200 }, [
        endpoint({ name: 'hang', path: '/hang' }),
      ]),
      { workers: 0 },
    );
    const message = 'timed out waiting for the first response byte';
    assert.deepEqual(errorEntries(s, 'unexpected'), [
      {
        kind: 'timeout',
        count: 6,
        firstMessage: message,
        topMessage: message,
        topMessageCount: 6,
        endpoints: ['hang'],
      },
    ]);
  });

  it('messages cross a worker thread in its deltas', async () => {
    const s = await runLoad(
      plan(server.url, { concurrency: 2, durationSeconds: 0.5, timeoutMs: 100 }, [
        endpoint({ name: 'hang', path: '/hang' }),
      ]),
      { workers: 1, tickMs: 100 },
    );
    const n = s.overall.counts.requests;
    assert.ok(n >= 4, `${n} requests`);
    const message = 'timed out waiting for the first response byte';
    assert.deepEqual(errorEntries(s, 'unexpected'), [
      {
        kind: 'timeout',
        count: n,
        firstMessage: message,
        topMessage: message,
        topMessageCount: n,
        endpoints: ['hang'],
      },
    ]);
  });

  it('bytes that are not HTTP: protocol, quoting the line; the verdict names it', async () => {
    const s = await runLoad(plan(garbageUrl, { concurrency: 1, durationSeconds: 0.3 }), { workers: 0 });
    const [entry, ...rest] = errorEntries(s, 'unexpected');
    assert.deepEqual(rest, []);
    assert.equal(entry.kind, 'protocol');
    assert.equal(entry.count, s.overall.counts.requests);
    assert.ok(entry.count > 3, `${entry.count} requests`);
    assert.equal(entry.firstMessage, 'malformed status line "HELLO THERE"');
    assert.equal(entry.topMessageCount, entry.count);
    const judged = evaluate(s, { slos: [ERROR_RATE_SLO], errorClass: 'unexpected', minSamplesFactor: 10 });
    assert.equal(judged.verdict, 'fail');
    assert.ok(
      judged.reason.endsWith(
        `; mostly protocol × ${formatCount(entry.count)} (100% of errors): "malformed status line \\"HELLO THERE\\""`,
      ),
      judged.reason,
    );
  });

  it('a refused connection quotes the system error', async () => {
    const closed = createNetServer();
    const port = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const s = await runLoad(
      plan(new URL(`http://127.0.0.1:${port}`), { concurrency: 1, durationSeconds: 0.2 }),
      {
        workers: 0,
      },
    );
    const [entry] = errorEntries(s, 'unexpected');
    assert.equal(entry.kind, 'connection_refused');
    assert.equal(entry.count, s.overall.counts.requests);
    assert.equal(entry.firstMessage, `connect ECONNREFUSED 127.0.0.1:${port}`);
    assert.equal(entry.topMessageCount, entry.count);
  });

  it('a self-signed target: tls with the certificate error, not just a count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slo-err-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
          ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1'],
          ...['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
        ],
        { stdio: 'ignore' },
      );
      const tls = createHttpsServer(
        { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
        (_req, res) => res.end('ok'),
      );
      const port = await listen(tls);
      try {
        const s = await runLoad(
          plan(new URL(`https://127.0.0.1:${port}`), { concurrency: 1, durationSeconds: 0.3 }),
          {
            workers: 0,
          },
        );
        const [entry] = errorEntries(s, 'unexpected');
        assert.equal(entry.kind, 'tls');
        assert.equal(entry.count, s.overall.counts.requests);
        // the same plain words as the pre-flight check (tls-errors.ts)
        assert.equal(entry.firstMessage, 'self-signed certificate');
      } finally {
        tls.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('statuses outside expect_status are entries too (http_503), under the error class', async () => {
    const five = await startServer(() => ({ status: 503 }));
    try {
      const s = await runLoad(plan(five.url, { concurrency: 1, durationSeconds: 0.2 }), { workers: 0 });
      const n = s.overall.counts.requests;
      assert.deepEqual(errorEntries(s, 'unexpected'), [
        {
          kind: 'http_503',
          count: n,
          firstMessage: 'HTTP 503',
          topMessage: 'HTTP 503',
          topMessageCount: n,
          endpoints: ['root'],
        },
      ]);
      assert.deepEqual(
        errorEntries(s, '5xx').map((e) => e.kind),
        ['http_503'],
      );
    } finally {
      five.close();
    }
  });
});
