// Connect and first-byte timeouts, and the `.invalid` DNS shortcut, on every transport: the raw
// HTTP/1.1 client (over TLS: the handshake is part of the connect), HTTP/2 (node:http2, h2c and
// TLS) and undici (direct, and through tinyproxy). Each load is an arrival rate × a duration, so
// every case asserts exact counts, the error kind, the phase named in the message and that each
// failure was recorded at exactly its deadline (sent + timeout, whenever the sweep found it).
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer as createH2cServer, type Http2Server } from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { LoadConfig } from '../../src/config/types.js';
import { runLoad, type EngineOptions } from '../../src/engine/run.js';
import { NO_TLS_OPTIONS, type TransportSpec } from '../../src/engine/transport.js';
import { errorEntries } from '../../src/judge/errors.js';
import type { RequestAccounting, Snapshot } from '../../src/metrics/types.js';
import { faultServer, unansweredConnects, type FaultServer } from '../__fixtures__/fault-servers.js';
import { commandsInstalled, TLS_TEST_PORT_BASE } from '../__fixtures__/nginx-tls.js';
import { startTinyproxy, type TinyProxy } from '../__fixtures__/tinyproxy.js';
import { refusedPort } from '../__fixtures__/servers.js';
import { plan } from './helpers.js';

const PROXY_PORT = TLS_TEST_PORT_BASE + 1;

/** `rate` arrivals per second for `seconds`: exactly rate × seconds requests. */
function arrivals(rate: number, seconds: number, more: Partial<LoadConfig> = {}): Partial<LoadConfig> {
  return { pattern: 'rate', rate, durationSeconds: seconds, concurrency: 100, timeoutMs: 2_000, ...more };
}

function balanced(n: number): RequestAccounting {
  return { sent: n, completed: 0, failed: n, inFlightAtEnd: 0, notSent: 0, balanced: true };
}

const H2C: Partial<TransportSpec> = { client: 'h2', httpVersion: '2', connections: 1, tls: NO_TLS_OPTIONS };
const H2_TLS: Partial<TransportSpec> = {
  client: 'h2',
  httpVersion: '2',
  connections: 1,
  tls: { ...NO_TLS_OPTIONS, insecure: true },
};
const UNDICI: Partial<TransportSpec> = { client: 'undici', tls: NO_TLS_OPTIONS, proxy: null };

/**
 * No connection opened, and exactly `n` connect errors (one per connection attempt that did not
 * connect), each in the per-second timeline too.
 */
function assertConnectErrors(s: Snapshot, n: number): void {
  const { counts, seconds } = s.connections;
  assert.deepEqual([counts.connectErrors, counts.opened], [n, 0]);
  assert.equal(
    seconds.reduce((sum, second) => sum + second.connectErrors, 0),
    n,
  );
}

/**
 * Runs `body`, counting the connection attempts this process began meanwhile: every net.connect
 * and tls.connect publishes its socket on `net.client.socket` (the engine runs in this thread:
 * workers 0; the fixtures' servers and tinyproxy open no client sockets), and how many of those
 * sockets are still open when the run returns.
 */
async function countingAttempts(body: () => Promise<Snapshot>): Promise<[Snapshot, number, number]> {
  const sockets: Socket[] = [];
  const keep = (message: unknown): void => void sockets.push((message as { socket: Socket }).socket);
  subscribe('net.client.socket', keep);
  try {
    const s = await body();
    // node:http2 destroys a destroyed session's socket a loop turn later
    await new Promise((resolve) => setImmediate(resolve));
    return [s, sockets.length, sockets.filter((socket) => !socket.destroyed).length];
  } finally {
    unsubscribe('net.client.socket', keep);
  }
}

