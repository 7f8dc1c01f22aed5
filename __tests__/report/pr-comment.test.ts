// Sticky PR comment against a fake GitHub API: create, then update in place; pagination; deltas.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGithubApi, type FakeGithubApi } from '../__fixtures__/fake-github-api.js';
import { failReport, nastyReport, passReport } from '../__fixtures__/report-fixtures.js';
import { commentMarker, nextLink, renderPrComment, upsertPrComment } from '../../src/report/pr-comment.js';
import { deltaTable } from '../../src/report/trend.js';
import { readHistory } from '../../src/report/history.js';

const TOKEN = 'ghs_test_token';

describe('commentMarker', () => {
  it('identifies workflow and target, and user data cannot close the HTML comment', () => {
    assert.equal(
      commentMarker(passReport),
      '<!-- slo-loadtest:deploy:https%3A%2F%2Fstaging.example.com%2Fapi -->',
    );
    const m = commentMarker({ ...nastyReport, target: 'x --> <b>' });
    assert.equal(m.indexOf('-->'), m.length - 3);
  });
});

describe('renderPrComment', () => {
  it('shows report.target as given (the host strips credentials before)', () => {
    const body = renderPrComment({ ...passReport, target: 'https://api.example.com/v2' });
    assert.ok(body.includes('**Target:** https://api.example.com/v2 · **Environment:** staging'), body);
    assert.ok(body.startsWith('<!-- slo-loadtest:deploy:https%3A%2F%2Fapi.example.com%2Fv2 -->'));
  });
});

describe('deltaTable', () => {
  it('shows ▲/▼ changes against the baseline', () => {
    const t = deltaTable(passReport, failReport);
    assert.ok(t.includes('| p95 | 310.5 | 120.25 | ▼ -190.25 ms (-61.3%) |'), t);
    assert.ok(t.includes('| error rate | 1.5 | 0.02 | ▼ -1.48 pp (-98.7%) |'), t);
  });
});

describe('nextLink', () => {
  it('follows rel="next" only', () => {
    assert.equal(
      nextLink('<https://a/x?page=2>; rel="next", <https://a/x?page=5>; rel="last"'),
      'https://a/x?page=2',
    );
    assert.equal(nextLink('<https://a/x?page=1>; rel="prev"'), null);
    assert.equal(nextLink(null), null);
  });
});

describe('upsertPrComment against the fake GitHub API', () => {
  let gh: FakeGithubApi;
  let dir: string;
  before(async () => {
    gh = await startFakeGithubApi(TOKEN, 2);
    dir = await mkdtemp(join(tmpdir(), 'pr-comment-'));
  });
  after(async () => {
    await gh.close();
    await rm(dir, { recursive: true, force: true });
  });
  const target = () => ({ apiUrl: gh.url.href, token: TOKEN, repository: 'acme/shop', pullRequest: 42 });

  it('first run creates, second run updates the same comment (still one), past other comments on page 2+', async () => {
    gh.comments.set(
      'acme/shop#42',
      [1, 2, 3].map((i) => ({ id: i, body: `unrelated ${i}`, html_url: `u${i}` })),
    );
    const marker = commentMarker(failReport);
    const first = await upsertPrComment(target(), marker, renderPrComment(failReport));
    assert.equal(first.action, 'created');
    const baselinePath = join(dir, 'baseline.json');
    await writeFile(baselinePath, JSON.stringify(passReport));
    const body2 = renderPrComment(failReport, { runs: await readHistory(baselinePath), notes: [] });
    const second = await upsertPrComment(target(), marker, body2);
    assert.deepEqual([second.action, second.id], ['updated', first.id]);
    const ours = (gh.comments.get('acme/shop#42') ?? []).filter((c) => c.body.includes(marker));
    assert.equal(ours.length, 1);
    assert.equal(ours[0].body, body2);
    assert.ok(body2.includes('### Compared with the previous run') && body2.includes('▲ +190.25 ms'));
    assert.ok(
      gh.requests.some((r) => r.path.includes('page=2')),
      'followed pagination',
    );
    assert.ok(gh.requests.every((r) => r.auth === `Bearer ${TOKEN}`));
  });

  it('another target gets its own comment', async () => {
    const other = { ...failReport, target: 'https://prod.example.com' };
    const r = await upsertPrComment(target(), commentMarker(other), renderPrComment(other));
    assert.equal(r.action, 'created');
    assert.equal(
      (gh.comments.get('acme/shop#42') ?? []).filter((c) => c.body.startsWith('<!-- slo-loadtest:')).length,
      2,
    );
  });

  it('throws a descriptive error on an API failure (token never in the message)', async () => {
    const err = (await upsertPrComment({ ...target(), token: 'wrong' }, 'm', 'b').catch(
      (e: Error) => e,
    )) as Error;
    assert.match(err.message, /^GitHub API GET \/repos\/acme\/shop\/issues\/42\/comments failed: HTTP 401/);
    assert.ok(!err.message.includes(TOKEN));
  });

  it('rejects a baseline that is not a schema-1 results.json', async () => {
    const p = join(dir, 'bad.json');
    await writeFile(p, JSON.stringify({ schemaVersion: 2 }));
    await assert.rejects(
      readHistory(p),
      /^Error: baseline results .*bad.json has schemaVersion 2, expected 1$/,
    );
  });
});
