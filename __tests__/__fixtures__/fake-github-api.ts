// A node:http fake of the GitHub REST endpoints the reporters use, state in memory: issue comments
// (the sticky PR comment), the repository (default_branch), a workflow's runs filtered by branch and
// conclusion, a run's artifacts, and an artifact's zip download — a 302 to a signed blob URL that
// the fake serves without the token, as GitHub hands it off to blob storage. Lists paginate with
// per_page/page and Link headers; errors are GitHub's JSON bodies.
import type { ServerResponse } from 'node:http';
import { listen, readBody, json, type Listening } from './http-fake.js';

export interface FakeRunArtifact {
  id: number;
  name: string;
  /** The zip the download serves; null = the blob is gone (the download URL answers 404). */
  zip: Buffer | null;
  expired?: boolean;
}

export interface FakeWorkflowRun {
  id: number;
  run_number: number;
  /** The workflow file (`deploy.yml`); runs are listed per file. */
  workflow: string;
  head_branch: string;
  conclusion: 'success' | 'failure' | 'cancelled';
  created_at: string;
  artifacts: FakeRunArtifact[];
}

export interface FakeComment {
  id: number;
  body: string;
  html_url: string;
}

export interface FakeGithubApi extends Listening {
  /** Comments per "owner/repo#n". */
  comments: Map<string, FakeComment[]>;
  requests: Array<{ method: string; path: string; auth: string | undefined }>;
  /** Page size the fake uses, whatever per_page says (to exercise pagination). */
  pageSize: number;
  /** The repository's default branch (GET /repos/{o}/{r}). */
  defaultBranch: string;
  /** Every workflow run of every repository the fake serves (any order; listed newest first). */
  runs: FakeWorkflowRun[];
  /** When set, every actions/ endpoint answers this status (GitHub's JSON error body). */
  actionsStatus: number | null;
}

