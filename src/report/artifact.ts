// The report artifact: results.json, report.md, junit.xml, report.html uploaded with @actions/artifact.
import { ArtifactEnv } from './names.js';

export type UploadFn = (
  name: string,
  files: string[],
  rootDir: string,
  retentionDays: number | null,
) => Promise<{ id: number; size: number }>;

/** Whether the Actions Results service is reachable (both variables set by the runner). */
export function artifactServiceAvailable(env: Record<string, string | undefined>): boolean {
  return Boolean(env[ArtifactEnv.RuntimeToken] && env[ArtifactEnv.ResultsUrl]);
}

/** The real upload (imported lazily so the CLI does not load the Azure SDK unless needed). */
export const defaultUpload: UploadFn = async (name, files, rootDir, retentionDays) => {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const client = new DefaultArtifactClient();
  const res = await client.uploadArtifact(
    name,
    files,
    rootDir,
    retentionDays === null ? {} : { retentionDays },
  );
  if (res.id === undefined) throw new Error(`artifact ${name} upload returned no id`);
  return { id: res.id, size: res.size ?? 0 };
};
