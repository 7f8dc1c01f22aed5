// Runs this project's engine once (bench child process) and prints a JSON summary on stdout.
// Usage: node engine-runner.js '{"target":"http://127.0.0.1:8080/","pattern":"sustained",...}'
import { readFileSync } from 'node:fs';
import { runLoad } from '../src/engine/run.js';
import { NO_TLS_OPTIONS } from '../src/plan/transport-spec.js';
import type { LoadConfig } from '../src/config/types.js';
import { parseRunShard, WHOLE_RUN } from '../src/settings/run-shard.js';

interface Args {
  target: string;
  pattern: LoadConfig['pattern'];
  concurrency: number;
  rate: number | null;
  durationSeconds: number;
  workers: number;
  transport?: 'raw' | 'undici' | 'h2';
  /** PEM file to trust (the bench nginx's self-signed certificate). */
  caCert?: string;
  /** HTTP/2: connections the users' streams share. */
  connections?: number;
  /** Runner shard "i/n" (the distributed scenario); the whole run when absent. */
  shard?: string;
  /** Common start (epoch ms) of the runner shards. */
  startAtEpochMs?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const load: LoadConfig = {
  pattern: args.pattern,
  concurrency: args.concurrency,
  durationSeconds: args.durationSeconds,
  rate: args.rate,
  startRate: null,
  rampUpSeconds: 0,
  startConcurrency: 0,
  burst: null,
  thinkTimeMs: 0,
  warmUpSeconds: 1,
  timeoutMs: 10_000,
  workers: args.workers,
};
const expectStatus = Array.from({ length: 200 }, (_, i) => 200 + i);
const snapshot = await runLoad(
  {
    target: new URL(args.target),
    endpoints: [
      {
        name: 'root',
        method: 'GET',
        path: new URL(args.target).pathname,
        displayPath: new URL(args.target).pathname,
        headers: {},
        body: null,
        weight: 1,
        expectStatus,
      },
    ],
    load,
    runShard: args.shard ? (parseRunShard(args.shard) ?? WHOLE_RUN) : WHOLE_RUN,
  },
  {
    transport: {
      client: args.transport ?? 'raw',
      httpVersion: args.transport === 'h2' ? '2' : '1.1',
      connections: args.connections ?? 0,
      tls: { ...NO_TLS_OPTIONS, caPem: args.caCert ? readFileSync(args.caCert, 'utf8') : null },
    },
    startAtEpochMs: args.startAtEpochMs,
  },
);
const { counts, latency, throughputRps } = snapshot.overall;
process.stdout.write(
  JSON.stringify({
    requests: counts.requests,
    errors: counts.errors,
    errorKinds: counts.errorKinds,
    throughputRps,
    p50Ms: latency.percentileMs(50),
    p99Ms: latency.percentileMs(99),
    health: snapshot.health,
    startedAt: snapshot.startedAt,
  }) + '\n',
);
