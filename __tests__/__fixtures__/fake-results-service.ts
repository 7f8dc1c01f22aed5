// A local fake of the GitHub Actions Results service as @actions/artifact 6 uses it.
// Upload: Twirp JSON CreateArtifact → Azure block-blob PUTs (Put Block, Put Block List) to the
// signed URL it handed out → FinalizeArtifact, whose sha256 hash must match the assembled blob.
// Download: Twirp ListArtifacts (the run's finalized artifacts, optionally by id or name) →
// GetSignedArtifactURL → a blob GET of the zip. Artifacts are kept per workflow run backend id.
import { createHash } from 'node:crypto';
import { listen, readBody, json, type Listening } from './http-fake.js';

const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/';
const BLOB_PREFIX = '/devstoreaccount1/actions-results/';

export interface FakeArtifact {
  id: string;
  name: string;
  runBackendId: string;
  jobBackendId: string;
  blob: Buffer | null;
  finalized: boolean;
  createdAt: string;
}

export interface FakeResultsService extends Listening {
  created: Array<Record<string, unknown>>;
  finalized: Array<Record<string, unknown>>;
  /** ListArtifacts and GetSignedArtifactURL requests, as received. */
  listed: Array<Record<string, unknown>>;
  signed: Array<Record<string, unknown>>;
  /** Blob downloads served (artifact names). */
  downloads: string[];
  artifacts: FakeArtifact[];
  /** The last committed blob (zip bytes), once Put Block List arrived. */
  blob(): Buffer | null;
  authHeaders: string[];
  errors: string[];
}

