// Reading runner-shard results: files named on the command line, or every results.json under the
// folders named (a downloaded artifact is a folder per shard). Bad files are input errors naming them.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Defaults, RESULTS_SCHEMA_VERSION } from '../constants.js';
import { InputError, messageOf } from '../errors.js';
import type { RunReport } from '../report/types.js';

export interface ShardFile {
  /** As found (the path given, or joined under the folder given). */
  file: string;
  report: RunReport;
}

/** Every results file named or found under the folders, sorted by path; at least one. */
export async function readShardFiles(paths: readonly string[]): Promise<ShardFile[]> {
  if (paths.length === 0)
    throw new InputError('merge: name the shard results (folders or results.json files)');
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info === null) throw new InputError(`${path}: no such file or folder`);
    if (info.isDirectory()) {
      const found = await findResults(path);
      if (found.length === 0)
        throw new InputError(`${path}: no ${Defaults.ResultsFile} in this folder or below`);
      files.push(...found);
    } else files.push(path);
  }
  const unique = [...new Set(files)].sort();
  return Promise.all(unique.map(async (file) => ({ file, report: await readShardFile(file) })));
}

async function findResults(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name === Defaults.ResultsFile)
    .map((e) => join(e.parentPath, e.name));
}

/** Fields a shard's results must carry to be merged exactly. */
const MERGE_FIELDS = ['shard', 'counts', 'histogram', 'partHistograms', 'endpoints', 'timeline'] as const;

async function readShardFile(file: string): Promise<RunReport> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${file}: not readable JSON: ${messageOf(error)}`);
  }
  const report = parsed as Partial<RunReport> | null;
  if (report === null || typeof report !== 'object' || report.schemaVersion !== RESULTS_SCHEMA_VERSION) {
    throw new InputError(`${file}: expected results.json with schemaVersion ${RESULTS_SCHEMA_VERSION}`);
  }
  const missing = MERGE_FIELDS.filter((k) => report[k] === undefined);
  if (missing.length > 0) {
    throw new InputError(
      `${file}: cannot be merged exactly: it has no ${missing.join(', ')} (written by a version without runner shards?)`,
    );
  }
  return report as RunReport;
}
