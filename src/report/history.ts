// Earlier runs to compare this one with: reading results.json (from disk or from a downloaded
// artifact) and the pure choices of the previous-run lookup — which workflow, which artifact,
// whether an earlier run measured the same thing. The GitHub calls are in previous-runs.ts.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Defaults, RESULTS_SCHEMA_VERSION } from '../constants.js';
import { formatRunShard } from '../settings/run-shard.js';
import type { RunReport } from './types.js';

/** Earlier runs (oldest first, at most the trend's length) and why others were left out. */
export interface History {
  runs: RunReport[];
  /** One line per run skipped or lookup that found nothing: shown as notices and in the summary. */
  notes: string[];
}

export const NO_HISTORY: History = { runs: [], notes: [] };

/** A results.json text; throws naming `what` when it is not JSON or not schema 1. */
export function parseResults(text: string, what: string): RunReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} is not JSON: ${(e as Error).message}`);
  }
  const v = (parsed as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (v !== RESULTS_SCHEMA_VERSION)
    throw new Error(`${what} has schemaVersion ${String(v)}, expected ${RESULTS_SCHEMA_VERSION}`);
  return parsed as RunReport;
}

/**
 * Earlier runs from a results.json file or a folder of them (searched recursively, e.g. one
 * downloaded artifact per run). Throws when the path is missing or a file is not schema 1.
 */
export async function readHistory(path: string): Promise<RunReport[]> {
  const info = await stat(path);
  const files = info.isDirectory()
    ? (await readdir(path, { withFileTypes: true, recursive: true }))
        .filter((e) => e.isFile() && e.name === Defaults.ResultsFile)
        .map((e) => join(e.parentPath, e.name))
        .sort()
    : [path];
  return Promise.all(
    files.map(async (f) => parseResults(await readFile(f, 'utf8'), `baseline results ${f}`)),
  );
}

/** The last `max` runs by start time, oldest first. */
export function latestRuns(runs: readonly RunReport[], max: number): RunReport[] {
  return [...runs].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt)).slice(-max);
}

/**
 * The workflow file of GITHUB_WORKFLOW_REF (`owner/repo/.github/workflows/ci.yml@refs/heads/main`
 * → `ci.yml`), which the REST API accepts as the workflow id; null when it is not of that form.
 */
export function workflowFile(workflowRef: string): string | null {
  const m = /^[^/]+\/[^/]+\/\.github\/workflows\/([^/@]+)@/.exec(workflowRef);
  return m ? m[1]! : null;
}

/** An artifact as the REST API lists it (the fields used). */
export interface ListedArtifact {
  id: number;
  name: string;
  size_in_bytes: number;
  expired: boolean;
}

/** This action's report artifact of a run: the one named like this run's, not expired. */
export function pickArtifact(artifacts: readonly ListedArtifact[], name: string): ListedArtifact | null {
  return artifacts.find((a) => a.name === name && !a.expired) ?? null;
}

/**
 * Why an earlier run does not belong to this run's trend (another target, environment, stage,
 * config or shard of the load), or null when it measured the same thing.
 */
export function seriesMismatch(current: RunReport, earlier: RunReport): string | null {
  const differs: Array<[string, string, string]> = [
    ['target', earlier.target, current.target],
    ['environment', earlier.environment, current.environment],
    ['stage', earlier.stage ?? '(none)', current.stage ?? '(none)'],
    [
      'config digest',
      earlier.config.digest || '(built-in defaults)',
      current.config.digest || '(built-in defaults)',
    ],
    ['shard', formatRunShard(earlier.shard), formatRunShard(current.shard)],
  ];
  const found = differs.filter(([, a, b]) => a !== b);
  if (found.length === 0) return null;
  return found.map(([what, a, b]) => `${what} ${a}, not ${b}`).join('; ');
}
