// Broken servers on 127.0.0.1 for the fault matrix: raw TCP servers that read each request's head
// and then misbehave in one scripted way (reset, half a body, bytes that are not HTTP, a drip, an
// endless body), and a target process that can die and start again on the same port.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface FaultServer {
  url: URL;
  port: number;
  /** Request heads read so far. */
  readonly requests: number;
  /** Response bytes written to sockets so far (the endless body counts here). */
  readonly bytesWritten: number;
  close(): Promise<void>;
}

/** What the server does once a request's head (up to the blank line) has arrived. */
export type Misbehave = (socket: Socket, written: (bytes: number) => void) => void;

export async function faultServer(misbehave: Misbehave, port = 0): Promise<FaultServer> {
  let requests = 0;
  let bytesWritten = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let head = '';
    socket.on('data', (data: Buffer) => {
      head += data.toString('latin1');
      // GET requests without a body: each blank line ends one request
      for (let end = head.indexOf('\r\n\r\n'); end >= 0; end = head.indexOf('\r\n\r\n')) {
        head = head.slice(end + 4);
        requests++;
        misbehave(socket, (n) => (bytesWritten += n));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: new URL(`http://127.0.0.1:${bound}`),
    port: bound,
    get requests() {
      return requests;
    },
    get bytesWritten() {
      return bytesWritten;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** RST after reading the request head: no response byte. */
export const resetAfterHead: Misbehave = (socket) => socket.resetAndDestroy();

/** A response head announcing `declared` body bytes, `sent` of them, then the connection closed. */
export function closeMidBody(declared: number, sent: number): Misbehave {
  return (socket, written) => {
    const bytes = `HTTP/1.1 200 OK\r\ncontent-length: ${declared}\r\n\r\n${'x'.repeat(sent)}`;
    written(bytes.length);
    socket.end(bytes);
  };
}

/** Answers with these bytes and closes: not HTTP. */
export function notHttp(bytes: string): Misbehave {
  return (socket, written) => {
    written(bytes.length);
    socket.end(bytes);
  };
}

/** A response head for `total` body bytes, then one body byte every `intervalMs`. */
export function drip(total: number, intervalMs: number): Misbehave {
  return (socket, written) => {
    socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${total}\r\n\r\n`);
    let sent = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || sent === total) return clearInterval(timer);
      socket.write('x');
      written(1);
      sent++;
    }, intervalMs);
    socket.on('close', () => clearInterval(timer));
  };
}

/** A `total`-byte body streamed in 1 MiB writes as fast as the socket drains (never held whole). */
export function hugeBody(total: number): Misbehave {
  const chunk = Buffer.alloc(1 << 20, 'x');
  return (socket, written) => {
    socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${total}\r\n\r\n`);
    let left = total;
    const pump = (): void => {
      while (left > 0 && !socket.destroyed) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        written(piece.length);
        if (!socket.write(piece)) return void socket.once('drain', pump);
      }
    };
    pump();
  };
}

/**
 * A target in its own process that can die (SIGKILL: listener and connections gone at once, as a
 * crashed service) and start again on the same port. It answers each request head with 200 "ok",
 * keep-alive.
 */
export interface Restartable {
  url: URL;
  /**
   * Epoch ms of each death and each start, in order. A stop() death is the instant of the SIGKILL
   * (the kernel drops the listener then); `exitSeenAtMs` is when this process saw the exit, so
   * exitSeenAtMs − stoppedAtMs bounds how late the death can have been. A start is the instant the
   * new process's listen() completed, by its own clock (not when this process read its port, which
   * a busy event loop can delay).
   */
  readonly events: { stoppedAtMs: number[]; exitSeenAtMs: number[]; startedAtMs: number[] };
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const TARGET_SCRIPT = `
const net = require('node:net');
const dieAfter = Number(process.argv[2]);
let requests = 0;
const ok = 'HTTP/1.1 200 OK\\r\\ncontent-length: 2\\r\\n\\r\\nok';
const server = net.createServer((socket) => {
  socket.on('error', () => {});
  let head = '';
  socket.on('data', (d) => {
    head += d.toString('latin1');
    for (let end = head.indexOf('\\r\\n\\r\\n'); end >= 0; end = head.indexOf('\\r\\n\\r\\n')) {
      head = head.slice(end + 4);
      if (++requests === dieAfter) process.exit(1); // crash: the kernel drops the listener and every connection
      socket.write(ok);
    }
  });
});
server.listen(Number(process.argv[1]), '127.0.0.1', () => console.log(server.address().port, Date.now()));
`;

/**
 * `crash`: the process dies by itself on its `afterRequests`-th request and the fixture starts a
 * new one `downMs` later (for a load whose start time the test does not control: the CLI's).
 */
export async function restartableServer(
  crash: { afterRequests: number; downMs: number } | null = null,
): Promise<Restartable> {
  const events = { stoppedAtMs: [] as number[], exitSeenAtMs: [] as number[], startedAtMs: [] as number[] };
  let child: ChildProcess | null = null;
  let restart: NodeJS.Timeout | undefined;
  let port = 0;
  /** Starts the process; resolves with the epoch ms at which it listened. */
  const listen = async (): Promise<number> => {
    const first = events.startedAtMs.length === 0 && events.stoppedAtMs.length === 0;
    const dieAfter = crash !== null && first ? crash.afterRequests : 0;
    const c = spawn(process.execPath, ['-e', TARGET_SCRIPT, String(port), String(dieAfter)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child = c;
    if (dieAfter > 0) {
      c.once('exit', () => {
        if (child !== c) return;
        child = null;
        events.stoppedAtMs.push(Date.now());
        events.exitSeenAtMs.push(Date.now());
        restart = setTimeout(() => void listen().then((at) => events.startedAtMs.push(at)), crash!.downMs);
      });
    }
    const [line] = (await once(c.stdout!, 'data')) as [Buffer];
    const [bound, listenedAt] = line.toString().trim().split(' ').map(Number);
    port = bound!;
    return listenedAt!;
  };
  const stop = async (): Promise<void> => {
    const c = child;
    if (c === null) return;
    child = null;
    const exited = once(c, 'exit');
    const killedAt = Date.now();
    c.kill('SIGKILL');
    await exited;
    events.stoppedAtMs.push(killedAt);
    events.exitSeenAtMs.push(Date.now());
  };
  await listen();
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    events,
    stop,
    async start() {
      events.startedAtMs.push(await listen());
    },
    close: () => {
      clearTimeout(restart);
      return stop();
    },
  };
}

/**
 * A target that never completes a TCP handshake, on loopback: a process that listens with a
 * backlog of 1 and then blocks its only thread, so it never accepts. Once `fill` has queued the
 * connections its accept queue holds, the kernel drops every further SYN: a connect hangs.
 */
export interface Unanswered {
  url: URL;
  close(): Promise<void>;
}

const UNACCEPTING_SCRIPT = `
const server = require('node:net').createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  process.stdout.write(server.address().port + '\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // never accept
});
`;

export async function unansweredConnects(): Promise<Unanswered> {
  const child = spawn(process.execPath, ['-e', UNACCEPTING_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const port = Number(line.toString().trim());
  // fill the accept queue (backlog + 1 on Linux) and then some; these never get an answer either
  const fillers: Socket[] = [];
  for (let i = 0; i < 4; i++) {
    const s = connect({ host: '127.0.0.1', port });
    s.on('error', () => {});
    fillers.push(s);
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    close: async () => {
      for (const s of fillers) s.destroy();
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}
