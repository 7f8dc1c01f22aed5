// A throw-away nginx on loopback for benchmarks: own prefix, one worker, no access log, a small
// static body at / and stub_status (request counter) at /nginx_status. With `tls`, the same server
// also listens over TLS on port + 1 (HTTP/1.1) and port + 2 (HTTP/2, ALPN h2) with a self-signed
// certificate made by openssl; the one request counter covers all three.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get as httpGet } from 'node:http';

export const STATUS_PATH = '/nginx_status';

export function ensureCommand(command: string, aptPackage: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
  } catch {
    console.log(`${command} missing: apt-get install -y ${aptPackage}`);
    execFileSync(
      'sh',
      [
        '-c',
        `(apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${aptPackage}`,
      ],
      {
        stdio: 'inherit',
      },
    );
  }
}

export interface Nginx {
  url: string;
  /** TLS listeners (startNginx with tls): HTTP/1.1 and HTTP/2, and the certificate to trust. */
  httpsUrl: string | null;
  h2Url: string | null;
  certPath: string | null;
  pid: number;
  requests(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * `workerConnections`: nginx's worker_connections (default: room for maxConnections and 100 more);
 * set it lower to see nginx at its connection limit (it closes idle keep-alive connections).
 */
export async function startNginx(
  port: number,
  maxConnections: number,
  tls = false,
  workerConnections = maxConnections + 100,
): Promise<Nginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'bench-nginx-'));
  mkdirSync(join(prefix, 'logs'));
  const cert = join(prefix, 'cert.pem');
  const key = join(prefix, 'key.pem');
  if (tls) {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-days',
        '2',
      ],
      { stdio: 'ignore' },
    );
  }
  const tlsListen = tls
    ? `listen 127.0.0.1:${port + 1} ssl backlog=16384 reuseport;
    listen 127.0.0.1:${port + 2} ssl http2 backlog=16384 reuseport;
    ssl_certificate ${cert}; ssl_certificate_key ${key}; ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:SSL:10m; http2_max_concurrent_streams 128;`
    : '';
  const conf = `
worker_processes 1;
worker_rlimit_nofile ${maxConnections * 2 + 100};
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections ${workerConnections}; multi_accept on; }
http {
  access_log off;
  default_type text/plain;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  server {
    listen 127.0.0.1:${port} backlog=16384 reuseport;
    ${tlsListen}
    location / { return 200 "hello, world\\n"; }
    location = ${STATUS_PATH} { stub_status; }
  }
}
`;
  const confPath = join(prefix, 'nginx.conf');
  writeFileSync(confPath, conf);
  const child: ChildProcess = spawn('nginx', ['-p', prefix, '-c', confPath], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/`;
  // each read on a connection of its own (agent: false → Connection: close): under a connection
  // limit nginx closes idle keep-alive connections, a pooled one included
  const requests = async (): Promise<number> => {
    const text = await new Promise<string>((resolve, reject) => {
      httpGet({ host: '127.0.0.1', port, path: STATUS_PATH, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve(body));
        res.on('error', reject);
      }).on('error', reject);
    });
    // "Active connections: 1 \nserver accepts handled requests\n 5 5 12 \n…"
    const numbers = text.split('\n')[2].trim().split(/\s+/).map(Number);
    return numbers[2];
  };
  for (let i = 0; i < 100; i++) {
    try {
      await requests();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    httpsUrl: tls ? `https://localhost:${port + 1}/` : null,
    h2Url: tls ? `https://localhost:${port + 2}/` : null,
    certPath: tls ? cert : null,
    pid: child.pid ?? 0,
    requests,
    stop: async () => {
      child.kill('SIGQUIT');
      await new Promise((r) => child.once('exit', r));
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
