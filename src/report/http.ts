// The one HTTP client of the reporters (Pushgateway, Slack, GitHub): a timeout per attempt,
// retries with exponential backoff on 429 and 5xx (Retry-After honoured on 429, capped), and
// every message built here with the caller's secrets redacted — URLs, tokens, passwords never
// reach a log line, even when a server echoes them back.
import { clip } from './format.js';
import { HTTP_BASE_DELAY_MS, HTTP_MAX_RETRY_AFTER_MS, HTTP_MAX_TRIES } from './names.js';

export interface HttpClientOptions {
  fetch: typeof fetch;
  /** Names the call in messages: "<what> failed: HTTP 503 (busy)". */
  what: string;
  timeoutMs: number;
  /** Strings cut out of every message (replaced by ***). */
  secrets?: readonly string[];
  /** Attempts in all; 1 = no retry. */
  maxTries?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * false for a call that must not happen twice (a POST that creates): retried only on 429,
   * which the server answers before doing anything.
   */
  idempotent?: boolean;
}

export interface HttpRequest {
  method: string;
  url: string | URL;
  headers?: Record<string, string>;
  body?: string;
}

const BODY_IN_MESSAGE_CHARS = 200;

export function redactor(secrets: readonly string[]): (text: string) => string {
  const cut = secrets.filter((s) => s !== '').sort((a, b) => b.length - a.length);
  return (text) => cut.reduce((acc, s) => acc.split(s).join('***'), text);
}

/** Sends the request; resolves with the first 2xx/3xx response, else throws a redacted Error. */
export async function httpRequest(
  req: HttpRequest,
  o: HttpClientOptions,
): Promise<{ response: Response; attempts: number }> {
  const redact = redactor(o.secrets ?? []);
  const maxTries = o.maxTries ?? HTTP_MAX_TRIES;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last = '';
  for (let attempt = 1; attempt <= maxTries; attempt++) {
    let res: Response;
    try {
      res = await o.fetch(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: AbortSignal.timeout(o.timeoutMs),
      });
    } catch (e) {
      // undici's messages can carry the URL: report the cause's code (or the abort's name) only.
      const cause = (e as { cause?: { code?: string } }).cause;
      throw new Error(redact(`${o.what} failed: ${cause?.code ?? (e as Error).name ?? 'network error'}`));
    }
    if (res.ok) return { response: res, attempts: attempt };
    // redacted before it is cut, so no part of a secret survives at the cut
    const body = redact((await res.text().catch(() => '')).replace(/\s+/g, ' ').trim());
    last = `HTTP ${res.status}${body ? ` (${clip(body, BODY_IN_MESSAGE_CHARS)})` : ''}`;
    const retryable = res.status === 429 || (res.status >= 500 && o.idempotent !== false);
    if (!retryable || attempt === maxTries) break;
    await sleep(retryDelayMs(res, attempt, o.baseDelayMs ?? HTTP_BASE_DELAY_MS));
  }
  throw new Error(redact(`${o.what} failed: ${last}`));
}

/** 429 with Retry-After (seconds or an HTTP date): that long, capped; else base × 2^(attempt−1). */
export function retryDelayMs(res: Response, attempt: number, baseMs: number): number {
  const header = res.headers.get('retry-after');
  if (res.status === 429 && header !== null) {
    const secs = Number(header);
    const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(header) - Date.now();
    if (Number.isFinite(ms)) return Math.min(Math.max(ms, 0), HTTP_MAX_RETRY_AFTER_MS);
  }
  return baseMs * 2 ** (attempt - 1);
}
