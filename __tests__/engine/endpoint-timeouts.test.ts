// Per-endpoint timeouts (endpoints[].timeout, connect_timeout, first_byte_timeout) through the
// real engine: two endpoints at weight 1:1 (smooth round-robin: exactly half the arrivals each),
// one against a path that hangs with a short timeout of its own, the other fine. The hanging
// endpoint's failures are all `timeout`, each recorded at exactly its own deadline; the other
// endpoint has 0 errors. Raw HTTP/1.1, HTTP/2 over TLS (nginx, /hang proxied to a server that never
// answers) and undici through tinyproxy.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { EndpointConfig, LoadConfig } from '../../src/config/types.js';
import { runLoad } from '../../src/engine/run.js';
import { NO_TLS_OPTIONS, type TransportSpec } from '../../src/engine/transport.js';
import type { EndpointSnapshot, Snapshot } from '../../src/metrics/types.js';
import { faultServer, unansweredConnects, type FaultServer } from '../__fixtures__/fault-servers.js';
import { commandsInstalled, TLS_TEST_PORT_BASE, useTlsNginx } from '../__fixtures__/nginx-tls.js';
import { startServer, type Script, type TestServer } from '../__fixtures__/servers.js';
import { startTinyproxy, type TinyProxy } from '../__fixtures__/tinyproxy.js';
import { endpoint, plan } from './helpers.js';

const PORT = { nginx: TLS_TEST_PORT_BASE + 2, proxy: TLS_TEST_PORT_BASE + 3 };

/** 100 arrivals in 1 s, a 2 s load timeout: 50 to each endpoint. */
const LOAD: Partial<LoadConfig> = {
  pattern: 'rate',
  rate: 100,
  durationSeconds: 1,
  concurrency: 100,
  timeoutMs: 2_000,
};

function assertTimedOutAt(e: EndpointSnapshot, n: number, ms: number, message: string, s: Snapshot): void {
  assert.deepEqual([e.counts.requests, e.counts.errorKinds], [n, { timeout: n }], e.name);
  const service = e.parts.serviceTime;
  assert.ok(
    service.minMs >= ms - 0.5 && service.maxMs < ms + 1,
    `${e.name}: ${service.minMs}..${service.maxMs} ms, not ${ms}`,
  );
  const timeouts = s.errorMessages['timeout']!;
  assert.equal(timeouts.topMessage, message);
}

function assertFine(e: EndpointSnapshot, n: number): void {
  assert.deepEqual(
    [e.counts.requests, e.counts.errors, e.counts.errorKinds, e.counts.statusCodes],
    [n, 0, {}, { '200': n }],
    e.name,
  );
}

const endpoints = (hang: Partial<EndpointConfig>): EndpointConfig[] => [
  endpoint({ name: 'hang', path: '/hang', ...hang }),
  endpoint({ name: 'ok', path: '/' }),
];

const script: Script = (req) => (req.url === '/hang' ? { action: 'hang' } : { status: 200 });

describe('per-endpoint timeouts, raw HTTP/1.1', () => {
  let server: TestServer;
  before(async () => (server = await startServer(script)));
  after(() => server.close());

  it('first_byte_timeout 150 ms on the hanging endpoint: its 50 time out at exactly 150 ms, the other 50 are fine', async () => {
    const s = await runLoad(plan(server.url, LOAD, endpoints({ firstByteTimeoutMs: 150 })), { workers: 0 });
    assertTimedOutAt(s.endpoints[0]!, 50, 150, 'timed out waiting for the first response byte', s);
    assertFine(s.endpoints[1]!, 50);
    assert.deepEqual(s.overall.counts.errorKinds, { timeout: 50 });
  });

  it('its own timeout 250 ms (the load’s 2 s): its 50 at exactly 250 ms, the other 50 fine', async () => {
    const s = await runLoad(plan(server.url, LOAD, endpoints({ timeoutMs: 250 })), { workers: 0 });
    assertTimedOutAt(s.endpoints[0]!, 50, 250, 'timed out waiting for the first response byte', s);
    assertFine(s.endpoints[1]!, 50);
  });

  it('the load’s first_byte_timeout 150 ms, the fine endpoint’s own 1 s: the hanging one keeps the load’s', async () => {
    const s = await runLoad(
      plan(server.url, { ...LOAD, firstByteTimeoutMs: 150 }, [
        endpoint({ name: 'hang', path: '/hang' }),
        endpoint({ name: 'ok', path: '/', firstByteTimeoutMs: 1_000 }),
      ]),
      { workers: 0 },
    );
    assertTimedOutAt(s.endpoints[0]!, 50, 150, 'timed out waiting for the first response byte', s);
    assertFine(s.endpoints[1]!, 50);
  });
});

