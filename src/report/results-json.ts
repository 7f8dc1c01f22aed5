// results.json: the RunReport verbatim (schemaVersion 1, schemas/results.schema.json).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunReport } from './types.js';
import { Defaults } from '../constants.js';

export function renderResultsJson(report: RunReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

export async function writeResultsJson(report: RunReport, outputDir: string): Promise<string> {
  const path = join(outputDir, Defaults.ResultsFile);
  await mkdir(outputDir, { recursive: true });
  await writeFile(path, renderResultsJson(report));
  return path;
}
