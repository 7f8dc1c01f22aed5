// Slack: Block Kit payload, when-policy, retries with backoff honouring Retry-After, URL never shown.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSlackReceiver, SLACK_SECRET_PATH, type SlackReceiver } from '../__fixtures__/slack-receiver.js';
import { failReport, nastyReport, passReport } from '../__fixtures__/report-fixtures.js';
import { renderSlackPayload, sendSlack, shouldNotifySlack } from '../../src/report/slack.js';

describe('renderSlackPayload', () => {
  it('has a header with the verdict, one section per breach, and a context with the run link', () => {
    const p = renderSlackPayload(failReport) as {
      blocks: Array<{ type: string; text?: { text: string }; elements?: Array<{ text: string }> }>;
    };
    assert.equal(p.blocks[0].type, 'header');
    assert.equal(p.blocks[0].text?.text, '❌ Load test FAIL: production');
    const breaches = p.blocks.filter((b) => b.text?.text.includes(' vs limit '));
    assert.deepEqual(
      breaches.map((b) => b.text?.text),
      [
        '*p95 &lt; 250ms* — actual 310.5 ms vs limit ≤ 250 ms',
        '*error_rate &lt; 0.5%* — actual 1.5% vs limit ≤ 0.5%',
      ],
    );
    const ctx = p.blocks.at(-1);
    assert.equal(ctx?.type, 'context');
    assert.deepEqual(
      ctx?.elements?.map((e) => e.text),
      [
        '*Environment:* production',
        '*Target:* https://staging.example.com/api',
        '*Stage:* canary-25',
        '<https://github.com/acme/shop/actions/runs/987654|Workflow run>',
      ],
    );
  });
  it('escapes Slack control characters in user data', () => {
    const p = renderSlackPayload(nastyReport);
    // plain_text (the header) is shown literally; mrkdwn text and the fallback must be escaped.
    const mrkdwn = JSON.stringify([
      p.text,
      ...p.blocks.filter((b) => (b as { type: string }).type !== 'header'),
    ]);
    assert.ok(!mrkdwn.includes('<script>') && mrkdwn.includes('&lt;script&gt;'));
  });
});

describe('shouldNotifySlack', () => {
  const cases: Array<[string, typeof passReport, 'always' | 'failure' | 'never', boolean]> = [
    ['always + pass', passReport, 'always', true],
    ['failure + pass', passReport, 'failure', false],
    ['failure + fail', failReport, 'failure', true],
    ['failure + inconclusive', nastyReport, 'failure', true],
    ['never + fail', failReport, 'never', false],
  ];
  for (const [name, r, when, expected] of cases)
    it(name, () => assert.equal(shouldNotifySlack(r, when), expected));
});

describe('sendSlack against a local receiver', () => {
  const receivers: SlackReceiver[] = [];
  after(() => Promise.all(receivers.map((r) => r.close())));

  it('retries 429 (Retry-After) then 500 (backoff) and succeeds on the third try', async () => {
    const rx = await startSlackReceiver([
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 500 },
      { status: 200 },
    ]);
    receivers.push(rx);
    const delays: number[] = [];
    const payload = renderSlackPayload(failReport);
    const res = await sendSlack(payload, rx.webhookUrl, {
      sleep: async (ms) => void delays.push(ms),
      baseDelayMs: 100,
    });
    assert.equal(res.attempts, 3);
    assert.deepEqual(delays, [2000, 200]);
    assert.equal(rx.received.length, 3);
    for (const r of rx.received) {
      assert.equal(r.method, 'POST');
      assert.equal(r.path, SLACK_SECRET_PATH);
      assert.equal(r.contentType, 'application/json');
      assert.deepEqual(r.body, payload);
    }
  });

  it('gives up after 3 tries with an error that does not contain the webhook URL', async () => {
    const rx = await startSlackReceiver([{ status: 503, body: 'busy' }]);
    receivers.push(rx);
    const err = await sendSlack({ text: 'x' }, rx.webhookUrl, { sleep: async () => {} }).catch(
      (e: Error) => e,
    );
    assert.ok(err instanceof Error);
    assert.equal(err.message, 'Slack webhook failed: HTTP 503 (busy)');
    assert.equal(rx.received.length, 3);
  });

  it('does not retry a 4xx other than 429', async () => {
    const rx = await startSlackReceiver([{ status: 404, body: 'no_service' }]);
    receivers.push(rx);
    const err = await sendSlack({ text: 'x' }, rx.webhookUrl, { sleep: async () => {} }).catch(
      (e: Error) => e,
    );
    assert.equal((err as Error).message, 'Slack webhook failed: HTTP 404 (no_service)');
    assert.equal(rx.received.length, 1);
  });

  it('reports a connection failure without the URL', async () => {
    const rx = await startSlackReceiver([{ status: 200 }]);
    const url = rx.webhookUrl;
    await rx.close();
    const err = (await sendSlack({ text: 'x' }, url).catch((e: Error) => e)) as Error;
    assert.equal(err.message, 'Slack webhook failed: ECONNREFUSED');
    assert.ok(!err.message.includes(SLACK_SECRET_PATH) && !err.message.includes(url.host));
  });
});
