import { execFile } from 'node:child_process';

export interface GitInfo {
  commit: string | null;
  branch: string | null;
}

function git(args: string[], cwd: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 5000, windowsHide: true }, (error, stdout) => resolve(error ? null : stdout.trim() || null));
  });
}

/**
 * The commit and branch of the checkout the run started in; nulls outside a git checkout (or
 * without git). CI checkouts are often detached: the branch then comes from the CI's variables.
 */
export async function gitInfo(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<GitInfo> {
  const [commit, branch] = await Promise.all([git(['rev-parse', 'HEAD'], cwd), git(['rev-parse', '--abbrev-ref', 'HEAD'], cwd)]);
  const named = branch && branch !== 'HEAD' ? branch : env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || env.CI_COMMIT_REF_NAME || null;
  return { commit, branch: commit ? named : null };
}