/** Every request a timeout with this message, each recorded at sent + `ms`. */
function assertTimeouts(s: Snapshot, n: number, ms: number, message: string): void {
  assert.deepEqual(s.overall.counts.errorKinds, { timeout: n });
  assert.deepEqual(s.accounting, balanced(n));
  const [entry, ...rest] = errorEntries(s, 'unexpected');
  assert.deepEqual(rest, []);
  assert.deepEqual([entry!.topMessage, entry!.topMessageCount], [message, n]);
  const service = s.overall.parts.serviceTime;
  // HDR keeps 3 significant digits
  assert.ok(
    service.minMs >= ms - 0.5 && service.maxMs < ms + 1,
    `${service.minMs}..${service.maxMs} ms, not ${ms}`,
  );
}

function assertDns(s: Snapshot, n: number, host: string): void {
  assert.deepEqual(s.overall.counts.errorKinds, { dns: n });
  assert.deepEqual(s.accounting, balanced(n));
  const [entry, ...rest] = errorEntries(s, 'unexpected');
  assert.deepEqual(rest, []);
  assert.deepEqual([entry!.firstMessage, entry!.topMessageCount], [`getaddrinfo ENOTFOUND ${host}`, n]);
}

async function withTarget<T extends { close(): Promise<void> }>(
  target: T,
  body: (t: T) => Promise<void>,
): Promise<void> {
  try {
    await body(target);
  } finally {
    await target.close();
  }
}

const run = (url: URL, load: Partial<LoadConfig>, transport?: Partial<TransportSpec>): Promise<Snapshot> => {
  const options: EngineOptions = { workers: 0 };
  if (transport) options.transport = transport;
  return runLoad(plan(url, load), options);
};

/** A listener that accepts and reads but never answers: over https its TLS handshake never ends. */
const silent = (): Promise<FaultServer> => faultServer(() => {});
const https = (server: FaultServer): URL => new URL(`https://127.0.0.1:${server.port}/`);

// Connect errors: one per attempt that did not connect. The raw client and undici make one attempt
// per request here (a timed-out request's connection is dropped, the next one opens its own); an
// HTTP/2 session is one attempt however many streams wait on it, and a stream timing out does not
// retire its session (the next stream waits on the same one), so `connections` sessions, each used
// (the open model's free slots are a stack: slot i, on session i mod n, while 0..i-1 are busy).
const CONNECT_CASES: [
  name: string,
  transport: Partial<TransportSpec> | undefined,
  tls: Partial<TransportSpec> | undefined,
  connectErrors: number,
][] = [
  ['raw HTTP/1.1', undefined, undefined, 50],
  ['HTTP/2, 1 connection', H2C, H2_TLS, 1],
  ['HTTP/2, 2 connections', { ...H2C, connections: 2 }, { ...H2_TLS, connections: 2 }, 2],
  ['undici', UNDICI, { ...UNDICI, tls: { ...NO_TLS_OPTIONS, insecure: true } }, 50],
];

describe('connect timeout (a listener that never accepts: SYNs dropped)', () => {
  for (const [name, transport, , connectErrors] of CONNECT_CASES) {
    it(`${name}: 50 of 50 time out while connecting, at exactly the 200 ms connect_timeout; ${connectErrors} connect errors`, async () => {
      await withTarget(await unansweredConnects(), async (target) => {
        const [s, attempts, open] = await countingAttempts(() =>
          run(target.url, arrivals(50, 1, { connectTimeoutMs: 200 }), transport),
        );
        assertTimeouts(s, 50, 200, 'timed out while connecting');
        assert.equal(attempts, connectErrors);
        assertConnectErrors(s, connectErrors);
        // this side gave up on every attempt: none is left connecting after the run
        assert.equal(open, 0);
      });
    });
  }
});

