// HTTP/2 (http-version 2): against nginx over TLS with ALPN, every request checked in nginx's access
// log as HTTP/2.0; a server that does not negotiate h2 stops the run before the load; against an
// in-process node:http2 server (h2c) the same timeouts, body cap and error kinds as HTTP/1.1, and
// RST_STREAM / GOAWAY classified.
import assert from 'node:assert/strict';
import { createServer as createH2cServer, constants, type Http2Server } from 'node:http2';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { runLoad } from '../../src/engine/run.js';
import { formatCount } from '../../src/format.js';
import { NO_TLS_OPTIONS } from '../../src/engine/transport.js';
import { commandsInstalled, TLS_TEST_PORT_BASE, useTlsNginx } from '../__fixtures__/nginx-tls.js';
import { endpoint, plan } from './helpers.js';
import { gate } from './gate-helper.js';

const PORT = {
  h2: TLS_TEST_PORT_BASE + 7,
  h1only: TLS_TEST_PORT_BASE + 8,
  h2default: TLS_TEST_PORT_BASE + 9,
};
/** What the generator says of a stream refused twice (slot-h2.ts). */
const REFUSED_TWICE =
  'the server refused the stream without processing it (REFUSED_STREAM or GOAWAY), and again when it was sent once more';

describe(
  'HTTP/2 against nginx',
  { skip: !commandsInstalled('nginx', 'openssl') && 'nginx or openssl not installed' },
  () => {
    const tls = useTlsNginx((pki) => [
      { port: PORT.h2, cert: pki.serverCert, key: pki.serverKey, http2: true },
      { port: PORT.h1only, cert: pki.serverCert, key: pki.serverKey },
      // nginx's default: a GOAWAY after 1,000 requests on a connection
      {
        port: PORT.h2default,
        cert: pki.serverCert,
        key: pki.serverKey,
        http2: true,
        keepaliveRequests: 1000,
      },
    ]);

    it('200 users as streams over 4 connections: every request reaches nginx as HTTP/2.0, none fails', async () => {
      const from = tls.nginx.log().length;
      const run = await gate(
        `https://localhost:${PORT.h2}/`,
        { 'ca-cert': tls.pki.caCert, 'http-version': '2', connections: '4', concurrency: '200' },
        'load: { concurrency: 200, duration: 1s }\nthresholds: { error_rate: 0 }',
      );
      const t = run.report.totals;
      assert.equal(t.errors, 0, JSON.stringify(run.report.errorKinds));
      const lines = tls.nginx.log().slice(from);
      assert.equal(lines.length, t.requests + t.warmUpRequests);
      assert.deepEqual(
        new Set(lines.map((l) => `${l.protocol} ${l.sni} ${l.status}`)),
        new Set(['HTTP/2.0 localhost 200']),
      );
      assert.deepEqual(
        {
          httpVersion: run.report.transport.httpVersion,
          client: run.report.transport.client,
          connections: run.report.transport.connections,
        },
        { httpVersion: '2', client: 'h2', connections: 4 },
      );
      assert.ok(
        run.host.lines.info.includes(
          'HTTP/2: 200 users as concurrent streams over 4 connections (up to 50 streams each)',
        ),
        run.host.lines.info.join('\n'),
      );
      assert.ok(run.summary.includes('HTTP/2 over 4 connections'));
    });

    it("nginx's GOAWAY every 1,000 requests: the streams it refused are sent once more, none fails", async () => {
      const from = tls.nginx.log().length;
      const run = await gate(
        `https://localhost:${PORT.h2default}/`,
        { 'ca-cert': tls.pki.caCert, 'http-version': '2', connections: '2', concurrency: '200' },
        'load: { concurrency: 200, duration: 1500ms }\nthresholds: { error_rate: 0 }',
      );
      const t = run.report.totals;
      const c = run.report.connections;
      assert.equal(t.errors, 0, JSON.stringify([run.report.errorKinds, c]));
      // a refused stream was never processed: nginx logged each request exactly once
      const served = tls.nginx.log().length - from;
      assert.equal(served, t.requests + t.warmUpRequests);
      // each connection nginx closed carried 1,000 requests; the two still open at the end fewer
      assert.ok(c.serverClosedAnnounced >= 2, JSON.stringify(c));
      const beyond = served - 1000 * c.serverClosedAnnounced;
      assert.ok(beyond >= 0 && beyond < 2 * 1000, `${served} served, ${c.serverClosedAnnounced} GOAWAYs`);
      // 100 streams in flight per connection: the ones past each GOAWAY were refused and sent again
      assert.ok(c.refusedRetries > 0, JSON.stringify(c));
      assert.equal(c.opened, c.serverClosedAnnounced + c.clientClosed);
      assert.equal(c.reconnects, c.serverClosedAnnounced);
      const refused = `${formatCount(c.refusedRetries)} request${c.refusedRetries === 1 ? '' : 's'}`;
      assert.ok(
        run.host.lines.notice.some((line) =>
          line.startsWith(
            `Connections: the server closed ${formatCount(c.serverClosedAnnounced)} connections after announcing it (Connection: close, or HTTP/2 GOAWAY); ` +
              `the server refused ${refused} unprocessed (HTTP/2 REFUSED_STREAM or GOAWAY), sent once more (only a second refusal is an error); ` +
              `users reconnected ${formatCount(c.reconnects)} times; connect time p50 `,
          ),
        ),
        run.host.lines.notice.join('\n'),
      );
    });

    it('the default is one connection per 100 users, and it is logged', async () => {
      const run = await gate(
        `https://localhost:${PORT.h2}/`,
        { 'ca-cert': tls.pki.caCert, 'http-version': '2', concurrency: '250' },
        'load: { duration: 300ms }',
      );
      assert.equal(run.report.transport.connections, 3);
      assert.ok(
        run.host.lines.info.includes(
          'HTTP/2: 250 users as concurrent streams over 3 connections (up to 84 streams each; default one connection per 100 users, set connections to change)',
        ),
      );
    });

    it("more users per connection than nginx's 128 streams: connections the user set are an input error, nothing sent", async () => {
      const from = tls.nginx.log().length;
      await assert.rejects(
        gate(`https://localhost:${PORT.h2}/`, {
          'ca-cert': tls.pki.caCert,
          'http-version': '2',
          connections: '1',
          concurrency: '200',
        }),
        {
          name: 'InputError',
          message: `connections 1: localhost:${PORT.h2} allows 128 concurrent streams per connection, and 200 users over 1 connection would be up to 200 streams each — the streams over the limit would wait in this client, not at the server; set connections to at least 2`,
        },
      );
      assert.equal(tls.nginx.log().length, from);
    });

    it('a server without h2: a clear error before the load, nothing sent, never a fall-back', async () => {
      const from = tls.nginx.log().length;
      await assert.rejects(
        gate(`https://localhost:${PORT.h1only}/`, { 'ca-cert': tls.pki.caCert, 'http-version': '2' }),
        {
          name: 'InputError',
          message: `http-version 2: localhost:${PORT.h1only} did not negotiate HTTP/2 (ALPN answered http/1.1); the load was not started`,
        },
      );
      assert.equal(tls.nginx.log().length, from);
    });
  },
);

