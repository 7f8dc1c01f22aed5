// In-process HTTP servers on 127.0.0.1 with scripted delays, statuses and failures, for engine and
// end-to-end tests. Every server listens on an ephemeral port; close() drops all connections.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What to do with one request. */
export type Scripted =
  | { delayMs?: number; status?: number; body?: string | Buffer; headers?: Record<string, string> }
  | { action: 'reset'; delayMs?: number } // destroy the socket without a response
  | { action: 'hang' }; // never answer (for timeouts)

/** n = 0-based index of the request in arrival order. */
export type Script = (req: IncomingMessage, n: number) => Scripted;

export interface TestServer {
  url: URL;
  port: number;
  /** Requests received so far. */
  readonly received: number;
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** Paths of requests received (first 100,000). */
  readonly paths: string[];
  close(): Promise<void>;
}

const PATH_LOG_LIMIT = 100_000;

export async function startServer(script: Script = () => ({})): Promise<TestServer> {
  let received = 0;
  const paths: string[] = [];
  const respond = (req: IncomingMessage, res: ServerResponse, s: Scripted): void => {
    if ('action' in s) {
      if (s.action === 'reset') req.socket.destroy();
      return; // hang: nothing
    }
    res.writeHead(s.status ?? 200, { 'content-type': 'text/plain', ...s.headers });
    res.end(s.body ?? 'ok');
  };
  const server: Server = createServer((req, res) => {
    const n = received++;
    if (paths.length < PATH_LOG_LIMIT) paths.push(req.url ?? '');
    const s = script(req, n);
    req.resume();
    const delayMs = 'delayMs' in s ? (s.delayMs ?? 0) : 0;
    req.on('end', () => {
      if (delayMs > 0) setTimeout(() => respond(req, res, s), delayMs);
      else respond(req, res, s);
    });
  });
  server.keepAliveTimeout = 60_000;
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    port,
    get received() {
      return received;
    },
    get connections() {
      return connections;
    },
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A latency mix as serverProcess's `mix` table: [percent, delay ms] pairs adding up to 100; request n
 * waits table[(n · 37) mod 100] ms, so every 100 consecutive requests hold the mix exactly.
 */
export function mixTable(mix: readonly (readonly [percent: number, delayMs: number])[]): number[] {
  const table: number[] = [];
  for (const [pct, delay] of mix) for (let i = 0; i < pct; i++) table.push(delay);
  if (table.length !== 100) throw new Error(`latency mix must add up to 100 %, got ${table.length}`);
  return table;
}

/** A port on 127.0.0.1 with nothing listening (connection refused). */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * What a server in its own process does with each request (see serverProcess): `delay` answers
 * 200 "ok" (head and body together) `delayMs` after the request ends; `mix` after mixTable's delay;
 * `stall` freezes: with t = ms since the FIRST request arrived, a request arriving inside a stall
 * window [k·periodMs + offsetMs, k·periodMs + offsetMs + stallMs) is answered when that window ends,
 * any other at once; `headThenTail` writes a chunked head and "head" at once and "tail" `tailMs` later.
 */
export type ProcessBehaviour =
  | { delay: { delayMs: number } }
  | { mix: { table: number[] } }
  | { stall: { periodMs: number; stallMs: number; offsetMs: number } }
  | { headThenTail: { tailMs: number } };

const SERVER_PROCESS_SCRIPT = `
const http = require('node:http');
const b = JSON.parse(process.argv[1]);
let firstMs = null;
const stallDelay = () => {
  const now = performance.now();
  firstMs ??= now;
  const t = now - firstMs - b.stall.offsetMs;
  if (t < 0) return 0;
  const phase = t % b.stall.periodMs;
  return phase < b.stall.stallMs ? b.stall.stallMs - phase : 0;
};
const ok = (res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('ok'); };
let received = 0;
const server = http.createServer((req, res) => {
  if (req.url === '/__received') return void res.end(String(received));
  const n = received++;
  const delayMs = b.delay ? b.delay.delayMs : b.mix ? b.mix.table[(n * 37) % 100] : b.stall ? stallDelay() : 0;
  req.resume();
  req.on('end', () => {
    if (b.headThenTail) {
      res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
      res.write('head');
      setTimeout(() => res.end('tail'), b.headThenTail.tailMs);
    } else if (delayMs > 0) setTimeout(() => ok(res), delayMs);
    else ok(res);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

/**
 * An HTTP server on 127.0.0.1 in a process of its own, for truth tests that time the server: an
 * in-process server shares the generator's thread, so a pause of that thread (GC, a long loop
 * turn, the scheduler) makes the server itself late and the test blames the generator.
 * received(): the requests it has read (its own `/__received` question not counted).
 */
export async function serverProcess(
  behaviour: ProcessBehaviour,
): Promise<{ url: URL; received(): Promise<number>; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', SERVER_PROCESS_SCRIPT, JSON.stringify(behaviour)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const port = Number(line.toString().trim());
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    received: async () => Number(await (await fetch(`http://127.0.0.1:${port}/__received`)).text()),
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}
