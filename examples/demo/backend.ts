// A small demo backend with realistic, varied latencies, for `npm run demo` and the examples.
// `degraded: true` makes it slow and flaky, to show what a breach looks like.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Route {
  /** Latency range in ms (uniform), healthy. */
  minMs: number;
  maxMs: number;
  body: string;
  status?: number;
}

const ROUTES: Record<string, Route> = {
  'GET /health': { minMs: 0, maxMs: 1, body: '{"status":"ok"}' },
  'GET /api/products': {
    minMs: 5,
    maxMs: 20,
    body: JSON.stringify([
      { id: 42, name: 'lamp' },
      { id: 7, name: 'desk' },
    ]),
  },
  'GET /api/products/42': { minMs: 10, maxMs: 40, body: '{"id":42,"name":"lamp","price":19.9}' },
  'POST /api/orders': { minMs: 30, maxMs: 80, body: '{"order":"created"}', status: 201 },
};

export interface DemoBackend {
  url: string;
  close(): Promise<void>;
}

export interface DemoOptions {
  /** Ten times slower, and 5 % of requests answer 500. */
  degraded?: boolean;
  /** Deterministic random source (tests). */
  random?: () => number;
}

export async function startDemoBackend(options: DemoOptions = {}): Promise<DemoBackend> {
  const random = options.random ?? Math.random;
  const slow = options.degraded ? 10 : 1;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const route = ROUTES[`${req.method} ${(req.url ?? '/').split('?')[0]}`];
    req.resume();
    req.on('end', () => {
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      const delayMs = (route.minMs + random() * (route.maxMs - route.minMs)) * slow;
      const failed = options.degraded === true && random() < 0.05;
      setTimeout(() => {
        res.writeHead(failed ? 500 : (route.status ?? 200), { 'content-type': 'application/json' });
        res.end(failed ? '{"error":"overloaded"}' : route.body);
      }, delayMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
