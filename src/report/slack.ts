// Slack incoming-webhook notification (Block Kit). The webhook URL is a secret: never printed.
import { formatNumber, formatValue } from '../format.js';
import { transportNotes } from './transport-notes.js';
import type { RunReport } from './types.js';
import type { SlackWhen } from '../settings/types.js';
import { SLACK_TIMEOUT_MS } from './names.js';
import { httpRequest } from './http.js';
import { VERDICT_ICON, clip } from './format.js';

/** Slack mrkdwn escaping (&, <, >) — everything else is displayed literally. */
function mrk(s: string, max = 300): string {
  return clip(s, max).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const MAX_BREACH_SECTIONS = 20;

export function renderSlackPayload(report: RunReport): { text: string; blocks: unknown[] } {
  const title = `${VERDICT_ICON[report.verdict]} Load test ${report.verdict.toUpperCase()}: ${clip(report.environment, 60)}`;
  const breached = report.slos.filter((s) => s.passed === false);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(title, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: mrk(report.reason, 2000) } },
    ...breached.slice(0, MAX_BREACH_SECTIONS).map((s) => ({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${mrk(s.name)}* — actual ${formatValue(s.actual, s.unit)} vs limit ${s.bound === 'max' ? '≤' : '≥'} ${formatValue(s.limit, s.unit)}`,
      },
    })),
  ];
  if (breached.length > MAX_BREACH_SECTIONS) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `…and ${breached.length - MAX_BREACH_SECTIONS} more breached SLOs` },
    });
  }
  const l = report.latencyMs;
  blocks.push({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: `p50 ${formatValue(l.p50, 'ms')} · p95 ${formatValue(l.p95, 'ms')} · p99 ${formatValue(l.p99, 'ms')} · errors ${formatValue(report.totals.errorRatePercent, '%')} · ${formatNumber(report.totals.throughputRps)} req/s · rollback: ${report.rollback ? 'yes' : 'no'}`,
    },
  });
  const notes = transportNotes(report);
  if (notes.length > 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Transport:* ${notes.map((n) => mrk(n)).join(' · ')}` },
    });
  }
  const ctx = [`*Environment:* ${mrk(report.environment, 100)}`, `*Target:* ${mrk(report.target)}`];
  if (report.stage !== null) ctx.push(`*Stage:* ${mrk(report.stage, 100)}`);
  if (report.run.runUrl)
    ctx.push(`<${encodeURI(report.run.runUrl).replace(/[|>]/g, encodeURIComponent)}|Workflow run>`);
  blocks.push({ type: 'context', elements: ctx.map((text) => ({ type: 'mrkdwn', text })) });
  return { text: mrk(`${title} — ${report.reason}`, 500), blocks };
}

/** Whether settings.slack.when asks for a message for this verdict. */
export function shouldNotifySlack(report: RunReport, when: SlackWhen): boolean {
  return when === 'always' || (when === 'failure' && report.verdict !== 'pass');
}

export interface SlackDeps {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  maxTries?: number;
  baseDelayMs?: number;
}

/**
 * POST the payload through the reporters' HTTP client (retries on 429 / 5xx). The webhook URL is
 * the secret: it is in no message.
 */
export async function sendSlack(
  payload: unknown,
  webhookUrl: URL,
  deps: SlackDeps = {},
): Promise<{ attempts: number }> {
  const { attempts } = await httpRequest(
    {
      method: 'POST',
      url: webhookUrl,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    },
    {
      fetch: deps.fetch ?? fetch,
      what: 'Slack webhook',
      timeoutMs: SLACK_TIMEOUT_MS,
      secrets: [webhookUrl.href, webhookUrl.pathname, webhookUrl.search],
      maxTries: deps.maxTries,
      baseDelayMs: deps.baseDelayMs,
      sleep: deps.sleep,
    },
  );
  return { attempts };
}
