// npm run bench:connections — 10,000 users for 10 s against an nginx with worker_connections 4096
// (it cannot hold them: it closes idle keep-alive connections to make room), through the CLI as a
// user runs it. Prints the CLI's verdict and Connections lines and the results.json connections
// section, beside nginx's own request count. Heavy: run it under `flock /tmp/heavy.lock`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCommand, startNginx } from './nginx.js';

const USERS = Number(process.env.USERS ?? 10_000);
const WORKER_CONNECTIONS = Number(process.env.WORKER_CONNECTIONS ?? 4096);
const SECONDS = Number(process.env.SECONDS_ ?? 10);
const PORT = 18_900;

ensureCommand('nginx', 'nginx');
const dir = mkdtempSync(join(tmpdir(), 'bench-connections-'));
const config = join(dir, 'performance_config.yml');
writeFileSync(config, 'thresholds:\n  latency: { p95: 1000 }\n  error_rate: 1\n');
const nginx = await startNginx(PORT, USERS, false, WORKER_CONNECTIONS);
try {
  const before = await nginx.requests();
  const cli = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli.ts',
      'run',
      '--target',
      nginx.url,
      '--config',
      config,
      '--concurrency',
      String(USERS),
      '--duration',
      `${SECONDS}s`,
      '--results',
      dir,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const servedDuring = (await nginx.requests()) - before - 1;
  const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
    verdict: string;
    totals: { requests: number; errors: number };
    connections: Record<string, unknown>;
  };
  const { timeline, connectTimeHistogram, ...connections } = results.connections;
  const shown = cli.stdout.split('\n').filter((l) => /^(Verdict|Requests|Connections):/.test(l));
  console.log(
    `## ${USERS.toLocaleString('en')} users, nginx worker_connections ${WORKER_CONNECTIONS}, ${SECONDS} s`,
  );
  console.log(`exit code ${cli.status}; nginx served ${servedDuring.toLocaleString('en')} requests`);
  console.log('```');
  for (const l of shown) console.log(l);
  console.log('```');
  console.log('results.json connections (without timeline and histogram):');
  console.log('```json');
  console.log(JSON.stringify(connections));
  console.log('```');
  void timeline;
  void connectTimeHistogram;
  if (cli.status === null || shown.length === 0) console.error(cli.stderr);
} finally {
  await nginx.stop();
  rmSync(dir, { recursive: true, force: true });
}
