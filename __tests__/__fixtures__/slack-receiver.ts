// A local Slack incoming-webhook receiver replying with a scripted list of statuses.
import { listen, readBody, type Listening } from './http-fake.js';

export interface SlackReply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface SlackReceiver extends Listening {
  /** The "webhook URL" (with a secret-looking path, as Slack's have). */
  webhookUrl: URL;
  received: Array<{ method: string; path: string; contentType: string | undefined; body: unknown }>;
}

export const SLACK_SECRET_PATH = '/services/T000/B000/very-secret-token';

export async function startSlackReceiver(replies: SlackReply[]): Promise<SlackReceiver> {
  const received: SlackReceiver['received'] = [];
  let i = 0;
  const srv = await listen(async (req, res) => {
    const raw = (await readBody(req)).toString('utf8');
    received.push({
      method: req.method ?? '',
      path: req.url ?? '',
      contentType: req.headers['content-type'],
      body: JSON.parse(raw),
    });
    const reply = replies[Math.min(i++, replies.length - 1)];
    res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
    res.end(reply.body ?? (reply.status === 200 ? 'ok' : 'error'));
  });
  return { ...srv, webhookUrl: new URL(SLACK_SECRET_PATH, srv.url), received };
}
