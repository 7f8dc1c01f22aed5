// The merge action's input: the runner shards' artifacts of this workflow run, downloaded with
// @actions/artifact (Twirp ListArtifacts, GetSignedArtifactURL, a blob GET), one folder each.
import { join } from 'node:path';
import { InputError } from '../errors.js';

export interface ArtifactDownloader {
  listArtifacts(options: { latest: boolean }): Promise<{ artifacts: Array<{ id: number; name: string }> }>;
  downloadArtifact(id: number, options: { path: string }): Promise<unknown>;
}

/** A * glob over artifact names, anchored: slo-loadtest-shard-* matches slo-loadtest-shard-1. */
export function artifactNameMatcher(glob: string): (name: string) => boolean {
  const re = new RegExp(`^${glob.split('*').map(escapeRegExp).join('.*')}$`);
  return (name) => re.test(name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Downloads every artifact of this run whose name matches into dir/<name>/; returns dir. */
export async function downloadShardArtifacts(
  glob: string,
  dir: string,
  client: ArtifactDownloader,
  log: (line: string) => void,
): Promise<string> {
  const { artifacts } = await client.listArtifacts({ latest: true });
  const matches = artifactNameMatcher(glob);
  const shards = artifacts.filter((a) => matches(a.name)).sort((a, b) => a.name.localeCompare(b.name));
  if (shards.length === 0) {
    const found = artifacts.map((a) => a.name).join(', ') || 'none';
    throw new InputError(
      `input shard-artifacts: no artifact of this run matches "${glob}" (artifacts: ${found})`,
    );
  }
  for (const a of shards) {
    await client.downloadArtifact(a.id, { path: join(dir, a.name) });
    log(`downloaded artifact ${a.name} (id ${a.id})`);
  }
  return dir;
}
