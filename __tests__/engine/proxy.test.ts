// Proxies: HTTPS_PROXY / HTTP_PROXY / NO_PROXY and the explicit `proxy` setting, through a real
// tinyproxy started on loopback (own config, port, foreground). Same verdicts as direct, 0 errors,
// the proxy named in the log and every report, and its log proving the load went through it.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { commandsInstalled, TLS_TEST_PORT_BASE, useTlsNginx } from '../__fixtures__/nginx-tls.js';
import { startTinyproxy, type TinyProxy } from '../__fixtures__/tinyproxy.js';
import { formatValue } from '../../src/format.js';
import { gate } from './gate-helper.js';

const PORT = { nginx: TLS_TEST_PORT_BASE + 6, proxy: TLS_TEST_PORT_BASE + 9 };
/**
 * p99 judged from 100 samples: a short run through the proxy is judged, not inconclusive. The
 * latency limits sit far above a healthy loopback run (tinyproxy on 2 busy cores has shown p50
 * 0.3–760 ms): these tests are about where the load goes and what is counted, not its speed.
 */
/**
 * A starved CPU (a busy shared machine) makes the generator itself late, and the product then
 * refuses to judge: verdict inconclusive, naming the generator's measured lag as the reason. That
 * is the one verdict besides pass these tests accept; any other inconclusive or a fail still fails.
 */
const judgedOrGeneratorBound = (r: {
  verdict: string;
  reason: string;
  generator: { saturatedReasons: readonly string[] };
}) =>
  r.verdict === 'pass' ||
  (r.verdict === 'inconclusive' &&
    (r.generator.saturatedReasons.length > 0 || r.reason.includes('so the generator may have caused it')));

const CONFIG = `
load: { pattern: sustained, concurrency: 4, duration: 500ms, timeout: 5s }
thresholds: { error_rate: 0, latency: { p50: 3000, p99: 5000 } }
slo: { min_samples_factor: 1 }
`;

describe(
  'load through tinyproxy',
  {
    skip: !commandsInstalled('nginx', 'openssl', 'tinyproxy') && 'nginx, openssl or tinyproxy not installed',
  },
  () => {
    const tls = useTlsNginx((pki) => [{ port: PORT.nginx, cert: pki.serverCert, key: pki.serverKey }]);
    let proxy: TinyProxy;
    let plain: Server;
    let plainUrl: string;
    let plainServed = 0;
    before(async () => {
      proxy = await startTinyproxy(PORT.proxy);
      plain = createServer((req, res) => {
        plainServed++;
        req.resume();
        res.end('ok');
      });
      await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
      plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/`;
    });
    after(async () => {
      plain?.closeAllConnections();
      plain?.close();
      await proxy?.stop();
    });

    const httpsTarget = () => `https://localhost:${PORT.nginx}/`;
    const notice = (source: string) =>
      `Proxy in the path: http://127.0.0.1:${PORT.proxy} (from ${source}); every latency includes the proxy`;

    it('HTTPS_PROXY: an https target goes through CONNECT tunnels, same verdict as direct, 0 errors', async () => {
      const direct = await gate(httpsTarget(), { 'ca-cert': tls.pki.caCert }, CONFIG);
      const tunnelsBefore = proxy.connects();
      const from = tls.nginx.log().length;
      const run = await gate(httpsTarget(), { 'ca-cert': tls.pki.caCert }, CONFIG, {
        HTTPS_PROXY: proxy.url,
      });
      const t = run.report.totals;
      assert.ok(judgedOrGeneratorBound(run.report), `${run.report.verdict}: ${run.report.reason}`);
      assert.ok(judgedOrGeneratorBound(direct.report), `${direct.report.verdict}: ${direct.report.reason}`);
      if (
        run.report.generator.saturatedReasons.length + direct.report.generator.saturatedReasons.length ===
        0
      )
        assert.equal(run.report.verdict, direct.report.verdict, run.report.reason);
      assert.equal(t.errors, 0, JSON.stringify(run.report.errorKinds));
      assert.equal(tls.nginx.log().length - from, t.requests + t.warmUpRequests);
      const tunnels = proxy.connects() - tunnelsBefore;
      // one tunnel per user (4), kept alive for the whole run
      assert.ok(tunnels >= 1 && tunnels <= 4, `${tunnels} tunnels`);
      assert.deepEqual(run.host.lines.notice, [notice('HTTPS_PROXY')]);
      assert.equal(run.report.transport.client, 'undici');
      assert.equal(run.resultsJson.transport.proxy, `http://127.0.0.1:${PORT.proxy}`);
      // every connection is a tunnel, timed from the TCP connect to the proxy to the TLS handshake
      // with nginx through it: as many connect times as tinyproxy saw CONNECTs
      const c = run.resultsJson.connections;
      assert.deepEqual([c.opened, c.connectErrors], [tunnels, 0]);
      assert.ok(c.connectTimeMs.p50 > 0 && c.connectTimeMs.max >= c.connectTimeMs.p50, JSON.stringify(c));
      const ms = (v: number) => formatValue(v, 'ms');
      const line = `proxy in the path: http://127.0.0.1:${PORT.proxy} (latencies include it); opening a connection through it took p50 ${ms(c.connectTimeMs.p50)}, p99 ${ms(c.connectTimeMs.p99)}, max ${ms(c.connectTimeMs.max)} (${tunnels} connections)`;
      assert.ok(run.summary.includes(line), `${line}\n${run.summary}`);
    });

    it('the explicit proxy setting carries an http target; the proxy saw every request', async () => {
      const before = { connects: proxy.connects(), served: plainServed };
      const run = await gate(plainUrl, { proxy: proxy.url }, CONFIG);
      const t = run.report.totals;
      assert.equal(run.report.verdict, 'pass', run.report.reason);
      assert.equal(t.errors, 0);
      assert.equal(plainServed - before.served, t.requests + t.warmUpRequests);
      const tunnels = proxy.connects() - before.connects;
      assert.ok(tunnels >= 1);
      assert.equal(run.resultsJson.connections.opened, tunnels);
      assert.deepEqual(run.host.lines.notice, [notice('proxy')]);
    });

    it('NO_PROXY naming the target: direct, no proxy notice', async () => {
      const before = proxy.connects() + proxy.requests();
      const run = await gate(plainUrl, {}, CONFIG, {
        HTTP_PROXY: proxy.url,
        NO_PROXY: 'example.com,127.0.0.1',
      });
      assert.equal(run.report.totals.errors, 0);
      assert.equal(proxy.connects() + proxy.requests(), before);
      assert.deepEqual(run.host.lines.notice, []);
      assert.equal(run.report.transport.proxy, null);
      assert.equal(run.report.transport.client, 'raw');
    });
  },
);
