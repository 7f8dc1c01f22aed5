// Runs the CLI from source (node --import tsx src/cli.ts), the way dist/cli.js runs, without a build.
// It runs in the repository (tsx, also for the load workers, resolves from there): give paths
// inside a workspace as absolute paths.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './runner.js';

export async function cliFromSource(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, stdout, stderr };
}
