// Request targets and header values on the wire: non-ASCII paths are UTF-8 percent-encoded (as
// WHATWG URL does), never latin1-mangled; a server receives exactly the encoded path.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { encodePath, prepareRequest, requestBytes } from '../../src/engine/request.js';
import { runLoad } from '../../src/engine/run.js';
import { endpoint, plan } from './helpers.js';

const TARGET = new URL('http://127.0.0.1:8080');

describe('encodePath', () => {
  const cases: Array<[string, string]> = [
    ['/é?q=日本', '/%C3%A9?q=%E6%97%A5%E6%9C%AC'],
    ['/a%20b', '/a%20b'],
    ['/x?a=1&b=2', '/x?a=1&b=2'],
    ["/r/:@!$&'()*+,;=~-._/%2F?k=[v]#f", "/r/:@!$&'()*+,;=~-._/%2F?k=[v]#f"],
    ['/a/../b/./c', '/a/../b/./c'],
    ['/ü%C3%BC', '/%C3%BC%C3%BC'],
    ['/😀', '/%F0%9F%98%80'],
    ['/\u00a0\u007f', '/%C2%A0%7F'],
    ['/\ud800', '/%EF%BF%BD'],
  ];
  for (const [path, wire] of cases) {
    it(`${JSON.stringify(path)} → ${wire}`, () => {
      assert.equal(encodePath(path), wire);
    });
  }

  it('agrees with WHATWG URL on the non-ASCII example', () => {
    const u = new URL('/é?q=日本', 'http://x');
    assert.equal(encodePath('/é?q=日本'), u.pathname + u.search);
  });
});

describe('requestBytes', () => {
  it('puts the percent-encoded path on the request line (raw and undici requests alike)', () => {
    const e = endpoint({ path: '/é?q=日本' });
    const head = requestBytes(TARGET, e).toString('latin1');
    assert.equal(head.split('\r\n')[0], 'GET /%C3%A9?q=%E6%97%A5%E6%9C%AC HTTP/1.1');
    assert.equal(prepareRequest(TARGET, e).path, '/%C3%A9?q=%E6%97%A5%E6%9C%AC');
  });

  it('rejects spaces and control characters in the path, naming it', () => {
    for (const path of ['/a b', '/a\r\nx: y', '/a\0']) {
      assert.throws(() => requestBytes(TARGET, endpoint({ path })), {
        message: `invalid request path ${JSON.stringify(path)}`,
      });
    }
  });

  it('rejects header values outside visible ASCII + space/tab without printing them', () => {
    for (const value of ['sécret', 'a\r\nx: y', '日本']) {
      assert.throws(() => requestBytes(TARGET, endpoint({ headers: { 'X-Name': value } })), {
        message: 'invalid header "X-Name"',
      });
    }
    const ok = requestBytes(TARGET, endpoint({ headers: { 'X-Name': 'a b\tc~' } })).toString('latin1');
    assert.ok(ok.includes('\r\nX-Name: a b\tc~\r\n'));
  });
});

describe('a server receives the percent-encoded path', () => {
  const received = new Set<string>();
  const server = createServer((req, res) => {
    received.add(req.url ?? '');
    req.resume();
    res.end('ok');
  });
  let url: URL;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  for (const transport of ['raw', 'undici'] as const) {
    it(transport, async () => {
      received.clear();
      const s = await runLoad(
        plan(url, { concurrency: 2, durationSeconds: 0.2 }, [endpoint({ path: '/é?q=日本' })]),
        { workers: 0, transport: { client: transport } },
      );
      const c = s.overall.counts;
      assert.ok(c.requests > 0);
      assert.equal(c.errors, 0, JSON.stringify(c.errorKinds));
      assert.deepEqual([...received], ['/%C3%A9?q=%E6%97%A5%E6%9C%AC']);
    });
  }
});
