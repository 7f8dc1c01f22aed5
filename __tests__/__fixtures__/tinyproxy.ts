// tinyproxy on loopback for proxy tests: its own config file and port, in the foreground (-d),
// its log counting the requests and CONNECT tunnels it carried.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TinyProxy {
  url: string;
  /** CONNECT tunnels (https targets) and forwarded requests (http targets) logged so far. */
  connects(): number;
  requests(): number;
  stop(): Promise<void>;
}

export async function startTinyproxy(port: number): Promise<TinyProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'slo-tinyproxy-'));
  const log = join(dir, 'tinyproxy.log');
  writeFileSync(
    join(dir, 'tinyproxy.conf'),
    [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Timeout 60',
      'MaxClients 500',
      'LogLevel Connect',
      `LogFile "${log}"`,
      'Allow 127.0.0.1',
      '',
    ].join('\n'),
  );
  writeFileSync(log, '');
  const child = spawn('tinyproxy', ['-d', '-c', join(dir, 'tinyproxy.conf')], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (open) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const count = (re: RegExp): number =>
    readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => re.test(l)).length;
  return {
    url: `http://127.0.0.1:${port}`,
    connects: () => count(/Request \(file descriptor \d+\): CONNECT /),
    requests: () => count(/Request \(file descriptor \d+\): (GET|POST|HEAD) /),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