export async function startFakeGithubApi(token: string, pageSize = 100): Promise<FakeGithubApi> {
  const comments = new Map<string, FakeComment[]>();
  const requests: FakeGithubApi['requests'] = [];
  let nextId = 1000;
  const fake: Partial<FakeGithubApi> = {
    comments,
    requests,
    pageSize,
    defaultBranch: 'main',
    runs: [],
    actionsStatus: null,
  };
  const srv = await listen(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({
      method: req.method ?? '',
      path: url.pathname + url.search,
      auth: req.headers.authorization,
    });
    const blob = /^\/blob\/artifacts\/(\d+)\.zip$/.exec(url.pathname);
    if (blob && req.method === 'GET') return serveBlob(res, Number(blob[1]), url);
    // GitHub takes the token as `Bearer` or `token` (Octokit's scheme)
    if (req.headers.authorization !== `Bearer ${token}` && req.headers.authorization !== `token ${token}`)
      return json(res, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
    const actions = actionsRoute(url);
    if (actions !== null && req.method === 'GET') return actions(res);
    const list = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (list && req.method === 'GET') {
      const all = comments.get(`${list[1]}#${list[2]}`) ?? [];
      const size = fake.pageSize as number;
      const page = Number(url.searchParams.get('page') ?? '1');
      const items = all.slice((page - 1) * size, page * size);
      const headers: Record<string, string> = {};
      if (page * size < all.length) {
        const next = new URL(url.pathname, srv.url);
        next.searchParams.set('per_page', String(size));
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${next.href}>; rel="next"`;
      }
      return json(res, 200, items, headers);
    }
    if (list && req.method === 'POST') {
      const { body } = JSON.parse((await readBody(req)).toString('utf8')) as { body: string };
      const key = `${list[1]}#${list[2]}`;
      const c = {
        id: nextId++,
        body,
        html_url: `https://github.com/${list[1]}/pull/${list[2]}#issuecomment-${nextId - 1}`,
      };
      comments.set(key, [...(comments.get(key) ?? []), c]);
      return json(res, 201, c);
    }
    if (one && req.method === 'PATCH') {
      const { body } = JSON.parse((await readBody(req)).toString('utf8')) as { body: string };
      for (const cs of comments.values()) {
        const c = cs.find((x) => x.id === Number(one[2]));
        if (c) {
          c.body = body;
          return json(res, 200, c);
        }
      }
      return json(res, 404, { message: 'Not Found' });
    }
    return json(res, 404, { message: 'Not Found' });
  });

  /** The handler of an actions/ (or repository) GET route, or null when the path is not one. */
  function actionsRoute(url: URL): ((res: ServerResponse) => void) | null {
    const repo = /^\/repos\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const runsOf = /^\/repos\/[^/]+\/[^/]+\/actions\/workflows\/([^/]+)\/runs$/.exec(url.pathname);
    const artifactsOf = /^\/repos\/[^/]+\/[^/]+\/actions\/runs\/(\d+)\/artifacts$/.exec(url.pathname);
    const zip = /^\/repos\/[^/]+\/[^/]+\/actions\/artifacts\/(\d+)\/zip$/.exec(url.pathname);
    if (!repo && !runsOf && !artifactsOf && !zip) return null;
    const state = fake as FakeGithubApi;
    return (res) => {
      if (state.actionsStatus !== null && !repo)
        return json(res, state.actionsStatus, {
          message: statusText(state.actionsStatus),
          documentation_url: DOCS,
          status: String(state.actionsStatus),
        });
      if (repo)
        return json(res, 200, {
          id: 1,
          full_name: `${repo[1]}/${repo[2]}`,
          default_branch: state.defaultBranch,
        });
      if (runsOf) {
        const workflow = decodeURIComponent(runsOf[1]!);
        const branch = url.searchParams.get('branch');
        const status = url.searchParams.get('status');
        const all = sortedRuns().filter(
          (r) =>
            r.workflow === workflow &&
            (branch === null || r.head_branch === branch) &&
            (status === null || r.conclusion === status),
        );
        if (!sortedRuns().some((r) => r.workflow === workflow))
          return json(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
        return page(res, url, all, (items) => ({
          total_count: all.length,
          workflow_runs: items.map(runJson),
        }));
      }
      if (artifactsOf) {
        const run = state.runs.find((r) => r.id === Number(artifactsOf[1]));
        if (!run) return json(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
        return page(res, url, run.artifacts, (items) => ({
          total_count: run.artifacts.length,
          artifacts: items.map((a) => artifactJson(a, run)),
        }));
      }
      const found = findArtifact(Number(zip![1]));
      if (!found || found.artifact.expired)
        return json(res, found ? 410 : 404, {
          message: found ? 'Artifact has expired' : 'Not Found',
          documentation_url: DOCS,
          status: found ? '410' : '404',
        });
      const location = new URL(`/blob/artifacts/${found.artifact.id}.zip`, srv.url);
      location.searchParams.set('sig', SIGNATURE);
      location.searchParams.set('se', '2026-12-02T03:00:00Z');
      res.writeHead(302, { location: location.href, 'content-length': '0' });
      res.end();
    };
  }

  function serveBlob(res: ServerResponse, id: number, url: URL): void {
    const found = findArtifact(id);
    if (url.searchParams.get('sig') !== SIGNATURE || !found?.artifact.zip) {
      res.writeHead(found?.artifact.zip ? 403 : 404, { 'content-type': 'application/xml' });
      return void res.end('<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code></Error>');
    }
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': found.artifact.zip.length });
    res.end(found.artifact.zip);
  }

  function findArtifact(id: number): { artifact: FakeRunArtifact; run: FakeWorkflowRun } | null {
    for (const run of (fake as FakeGithubApi).runs) {
      const artifact = run.artifacts.find((a) => a.id === id);
      if (artifact) return { artifact, run };
    }
    return null;
  }

  /** Newest first, as GitHub lists runs. */
  function sortedRuns(): FakeWorkflowRun[] {
    return [...(fake as FakeGithubApi).runs].sort(
      (a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id,
    );
  }

  /** One page of a list (the fake's page size wins over per_page), with a Link header to the next. */
  function page<T>(res: ServerResponse, url: URL, all: T[], body: (items: T[]) => unknown): void {
    const size = Math.min(fake.pageSize as number, Number(url.searchParams.get('per_page') ?? '30'));
    const n = Number(url.searchParams.get('page') ?? '1');
    const items = all.slice((n - 1) * size, n * size);
    const links: string[] = [];
    const at = (p: number): string => {
      const next = new URL(url.pathname + url.search, srv.url);
      next.searchParams.set('per_page', String(size));
      next.searchParams.set('page', String(p));
      return next.href;
    };
    const last = Math.max(1, Math.ceil(all.length / size));
    if (n < last) links.push(`<${at(n + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
    if (n > 1) links.push(`<${at(1)}>; rel="first"`, `<${at(n - 1)}>; rel="prev"`);
    json(res, 200, body(items), links.length ? { link: links.join(', ') } : {});
  }

  function runJson(r: FakeWorkflowRun): Record<string, unknown> {
    const base = `${srv.url.href.replace(/\/$/, '')}/repos/acme/shop/actions/runs/${r.id}`;
    return {
      id: r.id,
      name: 'deploy',
      node_id: `WFR_${r.id}`,
      head_branch: r.head_branch,
      head_sha: `${r.id}`.padStart(40, '0'),
      path: `.github/workflows/${r.workflow}`,
      run_number: r.run_number,
      run_attempt: 1,
      event: 'push',
      status: 'completed',
      conclusion: r.conclusion,
      workflow_id: 4242,
      url: base,
      html_url: `https://github.com/acme/shop/actions/runs/${r.id}`,
      artifacts_url: `${base}/artifacts`,
      created_at: r.created_at,
      updated_at: r.created_at,
      run_started_at: r.created_at,
    };
  }

  function artifactJson(a: FakeRunArtifact, run: FakeWorkflowRun): Record<string, unknown> {
    const api = srv.url.href.replace(/\/$/, '');
    return {
      id: a.id,
      node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
      name: a.name,
      size_in_bytes: a.zip?.length ?? 0,
      url: `${api}/repos/acme/shop/actions/artifacts/${a.id}`,
      archive_download_url: `${api}/repos/acme/shop/actions/artifacts/${a.id}/zip`,
      expired: a.expired ?? false,
      digest: null,
      created_at: run.created_at,
      updated_at: run.created_at,
      expires_at: '2027-03-01T00:00:00Z',
      workflow_run: {
        id: run.id,
        repository_id: 1,
        head_repository_id: 1,
        head_branch: run.head_branch,
        head_sha: `${run.id}`.padStart(40, '0'),
      },
    };
  }

  return Object.assign(fake, srv) as FakeGithubApi;
}

const DOCS = 'https://docs.github.com/rest';
const SIGNATURE = 'fake-blob-signature';

function statusText(status: number): string {
  return status === 403
    ? 'Resource not accessible by integration'
    : status === 404
      ? 'Not Found'
      : 'Server Error';
}
