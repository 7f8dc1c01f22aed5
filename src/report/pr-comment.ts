// Sticky PR comment: one per workflow and target, found by a hidden marker, updated in place.
import type { RunReport } from './types.js';
import { NO_HISTORY, type History } from './history.js';
import { renderTrend } from './trend.js';
import { httpRequest } from './http.js';
import {
  COMMENT_MARKER_PREFIX,
  GITHUB_API_TIMEOUT_MS,
  GITHUB_API_VERSION,
  MAX_COMMENT_CHARS,
} from './names.js';
import {
  contextLine,
  calibrationLine,
  generatorLine,
  linksLine,
  sloTable,
  totalsTable,
  verdictBanner,
  endpointTable,
} from './tables.js';
import { partsLine, partsTable } from './parts.js';

const PR_ENDPOINT_ROWS = 20;

/** The hidden marker; workflow and target are URI-encoded so they cannot close the comment. */
export function commentMarker(report: RunReport): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/-/g, '%2D');
  return `<!-- ${COMMENT_MARKER_PREFIX}:${enc(report.run.workflow ?? 'local')}:${enc(report.target)} -->`;
}

export function renderPrComment(
  report: RunReport,
  history: History = NO_HISTORY,
  artifactUrl: string | null = null,
): string {
  const parts = [
    commentMarker(report),
    verdictBanner(report),
    contextLine(report),
    '### Service level objectives',
    sloTable(report, 50),
    '### Totals',
    totalsTable(report),
    partsTable(report),
    partsLine(report),
  ];
  parts.push(renderTrend(report, history));
  parts.push(
    '<details><summary>Endpoints</summary>\n',
    endpointTable(report, PR_ENDPOINT_ROWS),
    '</details>',
  );
  parts.push(generatorLine(report), calibrationLine(report), linksLine(report, artifactUrl));
  const body = parts.filter((p) => p !== '').join('\n\n') + '\n';
  return body.length <= MAX_COMMENT_CHARS
    ? body
    : `${body.slice(0, MAX_COMMENT_CHARS)}\n\n_…truncated: see the report artifact._\n`;
}

export interface CommentTarget {
  apiUrl: string;
  token: string;
  /** owner/name */
  repository: string;
  pullRequest: number;
}

export interface GithubDeps {
  fetch?: typeof fetch;
  /** Retry sleep (tests). */
  sleep?: (ms: number) => Promise<void>;
}

/** Create the sticky comment or update it in place (REST, through the reporters' HTTP client). */
export async function upsertPrComment(
  target: CommentTarget,
  marker: string,
  body: string,
  deps: GithubDeps = {},
): Promise<{ action: 'created' | 'updated'; id: number; url: string }> {
  const api = target.apiUrl.replace(/\/+$/, '');
  const headers = {
    authorization: `Bearer ${target.token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': GITHUB_API_VERSION,
    'content-type': 'application/json',
  };
  const call = async (method: string, url: string, payload?: unknown): Promise<Response> =>
    (
      await httpRequest(
        { method, url, headers, body: payload === undefined ? undefined : JSON.stringify(payload) },
        {
          fetch: deps.fetch ?? fetch,
          what: `GitHub API ${method} ${new URL(url).pathname}`,
          timeoutMs: GITHUB_API_TIMEOUT_MS,
          secrets: [target.token],
          sleep: deps.sleep,
          // a retried POST could post the comment twice
          idempotent: method !== 'POST',
        },
      )
    ).response;
  let next: string | null =
    `${api}/repos/${target.repository}/issues/${target.pullRequest}/comments?per_page=100`;
  let existing: { id: number } | null = null;
  for (let page = 0; next && page < 50 && !existing; page++) {
    const res = await call('GET', next);
    const comments = (await res.json()) as Array<{ id: number; body?: string }>;
    existing = comments.find((c) => c.body?.includes(marker)) ?? null;
    next = nextLink(res.headers.get('link'));
  }
  if (existing) {
    const res = await call('PATCH', `${api}/repos/${target.repository}/issues/comments/${existing.id}`, {
      body,
    });
    const c = (await res.json()) as { id: number; html_url: string };
    return { action: 'updated', id: c.id, url: c.html_url };
  }
  const res = await call('POST', `${api}/repos/${target.repository}/issues/${target.pullRequest}/comments`, {
    body,
  });
  const c = (await res.json()) as { id: number; html_url: string };
  return { action: 'created', id: c.id, url: c.html_url };
}

export function nextLink(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1];
  }
  return null;
}
