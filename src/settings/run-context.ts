// Where this run lives on GitHub, from the runner's default environment variables.
import { readFileSync } from 'node:fs';
import type { RunContext } from './types.js';
import type { Env } from './parse.js';

export function readRunContext(env: Env): RunContext {
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const repository = env.GITHUB_REPOSITORY ?? null;
  const runId = env.GITHUB_RUN_ID ?? null;
  return {
    runUrl: repository && runId ? `${server}/${repository}/actions/runs/${runId}` : null,
    repository,
    sha: env.GITHUB_SHA ?? null,
    ref: env.GITHUB_REF ?? null,
    runId,
    workflow: env.GITHUB_WORKFLOW ?? null,
    job: env.GITHUB_JOB ?? null,
    pullRequest: pullRequestNumber(env),
  };
}

/** The PR number from the event payload (pull_request events) or refs/pull/N/merge. */
function pullRequestNumber(env: Env): number | null {
  const fromRef = /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '');
  if (fromRef) return Number(fromRef[1]);
  if (!env.GITHUB_EVENT_PATH) return null;
  try {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
      pull_request?: { number?: number };
    };
    return typeof event.pull_request?.number === 'number' ? event.pull_request.number : null;
  } catch {
    return null;
  }
}
