// Starts a real prometheus-pushgateway on a free loopback port, without persistence.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const PUSHGATEWAY_BIN = process.env.PUSHGATEWAY_BIN ?? '/usr/bin/prometheus-pushgateway';

export interface Pushgateway {
  url: URL;
  stop(): Promise<void>;
  output(): string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startPushgateway(timeoutMs = 10_000): Promise<Pushgateway> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    PUSHGATEWAY_BIN,
    [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file=', '--log.level=warn'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  const url = new URL(`http://127.0.0.1:${port}/`);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await Promise.race([fetch(new URL('-/ready', url)), spawnError]);
      if (res.ok) return { url, stop, output: () => log };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error(`${PUSHGATEWAY_BIN} not found: install prometheus-pushgateway`);
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`pushgateway did not become ready on port ${port}: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Parse the text exposition into "name{labels}" → value for the families we care about. */
export function scrape(text: string, prefix: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}
