// nginx on loopback with TLS / HTTP/2 / mutual-TLS server blocks for transport tests: its own
// prefix, no daemon, an access log recording the protocol, SNI and Host of every request; and
// useTlsNginx, the suites' shared setup (a test PKI + nginx before the tests, both removed after).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { makePki, type Pki } from './pki.js';

export interface NginxServer {
  port: number;
  /** Loopback address to listen on (default 127.0.0.1). */
  address?: string;
  /** PEM paths; null = plain http. */
  cert: string | null;
  key: string | null;
  http2?: boolean;
  /** Require a client certificate signed by this CA (ssl_verify_client on). */
  clientCa?: string;
  /** ssl_protocols (default "TLSv1.2 TLSv1.3"; this nginx's own default lacks TLSv1.3). */
  tlsVersions?: string;
  /** Body of the 200 response (default "hello from <port>"). */
  body?: string;
  /** A port on 127.0.0.1 that /hang is proxied to (a server that never answers: /hang hangs). */
  hangUpstream?: number;
  /**
   * Requests per connection before nginx closes it (HTTP/2: with a GOAWAY). Default 100,000 for
   * every server here; nginx's own default is 1,000.
   */
  keepaliveRequests?: number;
}

export interface LoggedRequest {
  address: string;
  port: number;
  protocol: string;
  tlsVersion: string;
  sni: string;
  host: string;
  status: number;
}

export interface TestNginx {
  /** Requests logged so far, in order. */
  log(): LoggedRequest[];
  stop(): Promise<void>;
}

export async function startTestNginx(servers: NginxServer[]): Promise<TestNginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'slo-nginx-tls-'));
  mkdirSync(join(prefix, 'logs'));
  const logPath = join(prefix, 'logs', 'access.log');
  const blocks = servers.map((s) => {
    const tls = s.cert !== null;
    // `listen … http2` (this nginx predates the `http2 on` directive of 1.25.1)
    const listen = `listen ${s.address ?? '127.0.0.1'}:${s.port}${tls ? ' ssl' : ''}${s.http2 ? ' http2' : ''};`;
    const ssl = tls
      ? `ssl_certificate ${s.cert}; ssl_certificate_key ${s.key}; ssl_protocols ${s.tlsVersions ?? 'TLSv1.2 TLSv1.3'};`
      : '';
    const mtls = s.clientCa ? `ssl_client_certificate ${s.clientCa}; ssl_verify_client on;` : '';
    const hang = s.hangUpstream
      ? `location /hang { proxy_pass http://127.0.0.1:${s.hangUpstream}; proxy_read_timeout 60s; }`
      : '';
    const keepalive = s.keepaliveRequests ? `keepalive_requests ${s.keepaliveRequests};` : '';
    return `server { ${listen} ${ssl} ${mtls} ${keepalive} location / { return 200 "${s.body ?? `hello from ${s.port}`}\\n"; } ${hang} }`;
  });
  const conf = `
worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 4096; }
http {
  log_format t '$server_addr $server_port $server_protocol "$ssl_protocol" "$ssl_server_name" "$http_host" $status';
  access_log ${logPath} t;
  keepalive_requests 100000;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  ${blocks.join('\n  ')}
}
`;
  writeFileSync(join(prefix, 'nginx.conf'), conf);
  writeFileSync(logPath, '');
  const child = spawn('nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let running = true;
  const exited = new Promise((resolve) => child.once('exit', resolve)).then(() => (running = false));
  try {
    for (const s of servers) await waitForPort(s.address ?? '127.0.0.1', s.port, () => running);
  } catch (error) {
    child.kill('SIGKILL');
    const log = existsSync(join(prefix, 'logs', 'error.log'))
      ? readFileSync(join(prefix, 'logs', 'error.log'), 'utf8')
      : 'none (see stderr)';
    throw new Error(`${(error as Error).message}; nginx error log: ${log}`);
  }
  return {
    log: () =>
      readFileSync(logPath, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const m = /^(\S+) (\d+) (\S+) "([^"]*)" "([^"]*)" "([^"]*)" (\d+)$/.exec(line)!;
          return {
            address: m[1]!,
            port: Number(m[2]),
            protocol: m[3]!,
            tlsVersion: m[4]!,
            sni: m[5]!,
            host: m[6]!,
            status: Number(m[7]),
          };
        }),
    stop: async () => {
      child.kill('SIGQUIT');
      await exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

export async function waitForPort(host: string, port: number, running: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && running(); i++) {
    const open = await new Promise<boolean>((resolve) => {
      const s = connect({ host, port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not listen on ${host}:${port}`);
}

/** Loopback ports for the TLS tests: 10 per test process (by pid), base + 0 … base + 9. */
export const TLS_TEST_PORT_BASE = 24000 + (process.pid % 90) * 10;

/** Whether every command is on PATH (the nginx TLS suites skip without nginx and openssl). */
export function commandsInstalled(...commands: string[]): boolean {
  try {
    execFileSync('sh', ['-c', commands.map((c) => `command -v ${c}`).join(' && ')], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Inside a describe(): a test PKI and an nginx serving `servers(pki)`, started before the suite's
 * tests and removed after them. Read `pki` and `nginx` from within the tests.
 */
export function useTlsNginx(servers: (pki: Pki) => NginxServer[]): { pki: Pki; nginx: TestNginx } {
  const suite = {} as { pki: Pki; nginx: TestNginx };
  before(async () => {
    suite.pki = makePki();
    suite.nginx = await startTestNginx(servers(suite.pki));
  });
  after(async () => {
    await suite.nginx?.stop();
    suite.pki?.remove();
  });
  return suite;
}
