// The pre-flight check: one connection made with the run's own TLS options before the load. Over
// TLS it names a certificate problem in one line before any request is counted, and it proves the
// server negotiates HTTP/2 (ALPN h2) when http-version 2 was asked for: never a silent fall-back.
// Over HTTP/2 it also reads how many concurrent streams the server allows per connection.
import { connect as http2Connect, type ClientHttp2Session } from 'node:http2';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { describeError } from './classify.js';
import { hostOf, secureContextOf, serverNameOf, type TransportSpec } from './transport.js';

export type ProbeOutcome =
  | {
      ok: true;
      /** ALPN result over TLS ('h2', 'http/1.1'), 'h2c' or null for plain HTTP/1.1 */ protocol:
        string | null;
      /**
       * HTTP/2: the server's SETTINGS_MAX_CONCURRENT_STREAMS, the streams one connection may carry
       * at once; null for HTTP/1.1, or when the server sets no limit.
       */
      maxStreams: number | null;
    }
  | { ok: false; /** connect / TLS failure, in one line */ message: string; tls: boolean }
  | { ok: false; noH2: true; message: string; tls: boolean };

/** Plain HTTP/1.1 and proxied runs are not probed (the proxy makes the connection). */
export function needsProbe(url: URL, spec: TransportSpec): boolean {
  return spec.proxy === null && (url.protocol === 'https:' || spec.httpVersion === '2');
}

export async function probeTarget(url: URL, spec: TransportSpec, timeoutMs: number): Promise<ProbeOutcome> {
  const host = spec.connectAddress ?? hostOf(url);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  if (url.protocol !== 'https:') return probeH2c(url, host, port, timeoutMs);
  const h2 = spec.httpVersion === '2';
  return new Promise((resolve) => {
    const socket: TLSSocket = tlsConnect({
      host,
      port,
      servername: serverNameOf(spec.tls, hostOf(url)),
      secureContext: secureContextOf(spec.tls),
      rejectUnauthorized: !spec.tls.insecure,
      // h2 also offers http/1.1, so that a server without h2 says what it speaks instead of an alert
      ALPNProtocols: h2 ? ['h2', 'http/1.1'] : ['http/1.1'],
    });
    /** HTTP/2: the session opened on the socket once ALPN said h2, to read the server's SETTINGS. */
    let session: ClientHttp2Session | null = null;
    const timer = setTimeout(
      () =>
        finish(
          session === null
            ? { ok: false, message: `no TLS handshake within ${timeoutMs} ms`, tls: true }
            : {
                ok: false,
                noH2: true,
                tls: true,
                message: `http-version 2: no HTTP/2 SETTINGS from ${url.host} within ${timeoutMs} ms; the load was not started`,
              },
        ),
      timeoutMs,
    );
    const finish = (outcome: ProbeOutcome): void => {
      clearTimeout(timer);
      session?.destroy();
      socket.destroy();
      resolve(outcome);
    };
    socket.once('secureConnect', () => {
      const protocol = socket.alpnProtocol || null;
      if (h2 && protocol !== 'h2') {
        finish({
          ok: false,
          noH2: true,
          tls: true,
          message: `http-version 2: ${url.host} did not negotiate HTTP/2 (ALPN answered ${protocol === null ? 'nothing' : protocol}); the load was not started`,
        });
      } else if (h2) {
        // the server's SETTINGS: how many streams one connection may carry
        const h2session = http2Connect(url.origin, { createConnection: () => socket });
        session = h2session;
        h2session.once('remoteSettings', () =>
          finish({ ok: true, protocol, maxStreams: maxStreamsOf(h2session) }),
        );
        h2session.on('error', (error) => finish({ ok: false, message: describeError(error), tls: false }));
      } else finish({ ok: true, protocol, maxStreams: null });
    });
    socket.once('error', (error) =>
      finish({ ok: false, message: describeError(error), tls: isTlsFailure(error) }),
    );
  });
}

/** h2c with prior knowledge: the server must answer the connection preface with its SETTINGS. */
function probeH2c(url: URL, host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const session = http2Connect(url.origin, { createConnection: () => netConnect({ host, port }) });
    const timer = setTimeout(
      () => fail(`no HTTP/2 SETTINGS from ${url.host} within ${timeoutMs} ms`),
      timeoutMs,
    );
    const finish = (outcome: ProbeOutcome): void => {
      clearTimeout(timer);
      session.destroy();
      resolve(outcome);
    };
    const fail = (why: string): void =>
      finish({
        ok: false,
        noH2: true,
        tls: false,
        message: `http-version 2: ${url.host} does not speak HTTP/2 without TLS (h2c): ${why}; the load was not started`,
      });
    session.once('remoteSettings', () =>
      finish({ ok: true, protocol: 'h2c', maxStreams: maxStreamsOf(session) }),
    );
    session.once('error', (error: Error & { code?: string }) =>
      error.code === 'ECONNREFUSED'
        ? finish({ ok: false, message: error.message, tls: false })
        : fail(error.message),
    );
  });
}

/** Above this a SETTINGS_MAX_CONCURRENT_STREAMS is no limit (nghttp2's "none sent" is 2³² − 1). */
const NO_STREAM_LIMIT = 2 ** 31;

function maxStreamsOf(session: ClientHttp2Session): number | null {
  const max = session.remoteSettings.maxConcurrentStreams;
  return max === undefined || max >= NO_STREAM_LIMIT ? null : max;
}

function isTlsFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !/^E[A-Z]+$/.test(code);
}