/** An unsigned JWT whose scp claim carries the Actions.Results run/job ids (the client does not verify it). */
export function runtimeToken(runId: string, jobId: string): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ scp: `Actions.GenericRead:1 Actions.Results:${runId}:${jobId}` })}.`;
}

/** `firstArtifactId`: the id FinalizeArtifact returns for the first artifact; later ones count up. */
export async function startFakeResultsService(firstArtifactId = '123'): Promise<FakeResultsService> {
  const blocks = new Map<string, Map<string, Buffer>>();
  let last: Buffer | null = null;
  let nextId = Number(firstArtifactId);
  const state = {
    created: [] as Array<Record<string, unknown>>,
    finalized: [] as Array<Record<string, unknown>>,
    listed: [] as Array<Record<string, unknown>>,
    signed: [] as Array<Record<string, unknown>>,
    downloads: [] as string[],
    artifacts: [] as FakeArtifact[],
    authHeaders: [] as string[],
    errors: [] as string[],
  };
  const find = (run: unknown, name: unknown) =>
    state.artifacts.find((a) => a.runBackendId === run && a.name === name);
  const wire = (a: FakeArtifact) => ({
    workflow_run_backend_id: a.runBackendId,
    workflow_job_run_backend_id: a.jobBackendId,
    database_id: a.id,
    name: a.name,
    size: String(a.blob?.length ?? 0),
    created_at: a.createdAt,
  });
  const srv = await listen(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    const twirp = (method: string) => req.method === 'POST' && url.pathname === `${TWIRP}${method}`;
    const message = () => JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    if (twirp('CreateArtifact')) {
      state.authHeaders.push(req.headers.authorization ?? '');
      const msg = message();
      state.created.push(msg);
      const artifact: FakeArtifact = {
        id: String(nextId++),
        name: String(msg.name),
        runBackendId: String(msg.workflow_run_backend_id),
        jobBackendId: String(msg.workflow_job_run_backend_id),
        blob: null,
        finalized: false,
        createdAt: new Date(Date.now() + state.artifacts.length).toISOString(),
      };
      state.artifacts.push(artifact);
      return json(res, 200, {
        ok: true,
        signed_upload_url: new URL(
          `${BLOB_PREFIX}${artifact.id}/upload.zip?sig=fake-signature&sv=2023-11-03`,
          srv.url,
        ).href,
      });
    }
    const blobId = url.pathname.startsWith(BLOB_PREFIX)
      ? url.pathname.slice(BLOB_PREFIX.length).split('/')[0]
      : null;
    const blobArtifact = state.artifacts.find((a) => a.id === blobId);
    if (req.method === 'PUT' && blobArtifact) {
      const azureHeaders = {
        'x-ms-request-id': `req-${blocks.size}`,
        'x-ms-version': '2023-11-03',
        date: new Date().toUTCString(),
        'x-ms-request-server-encrypted': 'true',
      };
      const own = blocks.get(blobArtifact.id) ?? new Map<string, Buffer>();
      blocks.set(blobArtifact.id, own);
      if (url.searchParams.get('comp') === 'block') {
        own.set(url.searchParams.get('blockid') ?? '', body);
        res.writeHead(201, azureHeaders);
        return void res.end();
      }
      if (url.searchParams.get('comp') === 'blocklist') {
        const ids = [...body.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map(
          (m) => m[2],
        );
        const missing = ids.filter((id) => !own.has(id));
        if (missing.length) state.errors.push(`block list names unknown blocks ${missing.join(',')}`);
        blobArtifact.blob = Buffer.concat(ids.map((id) => own.get(id) ?? Buffer.alloc(0)));
        last = blobArtifact.blob;
        res.writeHead(201, {
          ...azureHeaders,
          etag: '"0x8DB000000000000"',
          'last-modified': new Date().toUTCString(),
        });
        return void res.end();
      }
    }
    if (req.method === 'GET' && blobArtifact) {
      if (url.searchParams.get('sig') !== 'fake-download-signature' || !blobArtifact.blob) {
        state.errors.push(`blob GET without a signed download URL: ${url.pathname}${url.search}`);
        res.writeHead(403);
        return void res.end();
      }
      state.downloads.push(blobArtifact.name);
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': blobArtifact.blob.length });
      return void res.end(blobArtifact.blob);
    }
    if (twirp('FinalizeArtifact')) {
      const msg = message();
      state.finalized.push(msg);
      const artifact = find(msg.workflow_run_backend_id, msg.name);
      const blob = artifact?.blob ?? null;
      const expected = blob ? `sha256:${createHash('sha256').update(blob).digest('hex')}` : null;
      if (!artifact || msg.hash !== expected) {
        state.errors.push(`hash ${String(msg.hash)} does not match the blob (${expected})`);
        return json(res, 400, { code: 'invalid_argument', msg: 'hash mismatch' });
      }
      artifact.finalized = true;
      return json(res, 200, { ok: true, artifact_id: artifact.id });
    }
    if (twirp('ListArtifacts')) {
      state.authHeaders.push(req.headers.authorization ?? '');
      const msg = message();
      state.listed.push(msg);
      const byName = msg.name_filter as string | undefined;
      const byId = msg.id_filter as string | undefined;
      const artifacts = state.artifacts.filter(
        (a) =>
          a.finalized &&
          a.runBackendId === msg.workflow_run_backend_id &&
          (byName === undefined || a.name === byName) &&
          (byId === undefined || a.id === String(byId)),
      );
      return json(res, 200, { artifacts: artifacts.map(wire) });
    }
    if (twirp('GetSignedArtifactURL')) {
      const msg = message();
      state.signed.push(msg);
      const artifact = find(msg.workflow_run_backend_id, msg.name);
      if (!artifact?.finalized) return json(res, 404, { code: 'not_found', msg: 'artifact not found' });
      return json(res, 200, {
        signed_url: new URL(`${BLOB_PREFIX}${artifact.id}/artifact.zip?sig=fake-download-signature`, srv.url)
          .href,
      });
    }
    state.errors.push(`unexpected ${req.method} ${url.pathname}${url.search}`);
    return json(res, 404, { code: 'not_found', msg: 'not found' });
  });
  return Object.assign(state, srv, { blob: () => last });
}