describe('connect timeout over TLS: the handshake is part of the connect (a server that never answers the ClientHello)', () => {
  for (const [name, , transport, connectErrors] of CONNECT_CASES) {
    it(`${name}: 50 of 50 time out while connecting at exactly 150 ms, none reaches the first-byte timeout; ${connectErrors} connect errors`, async () => {
      await withTarget(await silent(), async (server) => {
        const load = arrivals(50, 1, { connectTimeoutMs: 150, firstByteTimeoutMs: 400 });
        const [s, attempts, open] = await countingAttempts(() => run(https(server), load, transport));
        assertTimeouts(s, 50, 150, 'timed out while connecting');
        assert.equal(attempts, connectErrors);
        assertConnectErrors(s, connectErrors);
        assert.equal(open, 0);
        assert.equal(server.requests, 0);
      });
    });
  }
});

/** A listener that closes each connection `ms` after accepting it, never answering a byte. */
async function closingAfter(ms: number): Promise<{ url: URL; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    const timer = setTimeout(() => socket.destroy(), ms);
    socket.on('close', () => {
      clearTimeout(timer);
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: new URL(`https://127.0.0.1:${(server.address() as AddressInfo).port}/`),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('an attempt given up on at the connect timeout that fails later is not counted again', () => {
  // TLS handshakes the server never answers and drops 300 ms after the accept: each request (raw,
  // undici) or the first stream on a session (HTTP/2) times out at 150 ms, the attempt then fails
  // within the run; an HTTP/2 stream still waiting when its session fails fails with it
  for (const [name, , transport, once] of CONNECT_CASES) {
    it(`${name}: 50 of 50 fail, exactly one connect error per connection attempt`, async () => {
      await withTarget(await closingAfter(300), async (server) => {
        const load = arrivals(50, 1, { connectTimeoutMs: 150, firstByteTimeoutMs: 400 });
        const [s, attempts] = await countingAttempts(() => run(server.url, load, transport));
        assert.deepEqual(s.accounting, balanced(50));
        if (transport?.client === 'h2') {
          // the failed sessions were replaced: more attempts than sessions, each counted once
          assert.ok(attempts > once, `${attempts} attempts`);
        } else {
          assertTimeouts(s, 50, 150, 'timed out while connecting');
          assert.equal(attempts, 50);
        }
        assertConnectErrors(s, attempts);
      });
    });
  }
});

describe('first-byte timeout (the request arrives, no response byte ever)', () => {
  const h2c: Http2Server = createH2cServer();
  h2c.on('stream', (stream) => stream.on('error', () => undefined)); // never answered
  let h2cUrl: URL;
  before(async () => {
    await new Promise<void>((resolve) => h2c.listen(0, '127.0.0.1', resolve));
    h2cUrl = new URL(`http://127.0.0.1:${(h2c.address() as AddressInfo).port}/`);
  });
  after(() => h2c.close());

  it('HTTP/2 (h2c): 100 of 100 at exactly the 150 ms first_byte_timeout of a 2 s timeout', async () => {
    const s = await run(h2cUrl, arrivals(100, 1, { firstByteTimeoutMs: 150 }), H2C);
    assertTimeouts(s, 100, 150, 'timed out waiting for the first response byte');
  });

  it('HTTP/2: a connect_timeout does not cut a stream whose session connected: 100 of 100 at the 150 ms first byte', async () => {
    const s = await run(h2cUrl, arrivals(100, 1, { connectTimeoutMs: 50, firstByteTimeoutMs: 150 }), H2C);
    assertTimeouts(s, 100, 150, 'timed out waiting for the first response byte');
  });

  it('undici: 100 of 100 at exactly the 150 ms first_byte_timeout, every request read by the server', async () => {
    await withTarget(await silent(), async (server) => {
      const s = await run(
        server.url,
        arrivals(100, 1, { connectTimeoutMs: 50, firstByteTimeoutMs: 150 }),
        UNDICI,
      );
      assertTimeouts(s, 100, 150, 'timed out waiting for the first response byte');
      assert.equal(server.requests, 100);
    });
  });
});

describe('names under .invalid fail at once as dns on every transport (RFC 6761: no query leaves)', () => {
  const url = new URL('http://backend-v2.invalid:8080/');
  it('HTTP/2 (h2c): 200 of 200 dns', async () => {
    assertDns(await run(url, arrivals(200, 1), H2C), 200, 'backend-v2.invalid');
  });
  it('HTTP/2 over TLS: 200 of 200 dns', async () => {
    assertDns(
      await run(new URL('https://backend-v2.invalid/'), arrivals(200, 1), H2_TLS),
      200,
      'backend-v2.invalid',
    );
  });
  it('undici: 200 of 200 dns', async () => {
    assertDns(await run(url, arrivals(200, 1), UNDICI), 200, 'backend-v2.invalid');
  });
});

describe('HTTP/2: a stream waiting for a session that failed to connect fails as the connect did', () => {
  it('refused: 200 of 200 connection_refused (not stream_reset)', async () => {
    const port = await refusedPort();
    const [s, sessions] = await countingAttempts(() =>
      run(new URL(`http://127.0.0.1:${port}/`), arrivals(200, 1), H2C),
    );
    assert.deepEqual(s.overall.counts.errorKinds, { connection_refused: 200 });
    assert.deepEqual(s.accounting, balanced(200));
    assert.equal(errorEntries(s, 'unexpected')[0]!.firstMessage, `connect ECONNREFUSED 127.0.0.1:${port}`);
    // one connect error per session attempt, whatever the streams that waited on each: how many
    // arrivals shared a refused session depends on timing (a new one opens once it is gone)
    assert.ok(sessions >= 1 && sessions <= 200, `${sessions} sessions`);
    assertConnectErrors(s, sessions);
  });
});

describe(
  'through tinyproxy (undici)',
  { skip: !commandsInstalled('tinyproxy') && 'tinyproxy not installed' },
  () => {
    let proxy: TinyProxy;
    before(async () => (proxy = await startTinyproxy(PROXY_PORT)));
    after(() => proxy?.stop());
    const via = (): Partial<TransportSpec> => ({ ...UNDICI, proxy: proxy.url });

    it('first byte: 50 of 50 at exactly the 200 ms first_byte_timeout, each request forwarded to the target', async () => {
      await withTarget(await silent(), async (server) => {
        const s = await run(server.url, arrivals(50, 1, { firstByteTimeoutMs: 200 }), via());
        assertTimeouts(s, 50, 200, 'timed out waiting for the first response byte');
        assert.equal(server.requests, 50);
      });
    });

    it('connect: a target whose SYNs are dropped behind the proxy, 50 of 50 time out while connecting (the tunnel) at exactly 200 ms', async () => {
      await withTarget(await unansweredConnects(), async (target) => {
        const tunnels = proxy.connects();
        const [s, attempts] = await countingAttempts(() =>
          run(target.url, arrivals(50, 1, { connectTimeoutMs: 200 }), via()),
        );
        assertTimeouts(s, 50, 200, 'timed out while connecting');
        // one tunnel attempt per request (a timed-out request's ProxyAgent is dropped, the next
        // request's makes its own): a connection to the proxy and a CONNECT each
        assert.deepEqual([attempts, proxy.connects() - tunnels], [50, 50]);
        assertConnectErrors(s, 50);
      });
    });

    it('a target under .invalid: 200 of 200 dns, and the proxy is never asked (0 CONNECTs)', async () => {
      const tunnels = proxy.connects();
      const requests = proxy.requests();
      const s = await run(new URL('http://backend-v2.invalid:8080/'), arrivals(200, 1), via());
      assertDns(s, 200, 'backend-v2.invalid');
      assert.deepEqual([proxy.connects() - tunnels, proxy.requests() - requests], [0, 0]);
    });

    it('a proxy under .invalid: 200 of 200 dns', async () => {
      const s = await run(new URL(`http://127.0.0.1:${PROXY_PORT}/`), arrivals(200, 1), {
        ...UNDICI,
        proxy: 'http://proxy.invalid:3128',
      });
      assertDns(s, 200, 'proxy.invalid');
    });
  },
);