describe('per-endpoint connect timeouts (a listener that never accepts)', () => {
  it('connect_timeout 150 ms and 300 ms on two endpoints: 50 of each time out while connecting, each at its own deadline', async () => {
    const target = await unansweredConnects();
    try {
      const s = await runLoad(
        plan(target.url, LOAD, [
          endpoint({ name: 'a', path: '/a', connectTimeoutMs: 150 }),
          endpoint({ name: 'b', path: '/b', connectTimeoutMs: 300 }),
        ]),
        { workers: 0 },
      );
      assertTimedOutAt(s.endpoints[0]!, 50, 150, 'timed out while connecting', s);
      assertTimedOutAt(s.endpoints[1]!, 50, 300, 'timed out while connecting', s);
      assert.equal(s.errorMessages['timeout']!.topMessageCount, 100);
    } finally {
      await target.close();
    }
  });
});

describe(
  'per-endpoint first-byte timeout over HTTP/2 (nginx, TLS, ALPN h2)',
  { skip: !commandsInstalled('nginx', 'openssl') && 'nginx or openssl not installed' },
  () => {
    let upstream: FaultServer;
    before(async () => (upstream = await faultServer(() => {})));
    after(() => upstream?.close());
    const tls = useTlsNginx((pki) => [
      {
        port: PORT.nginx,
        cert: pki.serverCert,
        key: pki.serverKey,
        http2: true,
        hangUpstream: upstream.port,
      },
    ]);

    it('/hang with first_byte_timeout 200 ms: 50 of 50 at exactly 200 ms; / : 50 of 50 fine, all HTTP/2.0 in nginx’s log', async () => {
      const from = tls.nginx.log().length;
      const transport: Partial<TransportSpec> = {
        client: 'h2',
        httpVersion: '2',
        connections: 1,
        tls: { ...NO_TLS_OPTIONS, caPem: readFileSync(tls.pki.caCert, 'utf8') },
      };
      const s = await runLoad(
        plan(new URL(`https://localhost:${PORT.nginx}/`), LOAD, endpoints({ firstByteTimeoutMs: 200 })),
        { workers: 0, transport },
      );
      assertTimedOutAt(s.endpoints[0]!, 50, 200, 'timed out waiting for the first response byte', s);
      assertFine(s.endpoints[1]!, 50);
      assert.equal(upstream.requests, 50);
      const served = tls.nginx
        .log()
        .slice(from)
        .filter((l) => l.status === 200);
      assert.deepEqual([served.length, new Set(served.map((l) => l.protocol))], [50, new Set(['HTTP/2.0'])]);
    });
  },
);

describe(
  'per-endpoint first-byte timeout through tinyproxy (undici)',
  { skip: !commandsInstalled('tinyproxy') && 'tinyproxy not installed' },
  () => {
    let proxy: TinyProxy;
    let server: TestServer;
    before(async () => {
      proxy = await startTinyproxy(PORT.proxy);
      server = await startServer(script);
    });
    after(async () => {
      await server?.close();
      await proxy?.stop();
    });

    it('/hang with first_byte_timeout 200 ms: 50 of 50 at exactly 200 ms, / fine, every request through the proxy', async () => {
      const s = await runLoad(plan(server.url, LOAD, endpoints({ firstByteTimeoutMs: 200 })), {
        workers: 0,
        transport: { client: 'undici', tls: NO_TLS_OPTIONS, proxy: proxy.url },
      });
      assertTimedOutAt(s.endpoints[0]!, 50, 200, 'timed out waiting for the first response byte', s);
      assertFine(s.endpoints[1]!, 50);
      assert.deepEqual(
        [server.paths.filter((p) => p === '/hang').length, server.paths.filter((p) => p === '/').length],
        [50, 50],
      );
    });
  },
);
