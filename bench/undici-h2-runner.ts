// The undici side of the HTTP/2 comparison (bench scenario e): `connections` undici Clients with
// allowH2, users as concurrent streams spread over them round-robin, each user looping on
// dispatch() with a minimal handler (no allocation of its own per request) for `durationSeconds`.
// Prints {"requests","errors"} on stdout. Not part of src/: the engine uses node:http2 (it measured faster).
import { readFileSync } from 'node:fs';
import { Client, type Dispatcher } from 'undici';

interface Args {
  target: string;
  concurrency: number;
  connections: number;
  durationSeconds: number;
  caCert?: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const url = new URL(args.target);
const perConnection = Math.ceil(args.concurrency / args.connections);
const clients = Array.from(
  { length: args.connections },
  () =>
    new Client(url.origin, {
      allowH2: true,
      pipelining: perConnection,
      connect: { ca: args.caCert ? readFileSync(args.caCert, 'utf8') : undefined, ALPNProtocols: ['h2'] },
    }),
);
const endAt = performance.now() + args.durationSeconds * 1000;
let requests = 0;
let errors = 0;
let running = args.concurrency;
let finish!: () => void;
const done = new Promise<void>((resolve) => (finish = resolve));
const options: Dispatcher.DispatchOptions = { path: url.pathname, method: 'GET', headers: [] };

class User implements Dispatcher.DispatchHandler {
  constructor(private readonly client: Client) {}
  next(): void {
    if (performance.now() >= endAt) {
      if (--running === 0) finish();
      return;
    }
    this.client.dispatch(options, this);
  }
  onConnect(): void {}
  onHeaders(): boolean {
    return true;
  }
  onData(): boolean {
    return true;
  }
  onComplete(): void {
    requests++;
    this.next();
  }
  onError(): void {
    errors++;
    queueMicrotask(() => this.next());
  }
}

for (let i = 0; i < args.concurrency; i++) new User(clients[i % clients.length]!).next();
await done;
await Promise.all(clients.map((c) => c.close()));
process.stdout.write(JSON.stringify({ requests, errors }) + '\n');
