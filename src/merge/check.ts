// Is this a complete set of runner shards of one run? Every shard i/n exactly once, all from the
// same run, config, target, environment and load. Every problem is named, then it is an input error.
import { InputError } from '../errors.js';
import type { RunReport } from '../report/types.js';
import type { ShardFile } from './read.js';

/** What makes shards parts of one run; each entry names how a difference is reported. */
const IDENTITY: ReadonlyArray<[what: string, value: (r: RunReport) => unknown]> = [
  ['config digest', (r) => r.config.digest],
  ['target', (r) => r.target],
  ['environment', (r) => r.environment],
  ['stage', (r) => r.stage],
  ['run', (r) => (r.run.runId === null ? null : `${r.run.repository ?? ''} run ${r.run.runId}`)],
  ['shard count', (r) => r.shard.count],
  ['planned start', (r) => r.shard.plannedStartAt],
  [
    'load',
    (r) =>
      `${r.load.pattern} concurrency ${r.load.concurrency}` +
      `${r.load.rate === null ? '' : ` rate ${r.load.rate}/s`} for ${r.load.durationSeconds}s, warm-up ${r.load.warmUpSeconds}s`,
  ],
  ['endpoints', (r) => r.endpoints.map((e) => `${e.method} ${e.name}`).join(', ')],
];

const show = (v: unknown): string => (v === null ? 'none' : String(v));

/**
 * The shards ordered by index, or an InputError listing every missing, duplicate and foreign one.
 * The run they belong to is the identity most of them share (the first file's on a tie);
 * `expectedRunId` (the merging job's own run) must match theirs when both are known.
 */
export function checkShardSet(files: readonly ShardFile[], expectedRunId: string | null = null): ShardFile[] {
  const key = (r: RunReport): string => JSON.stringify(IDENTITY.map(([, v]) => v(r)));
  const tally = new Map<string, number>();
  for (const f of files) tally.set(key(f.report), (tally.get(key(f.report)) ?? 0) + 1);
  const best = Math.max(...tally.values());
  const reference = files.find((f) => tally.get(key(f.report)) === best)!.report;
  const problems: string[] = [];
  const members: ShardFile[] = [];
  for (const f of files) {
    const diffs = IDENTITY.filter(
      ([, v]) => JSON.stringify(v(f.report)) !== JSON.stringify(v(reference)),
    ).map(([what, v]) => `${what} ${show(v(f.report))} (the others: ${show(v(reference))})`);
    if (diffs.length > 0) problems.push(`${f.file} is not part of this run: ${diffs.join('; ')}`);
    else members.push(f);
  }
  const runId = reference.run.runId;
  if (expectedRunId !== null && runId !== null && runId !== expectedRunId) {
    problems.push(`the shards belong to run ${runId}, not to this run ${expectedRunId}`);
  }
  const count = reference.shard.count;
  const byIndex = new Map<number, ShardFile[]>();
  for (const f of members)
    byIndex.set(f.report.shard.index, [...(byIndex.get(f.report.shard.index) ?? []), f]);
  for (let i = 1; i <= count; i++) {
    const found = byIndex.get(i) ?? [];
    if (found.length === 0) problems.push(`shard ${i}/${count} is missing`);
    if (found.length > 1)
      problems.push(
        `shard ${i}/${count} appears ${found.length} times: ${found.map((f) => f.file).join(', ')}`,
      );
  }
  if (problems.length > 0) {
    throw new InputError(`cannot merge the runner shards:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return [...members].sort((a, b) => a.report.shard.index - b.report.shard.index);
}
