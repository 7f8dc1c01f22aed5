// baseline: previous-run — this workflow's latest successful runs on the repository's default
// branch, through the REST API (@actions/github's Octokit): the runs, their artifacts, this action's
// report artifact (a 302 to a signed blob URL, a zip), its results.json. A run that cannot be used
// is skipped with a note; only a failed listing of the runs throws (the caller turns it into a notice).
import { readFile } from 'node:fs/promises';
import { getOctokit } from '@actions/github';
import { Defaults } from '../constants.js';
import { messageOf } from '../errors.js';
import type { RunReport } from './types.js';
import {
  latestRuns,
  parseResults,
  pickArtifact,
  seriesMismatch,
  workflowFile,
  type History,
  type ListedArtifact,
} from './history.js';
import { readZip } from './zip.js';

/** Runs looked at, at most, per run wanted (runs without a usable artifact are skipped). */
const RUNS_EXAMINED_PER_RUN = 3;
/** A report artifact larger than this is not downloaded. */
const MAX_ARTIFACT_BYTES = 64 * 1024 * 1024;
const PER_PAGE = 100;
/** The whole lookup (every API call and blob download) is abandoned after this long. */
const LOOKUP_TIMEOUT_MS = 60_000;

export interface PreviousRunQuery {
  apiUrl: string;
  token: string;
  /** owner/name */
  repository: string;
  workflowRef: string;
  /** The event payload file (its repository.default_branch); null = ask the API. */
  eventPath: string | null;
  /** This run (never its own baseline). */
  runId: string | null;
  artifactName: string;
  maxRuns: number;
  /** This run: earlier runs of another target, config or shard are skipped. */
  current: RunReport;
}

interface WorkflowRun {
  id: number;
  run_number: number;
  head_sha: string;
  html_url: string;
}

export async function fetchPreviousRuns(
  q: PreviousRunQuery,
  deps: { fetch?: typeof fetch } = {},
): Promise<History> {
  const workflow = workflowFile(q.workflowRef);
  if (workflow === null)
    throw new Error(`GITHUB_WORKFLOW_REF "${q.workflowRef}" does not name a workflow file`);
  const [owner, repo] = q.repository.split('/') as [string, string];
  const fetchFn = deps.fetch ?? fetch;
  const signal = AbortSignal.timeout(LOOKUP_TIMEOUT_MS);
  const octokit = getOctokit(q.token, {
    baseUrl: q.apiUrl.replace(/\/+$/, ''),
    request: { fetch: fetchFn, signal },
  });
  const branch = (await defaultBranchFromEvent(q.eventPath)) ?? (await defaultBranchFromApi());
  const runs: RunReport[] = [];
  const notes: string[] = [];
  let examined = 0;
  const iterator = octokit.paginate.iterator(
    'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
    {
      owner,
      repo,
      workflow_id: workflow,
      branch,
      status: 'success',
      per_page: Math.min(PER_PAGE, q.maxRuns * RUNS_EXAMINED_PER_RUN),
    },
  );
  pages: for await (const page of iterator) {
    for (const run of page.data as WorkflowRun[]) {
      if (runs.length >= q.maxRuns || examined >= q.maxRuns * RUNS_EXAMINED_PER_RUN) break pages;
      if (String(run.id) === q.runId) continue;
      examined++;
      const result = await fromRun(run).catch((e: unknown) => `could not be read: ${messageOf(e)}`);
      if (typeof result === 'string') notes.push(`run ${run.id} (#${run.run_number}) skipped: ${result}`);
      else runs.push(result);
    }
  }
  if (runs.length === 0 && notes.length === 0)
    notes.push(`no successful run of ${workflow} on ${branch} to compare with`);
  return { runs: latestRuns(runs, q.maxRuns), notes };

  async function defaultBranchFromApi(): Promise<string> {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}', { owner, repo });
    return data.default_branch;
  }

  /** The run's results, or why it is skipped. */
  async function fromRun(run: WorkflowRun): Promise<RunReport | string> {
    const artifacts = (await octokit.paginate('GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', {
      owner,
      repo,
      run_id: run.id,
      per_page: PER_PAGE,
    })) as ListedArtifact[];
    const artifact = pickArtifact(artifacts, q.artifactName);
    if (artifact === null) return `no unexpired artifact ${q.artifactName}`;
    if (artifact.size_in_bytes > MAX_ARTIFACT_BYTES)
      return `artifact ${artifact.name} is ${artifact.size_in_bytes} bytes (more than ${MAX_ARTIFACT_BYTES})`;
    const zip = await downloadZip(artifact.id);
    const entry = readZip(zip).get(Defaults.ResultsFile);
    if (entry === undefined) return `artifact ${artifact.name} has no ${Defaults.ResultsFile}`;
    const report = parseResults(entry.toString('utf8'), `${Defaults.ResultsFile} of run ${run.id}`);
    const mismatch = seriesMismatch(q.current, report);
    return mismatch === null ? report : `it measured ${mismatch}`;
  }

  /** The artifact's zip: the API answers 302 with a signed blob URL, fetched without the token. */
  async function downloadZip(artifactId: number): Promise<Buffer> {
    const res = await octokit.request(
      'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}',
      {
        owner,
        repo,
        artifact_id: artifactId,
        archive_format: 'zip',
        request: { redirect: 'manual' },
      },
    );
    const location = (res.headers as Record<string, string | undefined>).location;
    if ((res.status as number) !== 302 || !location)
      throw new Error(`artifact ${artifactId} download answered ${res.status} without a redirect`);
    const blob = await fetchFn(location, { signal });
    if (!blob.ok) throw new Error(`artifact ${artifactId} blob download answered ${blob.status}`);
    return Buffer.from(await blob.arrayBuffer());
  }
}

/** repository.default_branch from the event payload, if the file has it. */
async function defaultBranchFromEvent(eventPath: string | null): Promise<string | null> {
  if (eventPath === null) return null;
  try {
    const event = JSON.parse(await readFile(eventPath, 'utf8')) as {
      repository?: { default_branch?: unknown };
    };
    const branch = event.repository?.default_branch;
    return typeof branch === 'string' && branch !== '' ? branch : null;
  } catch {
    return null;
  }
}
