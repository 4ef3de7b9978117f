// Which code a checkout holds: its commit, and a fingerprint of its uncommitted changes to tracked
// files (sha256 of `git diff HEAD`, null when there are none). A queue job carries the
// coordinator's state and a worker runs it only on the same state: a worker on another commit, or
// with other edits, would run other code and return other numbers under the same job id.
// Untracked files are not in the fingerprint: a job module that is not committed is not found by a
// worker on another machine (and refused there, see queue-worker.ts).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';

export const CheckoutState = z.object({
  commit: z.string().regex(/^[0-9a-f]{40}$/, 'a full git commit id (40 hex digits)'),
  changes: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'a sha256 (64 hex digits)')
    .nullable(),
});
export type CheckoutState = z.infer<typeof CheckoutState>;

const execFileAsync = promisify(execFile);

// Asynchronous, so a worker's event loop keeps renewing the locks of its running jobs meanwhile.
async function git(args: string[], cwd: string): Promise<string> {
  const { stdout } = await execFileAsync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  return stdout;
}

/** The checkout's state at `root`; throws, saying why, outside a git checkout. */
export async function readCheckoutState(root: string): Promise<CheckoutState> {
  let commit: string;
  try {
    commit = (await git(['rev-parse', 'HEAD'], root)).trim();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(
      `${root} is not a git checkout with a commit (${reason}): queue jobs are matched to workers by commit`,
    );
  }
  // Plain, full diff whatever the user's git config, so equal edits give equal fingerprints.
  const diff = await git(
    ['diff', 'HEAD', '--no-ext-diff', '--no-color', '--binary', '--full-index', '--no-renames'],
    root,
  );
  const changes = diff === '' ? null : createHash('sha256').update(diff).digest('hex');
  return { commit, changes };
}

function changesText(changes: string | null): string {
  return changes === null ? 'no uncommitted changes' : `uncommitted changes ${changes.slice(0, 12)}`;
}

/** Why a job sent from `job` must not run on `here`, or undefined when both hold the same code. */
export function checkoutMismatch(job: CheckoutState, here: CheckoutState): string | undefined {
  if (job.commit !== here.commit)
    return `the job is from commit ${job.commit} and this checkout is at ${here.commit}: check out ${job.commit} here (git fetch && git checkout ${job.commit}) and restart the worker`;
  if (job.changes !== here.changes)
    return `the job was sent from commit ${job.commit} with ${changesText(job.changes)}, and this checkout has ${changesText(here.changes)}: commit the changes and check that commit out on the coordinator and every worker`;
  return undefined;
}
