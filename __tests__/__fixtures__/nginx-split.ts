// nginx on loopback as a weighted traffic splitter between two upstreams (v1, v2), for the
// progressive-rollout test: its own prefix, one worker, no daemon. set-weight.sh W rewrites the
// split (nginx's smooth weighted round robin: exactly W of every 100 requests go to v2 with one
// worker) and reloads nginx — the shell command a rollout's shift and rollback commands run.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForPort } from './nginx-tls.js';

export interface NginxSplitter {
  url: string;
  /** Path of the shell script: `sh <script> <weight>`. */
  script: string;
  /** The weight the running nginx applies (GET /__split), for waiting until a reload is live. */
  liveWeight(): Promise<string>;
  /** nginx worker processes alive: after a reload the old one keeps accepting until it has exited. */
  workerCount(): number;
  stop(): Promise<void>;
}

export async function startSplitter(port: number, v1Port: number, v2Port: number): Promise<NginxSplitter> {
  const prefix = mkdtempSync(join(tmpdir(), 'slo-nginx-split-'));
  mkdirSync(join(prefix, 'logs'));
  const conf = join(prefix, 'nginx.conf');
  const split = join(prefix, 'split.conf');
  const script = join(prefix, 'set-weight.sh');
  writeFileSync(
    script,
    `#!/bin/sh
# set-weight.sh W: W % of requests to v2, the rest to v1; then reload nginx.
set -eu
w=$1
case $w in ''|*[!0-9]*) echo "set-weight.sh: expected a weight 0-100, got '$w'" >&2; exit 2;; esac
v1="server 127.0.0.1:${v1Port} max_fails=0"
v2="server 127.0.0.1:${v2Port} max_fails=0"
if [ "$w" -eq 0 ]; then servers="$v1;"
elif [ "$w" -ge 100 ]; then servers="$v2;"
else servers="$v1 weight=$((100 - w)); $v2 weight=$w;"
fi
printf 'upstream app { %s keepalive 16; }\\nmap "" $split_weight { default %s; }\\n' "$servers" "$w" > ${split}.new
mv ${split}.new ${split}
nginx -p ${prefix} -c ${conf} -s reload
echo "split: $w % to v2"
`,
  );
  chmodSync(script, 0o755);
  writeFileSync(
    conf,
    `
worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  include ${split};
  server {
    listen 127.0.0.1:${port};
    location = /__split { return 200 "$split_weight"; }
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_next_upstream off;
    }
  }
}
`,
  );
  // Start at 0 % on v2 (no reload: nginx is not running yet).
  writeFileSync(
    split,
    `upstream app { server 127.0.0.1:${v1Port} max_fails=0; keepalive 16; }\nmap "" $split_weight { default 0; }\n`,
  );
  const child = spawn('nginx', ['-p', prefix, '-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
  let running = true;
  const exited = new Promise((resolve) => child.once('exit', resolve)).then(() => (running = false));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForPort('127.0.0.1', port, () => running);
  } catch (error) {
    child.kill('SIGKILL');
    const log = join(prefix, 'logs', 'error.log');
    throw new Error(
      `${(error as Error).message}; nginx error log: ${existsSync(log) ? readFileSync(log, 'utf8') : 'none'}`,
    );
  }
  return {
    url,
    script,
    liveWeight: async () => (await fetch(`${url}/__split`, { headers: { connection: 'close' } })).text(),
    workerCount: () => {
      const children = `/proc/${child.pid}/task/${child.pid}/children`;
      return existsSync(children)
        ? readFileSync(children, 'utf8').trim().split(/\s+/).filter(Boolean).length
        : 0;
    },
    stop: async () => {
      child.kill('SIGQUIT');
      await exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
