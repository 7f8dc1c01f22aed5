// The reporters' HTTP client (src/report/http.ts) against a scripted server on loopback: which
// statuses are retried, how long it waits, and that no secret survives in a message.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { listen, type Listening } from '../__fixtures__/http-fake.js';
import { httpRequest, type HttpClientOptions } from '../../src/report/http.js';

const SECRET = 's3cr3t-t0ken';

/** A server answering the scripted statuses in turn (the last one repeats). */
async function scripted(
  replies: Array<{ status: number; body?: string; headers?: Record<string, string>; delayMs?: number }>,
): Promise<Listening & { methods: string[] }> {
  const methods: string[] = [];
  const server = await listen(async (req, res) => {
    const reply = replies[Math.min(methods.length, replies.length - 1)]!;
    methods.push(req.method!);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    res.writeHead(reply.status, reply.headers).end(reply.body ?? '');
  });
  return Object.assign(server, { methods });
}

describe('httpRequest', () => {
  const servers: Listening[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));
  const options = (delays: number[], over: Partial<HttpClientOptions> = {}): HttpClientOptions => ({
    fetch,
    what: 'Test service',
    timeoutMs: 2000,
    secrets: [SECRET],
    baseDelayMs: 100,
    sleep: async (ms) => void delays.push(ms),
    ...over,
  });

  const cases: Array<{
    name: string;
    replies: Parameters<typeof scripted>[0];
    method?: string;
    over?: Partial<HttpClientOptions>;
    attempts: number;
    delays: number[];
    error?: string;
  }> = [
    { name: '200 at once', replies: [{ status: 200 }], attempts: 1, delays: [] },
    {
      name: '503, 502, then 200: exponential backoff',
      replies: [{ status: 503 }, { status: 502 }, { status: 200 }],
      attempts: 3,
      delays: [100, 200],
    },
    {
      name: '429 with Retry-After seconds, then 200',
      replies: [{ status: 429, headers: { 'retry-after': '3' } }, { status: 200 }],
      attempts: 2,
      delays: [3000],
    },
    {
      name: '429 with a Retry-After beyond the cap waits the cap (30 s)',
      replies: [{ status: 429, headers: { 'retry-after': '3600' } }, { status: 200 }],
      attempts: 2,
      delays: [30_000],
    },
    {
      name: '5xx three times: gives up with the last status and body',
      replies: [{ status: 500, body: 'down\n for   maintenance' }],
      attempts: 3,
      delays: [100, 200],
      error: 'Test service failed: HTTP 500 (down for maintenance)',
    },
    {
      name: 'a 4xx other than 429 is not retried',
      replies: [{ status: 404, body: 'no such thing' }],
      attempts: 1,
      delays: [],
      error: 'Test service failed: HTTP 404 (no such thing)',
    },
    {
      name: 'a non-idempotent call is not retried on 5xx',
      replies: [{ status: 502 }, { status: 200 }],
      method: 'POST',
      over: { idempotent: false },
      attempts: 1,
      delays: [],
      error: 'Test service failed: HTTP 502',
    },
    {
      name: 'a non-idempotent call is retried on 429 (nothing was done)',
      replies: [{ status: 429 }, { status: 201 }],
      method: 'POST',
      over: { idempotent: false },
      attempts: 2,
      delays: [100],
    },
    {
      name: 'a server echoing the secret: redacted, also where the body is cut',
      replies: [{ status: 401, body: `${'x'.repeat(190)} token ${SECRET} rejected` }],
      attempts: 1,
      delays: [],
      error: `Test service failed: HTTP 401 (${'x'.repeat(190)} token **…)`,
    },
    {
      name: 'maxTries 1: no retry',
      replies: [{ status: 503 }],
      over: { maxTries: 1 },
      attempts: 1,
      delays: [],
      error: 'Test service failed: HTTP 503',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const server = await scripted(c.replies);
      servers.push(server);
      const delays: number[] = [];
      const result = await httpRequest(
        { method: c.method ?? 'GET', url: server.url },
        options(delays, c.over),
      ).catch((e: Error) => e);
      if (c.error === undefined) {
        assert.ok(!(result instanceof Error), String(result));
        assert.equal(result.attempts, c.attempts);
      } else {
        assert.ok(result instanceof Error);
        assert.equal(result.message, c.error);
      }
      assert.equal(server.methods.length, c.attempts);
      assert.deepEqual(delays, c.delays);
    });
  }

  it('a timeout is named, per attempt', async () => {
    const server = await scripted([{ status: 200, delayMs: 500 }]);
    servers.push(server);
    const delays: number[] = [];
    const err = await httpRequest(
      { method: 'GET', url: server.url },
      options(delays, { timeoutMs: 50 }),
    ).catch((e: Error) => e);
    assert.equal((err as Error).message, 'Test service failed: TimeoutError');
  });

  it('a refused connection names the code, never the URL or a secret in it', async () => {
    const server = await scripted([{ status: 200 }]);
    const url = new URL(`/hooks/${SECRET}`, server.url);
    await server.close();
    const err = await httpRequest({ method: 'GET', url }, options([], { secrets: [url.href, SECRET] })).catch(
      (e: Error) => e,
    );
    assert.equal((err as Error).message, 'Test service failed: ECONNREFUSED');
  });
});