describe('HTTP/2 (h2c) against node:http2: the HTTP/1.1 rules and the stream errors', () => {
  const server: Http2Server = createH2cServer();
  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    switch (headers[':path']) {
      case '/ok':
        stream.respond({ ':status': 200 });
        return void stream.end('hello');
      case '/204':
        return void stream.respond({ ':status': 204 }, { endStream: true });
      case '/slow':
        return; // never answered: the request times out
      case '/upload-unread':
        // never reads the request body (its flow-control window stays closed), never answers
        return void stream.pause();
      case '/upload-read':
        // reads the whole body, never answers: a plain timeout, not a stall
        return void stream.resume();
      case '/big':
        stream.respond({ ':status': 200 });
        return void stream.end('x'.repeat(5000));
      case '/reset':
        return void stream.close(constants.NGHTTP2_INTERNAL_ERROR);
      case '/refused':
        return void stream.close(constants.NGHTTP2_REFUSED_STREAM);
      case '/goaway':
        // each session's first stream is answered; any later one is refused by a GOAWAY (last
        // stream id 1), which also refuses every stream the client opened after it. Decided by the
        // stream's id alone: how the client's streams interleave with the GOAWAY changes nothing.
        if (stream.id === 1) {
          stream.respond({ ':status': 200 });
          return void stream.end('first');
        }
        return void stream.session?.goaway(constants.NGHTTP2_NO_ERROR, 1);
      case '/goaway-error':
        // the same with an error code: the client then destroys the session at once
        if (stream.id === 1) {
          stream.respond({ ':status': 200 });
          return void stream.end('first');
        }
        return void stream.session?.goaway(constants.NGHTTP2_INTERNAL_ERROR, 1);
    }
  });
  let sessions = 0;
  server.on('session', () => sessions++);
  let streams = 0;
  server.on('stream', () => streams++);
  let url: URL;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  after(() => server.close());

  const run = (path: string, timeoutMs = 2000) =>
    runLoad(plan(url, { concurrency: 4, durationSeconds: 0.3, timeoutMs }, [endpoint({ path })]), {
      workers: 0,
      maxBodyBytes: 1000,
      transport: { client: 'h2', httpVersion: '2', connections: 2, tls: NO_TLS_OPTIONS },
    });

  it('/ok: responses with their bytes; 204: no body', async () => {
    const ok = (await run('/ok')).overall.counts;
    assert.ok(ok.requests > 20, String(ok.requests));
    assert.deepEqual([ok.errors, ok.statusCodes, ok.bytes], [0, { '200': ok.requests }, 5 * ok.requests]);
    const empty = (await run('/204')).overall.counts;
    assert.deepEqual([empty.errors, empty.statusCodes, empty.bytes], [0, { '204': empty.requests }, 0]);
  });

  it('connections is what the server sees, whatever the worker count (2 workers, 1 and 3 connections)', async () => {
    for (const connections of [1, 3]) {
      sessions = 0;
      const s = await runLoad(
        plan(url, { concurrency: 6, durationSeconds: 0.3 }, [endpoint({ path: '/ok' })]),
        {
          workers: 2,
          transport: { client: 'h2', httpVersion: '2', connections, tls: NO_TLS_OPTIONS },
        },
      );
      assert.equal(s.overall.counts.errors, 0);
      assert.equal(sessions, connections);
    }
  });

  it('a stream never answered is a timeout at exactly the timeout', async () => {
    const s = await run('/slow', 100);
    const c = s.overall.counts;
    assert.ok(c.requests >= 4, String(c.requests));
    assert.deepEqual(c.errorKinds, { timeout: c.requests });
    // recorded at sent + timeout, whenever the sweep found it (HDR: within 0.1 %)
    assert.ok(Math.abs(s.overall.latency.maxMs - 100) < 0.2, String(s.overall.latency.maxMs));
    assert.ok(
      Math.abs(s.overall.latency.percentileMs(1) - 100) < 0.2,
      String(s.overall.latency.percentileMs(1)),
    );
  });

  it('a request body the server never reads is a flow_control_stall; one it reads but never answers is a timeout', async () => {
    const upload = (path: string) =>
      runLoad(
        plan(url, { concurrency: 2, durationSeconds: 0.3, timeoutMs: 150 }, [
          endpoint({ path, method: 'POST', body: 'x'.repeat(100_000) }),
        ]),
        {
          workers: 0,
          transport: { client: 'h2', httpVersion: '2', connections: 1, tls: NO_TLS_OPTIONS },
        },
      );
    const stalled = await upload('/upload-unread');
    const c = stalled.overall.counts;
    assert.ok(c.requests >= 2, String(c.requests));
    assert.deepEqual(c.errorKinds, { flow_control_stall: c.requests });
    assert.match(
      stalled.errorMessages['flow_control_stall']!.firstMessage,
      /^timed out with \d+ of 100000 request body bytes unsent: the server's HTTP\/2 flow-control window stayed closed \(it did not read the body\)$/,
    );
    // recorded like any timeout: at sent + timeout
    assert.ok(Math.abs(stalled.overall.latency.maxMs - 150) < 0.2, String(stalled.overall.latency.maxMs));
    const read = (await upload('/upload-read')).overall.counts;
    assert.ok(read.requests >= 2, String(read.requests));
    assert.deepEqual(read.errorKinds, { timeout: read.requests });
  });

  it('a body over the cap is body_too_large', async () => {
    const c = (await run('/big')).overall.counts;
    assert.deepEqual(c.errorKinds, { body_too_large: c.requests });
  });

  it('RST_STREAM from the server is stream_reset; a refused stream is sent once more, refused twice it is goaway', async () => {
    const reset = (await run('/reset')).overall.counts;
    assert.deepEqual(reset.errorKinds, { stream_reset: reset.requests });

    streams = 0;
    const refusedRun = await run('/refused');
    const refused = refusedRun.overall.counts;
    // every stream is refused: each request went out twice, then failed
    assert.ok(refused.requests >= 4, String(refused.requests));
    assert.deepEqual(refused.errorKinds, { goaway: refused.requests });
    assert.equal(refusedRun.connections.counts.refusedRetries, refused.requests);
    assert.equal(streams, 2 * refused.requests);
    assert.equal(refusedRun.errorMessages['goaway']!.firstMessage, REFUSED_TWICE);

    sessions = 0;
    const goawayRun = await run('/goaway');
    const goaway = goawayRun.overall.counts;
    const retries = goawayRun.connections.counts.refusedRetries;
    // one answered stream per session (its first); a request refused by a GOAWAY went out again on
    // a new session and failed only if refused there too (none hangs, none times out). Whether a
    // retry is its new session's first stream depends on how the users interleave: not asserted.
    const failed = goaway.requests - sessions;
    assert.deepEqual(
      [goaway.statusCodes, goaway.errorKinds],
      [{ '200': sessions }, failed > 0 ? { goaway: failed } : {}],
    );
    // two users per session: the second stream on every session is refused at least once
    assert.ok(retries > 0 && retries >= failed && retries <= goaway.requests, String(retries));
    if (failed > 0) assert.equal(goawayRun.errorMessages['goaway']!.firstMessage, REFUSED_TWICE);
  });

  it("the default connections are raised to fit the server's stream limit, and the log says so", async () => {
    const narrow: Http2Server = createH2cServer({ settings: { maxConcurrentStreams: 10 } });
    let narrowSessions = 0;
    narrow.on('session', () => narrowSessions++);
    narrow.on('stream', (stream) => {
      stream.respond({ ':status': 200 });
      stream.end('ok');
    });
    await new Promise<void>((resolve) => narrow.listen(0, '127.0.0.1', resolve));
    const port = (narrow.address() as AddressInfo).port;
    try {
      const run = await gate(
        `http://127.0.0.1:${port}/`,
        { 'http-version': '2', concurrency: '25' },
        'load: { duration: 300ms }\nthresholds: { error_rate: 0 }',
      );
      assert.equal(run.report.totals.errors, 0);
      assert.equal(run.report.transport.connections, 3);
      assert.ok(
        run.host.lines.info.includes(
          `HTTP/2: 127.0.0.1:${port} allows 10 concurrent streams per connection, so 25 users go over 3 connections (up to 9 streams each) instead of the default 1`,
        ),
        run.host.lines.info.join('\n'),
      );
      // the probe's session, then the load's three
      assert.equal(narrowSessions, 1 + 3);
    } finally {
      narrow.close();
    }
  });

  it('no worker puts more streams on a connection than the server allows: they would wait in the client, and their wait would count as latency', async () => {
    // answers every stream after 100 ms, at most 10 streams per connection
    const narrow: Http2Server = createH2cServer({ settings: { maxConcurrentStreams: 10 } });
    narrow.on('stream', (stream) => {
      stream.on('error', () => undefined);
      setTimeout(() => {
        if (stream.closed) return;
        stream.respond({ ':status': 200 });
        stream.end('ok');
      }, 100);
    });
    await new Promise<void>((resolve) => narrow.listen(0, '127.0.0.1', resolve));
    const target = new URL(`http://127.0.0.1:${(narrow.address() as AddressInfo).port}`);
    // 25 users over 3 connections: 9 streams each in one worker; split over 2 workers, the second
    // would hold 12 users on its 1 connection
    const load = (maxStreams: number | null) =>
      runLoad(plan(target, { concurrency: 25, durationSeconds: 1.5 }, [endpoint({ path: '/' })]), {
        workers: 2,
        transport: { client: 'h2', httpVersion: '2', connections: 3, maxStreams, tls: NO_TLS_OPTIONS },
      });
    try {
      const unknown = await load(null);
      const known = await load(10);
      assert.deepEqual([unknown.health.workers, known.health.workers], [2, 1]);
      assert.deepEqual([unknown.overall.counts.errors, known.overall.counts.errors], [0, 0]);
      // 2 of the 12 streams wait a whole 100 ms turn in nghttp2's queue: the measured p99 doubles
      assert.ok(
        unknown.overall.latency.percentileMs(99) >= 180,
        String(unknown.overall.latency.percentileMs(99)),
      );
      assert.ok(known.overall.latency.percentileMs(99) < 150, String(known.overall.latency.percentileMs(99)));
    } finally {
      narrow.close();
    }
  });

  it('a GOAWAY with an error code: the streams above its last stream id were not processed and are sent once more', async () => {
    sessions = 0;
    const s = await run('/goaway-error');
    const kinds = s.overall.counts.errorKinds;
    const retries = s.connections.counts.refusedRetries;
    // node:http2 destroys the session at such a GOAWAY, so a session's first stream (at or below
    // the last stream id: processed) can lose its end and fail as protocol — at most one per session.
    // Every stream above it was sent once more: a failure there is a second refusal (goaway).
    assert.deepEqual(
      Object.keys(kinds).filter((k) => k !== 'protocol' && k !== 'goaway'),
      [],
      JSON.stringify(kinds),
    );
    assert.ok((kinds['protocol'] ?? 0) <= sessions, `${JSON.stringify(kinds)}, ${sessions} sessions`);
    assert.ok(retries > 0 && retries >= (kinds['goaway'] ?? 0), String(retries));
  });

  it('h2c against an HTTP/1.1-only server: a clear error before the load', async () => {
    const h1 = createHttpServer((_q, res) => res.end('h1'));
    await new Promise<void>((resolve) => h1.listen(0, '127.0.0.1', resolve));
    const port = (h1.address() as AddressInfo).port;
    try {
      await assert.rejects(gate(`http://127.0.0.1:${port}/`, { 'http-version': '2' }), (error: Error) => {
        assert.equal(error.name, 'InputError');
        assert.match(
          error.message,
          new RegExp(
            `^http-version 2: 127\\.0\\.0\\.1:${port} does not speak HTTP/2 without TLS \\(h2c\\): .+; the load was not started$`,
          ),
        );
        return true;
      });
    } finally {
      h1.close();
    }
  });
});
