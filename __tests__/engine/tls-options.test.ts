// TLS options end to end (settings → gate → reports) against nginx over TLS with a CA made by
// openssl in the test: ca-cert trust, the certificate messages without it, mutual TLS that nginx
// requires (ssl_verify_client on), servername, minimum version, insecure-tls, and resolve aiming
// at a second nginx on another loopback address while Host and SNI stay the URL's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RawOptions } from '../../src/settings/parse.js';
import { gate } from './gate-helper.js';
import { commandsInstalled, TLS_TEST_PORT_BASE, useTlsNginx } from '../__fixtures__/nginx-tls.js';

const BASE = TLS_TEST_PORT_BASE;
const PORT = {
  ca: BASE,
  expired: BASE + 1,
  self: BASE + 2,
  mtls: BASE + 3,
  resolve: BASE + 4,
  tls12: BASE + 5,
};

describe(
  'TLS options against nginx',
  { skip: !commandsInstalled('nginx', 'openssl') && 'nginx or openssl not installed' },
  () => {
    const tls = useTlsNginx((pki) => [
      { port: PORT.ca, cert: pki.serverCert, key: pki.serverKey },
      { port: PORT.expired, cert: pki.expiredCert, key: pki.expiredKey },
      { port: PORT.self, cert: pki.selfSignedCert, key: pki.selfSignedKey },
      { port: PORT.mtls, cert: pki.serverCert, key: pki.serverKey, clientCa: pki.clientCaCert },
      { port: PORT.resolve, cert: pki.serverCert, key: pki.serverKey },
      { port: PORT.tls12, cert: pki.serverCert, key: pki.serverKey, tlsVersions: 'TLSv1.2' },
      { port: PORT.resolve, address: '127.0.0.2', cert: pki.serverCert, key: pki.serverKey },
    ]);

    const logged = (from: number, port: number) =>
      tls.nginx
        .log()
        .slice(from)
        .filter((r) => r.port === port);

    it('ca-cert: the private CA is trusted, every request reaches nginx over TLS with SNI', async () => {
      const from = tls.nginx.log().length;
      const run = await gate(`https://localhost:${PORT.ca}/`, { 'ca-cert': tls.pki.caCert });
      const t = run.report.totals;
      // the error-rate SLO, not the verdict: a busy machine may flag the generator (inconclusive)
      assert.equal(run.report.slos.find((s) => s.name === 'error rate')?.passed, true, run.report.reason);
      assert.equal(t.errors, 0);
      const lines = logged(from, PORT.ca);
      assert.equal(lines.length, t.requests + t.warmUpRequests);
      assert.deepEqual(
        new Set(lines.map((l) => `${l.protocol} ${l.sni} ${l.host} ${l.status}`)),
        new Set([`HTTP/1.1 localhost localhost:${PORT.ca} 200`]),
      );
      assert.equal(run.report.transport.tlsError, null);
      assert.deepEqual(run.host.lines.warning, []);
    });

    const rejected: {
      name: string;
      port: number;
      url: string;
      extra: Record<string, string>;
      message: string;
    }[] = [
      {
        name: 'a private CA without ca-cert',
        port: PORT.ca,
        url: 'localhost',
        extra: {},
        message:
          'unable to verify the first certificate (unknown issuer: trust its CA with ca-cert, or the server omits an intermediate)',
      },
      {
        name: 'an expired certificate',
        port: PORT.expired,
        url: 'localhost',
        extra: { 'ca-cert': 'CA' },
        message: 'certificate has expired',
      },
      {
        name: 'a self-signed certificate',
        port: PORT.self,
        url: 'localhost',
        extra: {},
        message: 'self-signed certificate',
      },
      {
        name: 'servername not in the certificate',
        port: PORT.ca,
        url: '127.0.0.1',
        extra: { 'ca-cert': 'CA', servername: 'wrong.test' },
        message:
          "hostname mismatch: wrong.test not in the certificate's names (DNS:localhost, DNS:app.test, IP Address:127.0.0.1)",
      },
    ];
    rejected.push({
      name: 'tls-min-version TLSv1.3 against a TLSv1.2-only server',
      port: PORT.tls12,
      url: 'localhost',
      extra: { 'ca-cert': 'CA', 'tls-min-version': 'TLSv1.3' },
      message:
        'the server refused the TLS version (none of those allowed, see tls-min-version, is one it speaks)',
    });
    for (const c of rejected) {
      it(`${c.name}: every request is a tls error, named in one line in the log, summary and results.json`, async () => {
        const extra: RawOptions = Object.fromEntries(
          Object.entries(c.extra).map(([k, v]) => [k, v === 'CA' ? tls.pki.caCert : v]),
        );
        const from = tls.nginx.log().length;
        const run = await gate(`https://${c.url}:${c.port}/`, extra);
        const t = run.report.totals;
        assert.equal(run.report.verdict, 'fail');
        assert.ok(t.requests > 0);
        assert.equal(t.errors, t.requests);
        assert.deepEqual(run.report.errorKinds, { tls: t.requests });
        assert.equal(logged(from, c.port).length, 0, 'no request reached nginx');
        // one home for the message: errors[]; transport.tlsError (deprecated) repeats it
        assert.deepEqual(
          run.resultsJson.errors.map((e: { kind: string; count: number; firstMessage: string }) => [
            e.kind,
            e.count,
            e.firstMessage,
          ]),
          [['tls', t.requests, c.message]],
        );
        assert.equal(run.report.transport.tlsError, c.message);
        assert.equal(run.resultsJson.transport.tlsError, c.message);
        assert.deepEqual(run.host.lines.warning, [
          `TLS check before the load failed: ${c.message} — the load runs and its requests will fail the same way`,
        ]);
        assert.ok(
          run.summary.includes(`TLS failed: ${c.message} — ${t.requests} requests with error tls`),
          run.summary,
        );
      });
    }

    it('mutual TLS: nginx (ssl_verify_client on) answers only a client presenting its certificate', async () => {
      const url = `https://localhost:${PORT.mtls}/`;
      const withCert = await gate(url, {
        'ca-cert': tls.pki.caCert,
        'client-cert': tls.pki.clientCert,
        'client-key': tls.pki.clientKey,
      });
      assert.equal(withCert.report.totals.errors, 0);
      assert.deepEqual(Object.keys(withCert.report.statusCodes), ['200']);
      const without = await gate(url, { 'ca-cert': tls.pki.caCert });
      // nginx completes the handshake and answers 400 "No required SSL certificate was sent"
      assert.equal(without.report.totals.errors, without.report.totals.requests);
      assert.deepEqual(without.report.statusCodes, { '400': without.report.totals.requests });
      assert.equal(without.report.verdict, 'fail');
    });

    it('client-cert without client-key is bad input naming both', async () => {
      await assert.rejects(gate(`https://localhost:${PORT.mtls}/`, { 'client-cert': tls.pki.clientCert }), {
        name: 'InputError',
        message:
          'tls: client_cert (client-cert) and client_key (client-key) go together; one of them is missing',
      });
    });

    it('tls-min-version TLSv1.3: nginx logs TLSv1.3 for every request', async () => {
      const from = tls.nginx.log().length;
      const run = await gate(`https://localhost:${PORT.ca}/`, {
        'ca-cert': tls.pki.caCert,
        'tls-min-version': 'TLSv1.3',
      });
      assert.equal(run.report.totals.errors, 0);
      assert.deepEqual(new Set(logged(from, PORT.ca).map((l) => l.tlsVersion)), new Set(['TLSv1.3']));
    });

    it('insecure-tls: a self-signed target passes, with a warning in the log and in every report', async () => {
      const run = await gate(`https://localhost:${PORT.self}/`, { 'insecure-tls': 'true' });
      assert.equal(run.report.totals.errors, 0);
      const warning = `insecure-tls: certificate checks are OFF for localhost:${PORT.self} — any certificate is accepted, the results do not prove the real endpoint answered`;
      assert.deepEqual(run.host.lines.warning, [warning]);
      assert.equal(run.resultsJson.transport.insecureTls, true);
      const note = 'insecure-tls: certificate checks were OFF (any certificate was accepted)';
      assert.ok(run.summary.includes(note), run.summary);
      const out = join(run.published.paths.resultsJson!, '..');
      for (const file of ['report.md', 'report.html']) {
        assert.ok(readFileSync(join(out, file), 'utf8').includes(note), file);
      }
    });

    it("resolve: the load goes to the second nginx (127.0.0.2) while Host and SNI stay the URL's", async () => {
      const from = tls.nginx.log().length;
      const run = await gate(`https://localhost:${PORT.resolve}/`, {
        'ca-cert': tls.pki.caCert,
        resolve: `localhost:${PORT.resolve}:127.0.0.2`,
      });
      const t = run.report.totals;
      assert.equal(t.errors, 0);
      const lines = logged(from, PORT.resolve);
      assert.equal(lines.length, t.requests + t.warmUpRequests);
      assert.deepEqual(
        new Set(lines.map((l) => `${l.address} ${l.sni} ${l.host}`)),
        new Set([`127.0.0.2 localhost localhost:${PORT.resolve}`]),
      );
      assert.deepEqual(run.report.transport.resolve, [`localhost:${PORT.resolve}:127.0.0.2`]);
      assert.ok(
        run.host.lines.info.includes(
          `resolve: connecting to 127.0.0.2 for localhost:${PORT.resolve} (Host and SNI stay localhost:${PORT.resolve})`,
        ),
      );
    });

    it('resolve for another host:port is bad input', async () => {
      await assert.rejects(
        gate(`https://localhost:${PORT.ca}/`, { resolve: 'api.example.com:443:127.0.0.2' }),
        {
          name: 'InputError',
          message: `resolve api.example.com:443:127.0.0.2 does not match the target localhost:${PORT.ca} (expected localhost:${PORT.ca}:<address>)`,
        },
      );
    });
  },
);
