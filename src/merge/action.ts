// Entry point of the merge action (merge/action.yml → dist/merge/index.js): downloads the runner
// shards' artifacts of this run, merges them exactly and does everything a single run does.
import { join } from 'node:path';
import * as core from '@actions/core';
import { Defaults, Inputs } from '../constants.js';
import { InputError } from '../errors.js';
import { runAction } from '../main.js';
import { artifactServiceAvailable } from '../report/artifact.js';
import { inputLabel, maskSecrets, readRawInputs } from '../settings/inputs.js';
import { readRunContext } from '../settings/run-context.js';
import { downloadShardArtifacts } from './download.js';
import { executeMerge } from './execute.js';

await runAction(async (host) => {
  const env = process.env;
  const raw = readRawInputs(env);
  const glob = raw[Inputs.ShardArtifacts]?.trim() || Defaults.ShardArtifacts;
  if (!artifactServiceAvailable(env)) {
    throw new InputError(
      'the merge action downloads the shards from the Actions Results service (ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL): run it in a GitHub Actions job, or use slo-loadtest merge on downloaded files',
    );
  }
  const dir = join(env.RUNNER_TEMP ?? env.GITHUB_WORKSPACE ?? '.', 'slo-loadtest-shards');
  const { DefaultArtifactClient } = await import('@actions/artifact');
  await downloadShardArtifacts(glob, dir, new DefaultArtifactClient(), core.info);
  return executeMerge(
    { paths: [dir], raw, label: inputLabel, run: readRunContext(env), onSettings: maskSecrets },
    host,
  );
});
