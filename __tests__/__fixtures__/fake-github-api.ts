// A node:http fake of the GitHub REST endpoints the PR-comment reporter uses, comments in memory.
import { listen, readBody, json, type Listening } from './http-fake.js';

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
}

export async function startFakeGithubApi(token: string, pageSize = 100): Promise<FakeGithubApi> {
  const comments = new Map<string, FakeComment[]>();
  const requests: FakeGithubApi['requests'] = [];
  let nextId = 1000;
  const fake: Partial<FakeGithubApi> = { comments, requests, pageSize };
  const srv = await listen(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({
      method: req.method ?? '',
      path: url.pathname + url.search,
      auth: req.headers.authorization,
    });
    if (req.headers.authorization !== `Bearer ${token}`)
      return json(res, 401, { message: 'Bad credentials' });
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
  return Object.assign(fake, srv) as FakeGithubApi;
}
