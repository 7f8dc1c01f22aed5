// A local fake of the GitHub Actions Results service as @actions/artifact 6 uses it:
// Twirp JSON CreateArtifact → Azure block-blob PUTs (Put Block, Put Block List) to the signed URL
// it handed out → FinalizeArtifact, whose sha256 hash must match the assembled blob.
import { createHash } from 'node:crypto';
import { listen, readBody, json, type Listening } from './http-fake.js';

const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/';
const BLOB_PATH = '/devstoreaccount1/actions-results/upload.zip';

export interface FakeResultsService extends Listening {
  created: Array<Record<string, unknown>>;
  finalized: Array<Record<string, unknown>>;
  /** The committed blob (zip bytes), once Put Block List arrived. */
  blob(): Buffer | null;
  authHeaders: string[];
  errors: string[];
}

/** An unsigned JWT whose scp claim carries the Actions.Results run/job ids (the client does not verify it). */
export function runtimeToken(runId: string, jobId: string): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ scp: `Actions.GenericRead:1 Actions.Results:${runId}:${jobId}` })}.`;
}

export async function startFakeResultsService(artifactId = '123'): Promise<FakeResultsService> {
  const blocks = new Map<string, Buffer>();
  let committed: Buffer | null = null;
  const state = {
    created: [] as Array<Record<string, unknown>>,
    finalized: [] as Array<Record<string, unknown>>,
    authHeaders: [] as string[],
    errors: [] as string[],
  };
  const srv = await listen(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    if (req.method === 'POST' && url.pathname === `${TWIRP}CreateArtifact`) {
      state.authHeaders.push(req.headers.authorization ?? '');
      state.created.push(JSON.parse(body.toString('utf8')));
      return json(res, 200, {
        ok: true,
        signed_upload_url: new URL(`${BLOB_PATH}?sig=fake-signature&sv=2023-11-03`, srv.url).href,
      });
    }
    if (req.method === 'PUT' && url.pathname === BLOB_PATH) {
      const azureHeaders = {
        'x-ms-request-id': `req-${blocks.size}`,
        'x-ms-version': '2023-11-03',
        date: new Date().toUTCString(),
        'x-ms-request-server-encrypted': 'true',
      };
      if (url.searchParams.get('comp') === 'block') {
        blocks.set(url.searchParams.get('blockid') ?? '', body);
        res.writeHead(201, azureHeaders);
        return void res.end();
      }
      if (url.searchParams.get('comp') === 'blocklist') {
        const ids = [...body.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map(
          (m) => m[2],
        );
        const missing = ids.filter((id) => !blocks.has(id));
        if (missing.length) state.errors.push(`block list names unknown blocks ${missing.join(',')}`);
        committed = Buffer.concat(ids.map((id) => blocks.get(id) ?? Buffer.alloc(0)));
        res.writeHead(201, {
          ...azureHeaders,
          etag: '"0x8DB000000000000"',
          'last-modified': new Date().toUTCString(),
        });
        return void res.end();
      }
    }
    if (req.method === 'POST' && url.pathname === `${TWIRP}FinalizeArtifact`) {
      const msg = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      state.finalized.push(msg);
      const expected = committed ? `sha256:${createHash('sha256').update(committed).digest('hex')}` : null;
      if (msg.hash !== expected) {
        state.errors.push(`hash ${String(msg.hash)} does not match the blob (${expected})`);
        return json(res, 400, { code: 'invalid_argument', msg: 'hash mismatch' });
      }
      return json(res, 200, { ok: true, artifact_id: artifactId });
    }
    state.errors.push(`unexpected ${req.method} ${url.pathname}${url.search}`);
    return json(res, 404, { code: 'not_found', msg: 'not found' });
  });
  return Object.assign(state, srv, { blob: () => committed });
}
