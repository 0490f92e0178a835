/**
 * Checks of `ci run` / `ci watch` arguments that commander cannot make alone, done before
 * anything starts, so a typo is a usage error (exit 2) rather than a run that quietly does
 * something else: `--only` without names would run every job, a `--since` ref git does not
 * know would silently turn every `rules.changes` off, and a bad `--commit` would be recorded
 * as a failed run.
 */
import { UsageError } from '../errors.js';
import { findGitRoot, gitMaybe } from '../source/git.js';

export interface RunArguments {
  jobs: readonly string[];
  only?: boolean;
  commit?: string;
  since?: string;
}

export async function checkRunArguments(root: string, args: RunArguments): Promise<void> {
  if (args.only && args.jobs.length === 0) {
    throw new UsageError('--only needs the names of the jobs to run.', 'Such as `--only lint`; without --only, named jobs run together with the jobs they need.');
  }
  const refs = Object.entries({ commit: args.commit, since: args.since }).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const [first] = refs;
  if (first === undefined) return;
  if ((await findGitRoot(root)) === undefined) {
    throw new UsageError(`--${first[0]} needs a git repository, and ${root} is not in one.`, 'Leave it out to run the files as they are.');
  }
  // Checked here, before the run has a folder: a mistyped ref must not leave a failed run in history.
  for (const [option, ref] of refs) {
    if ((await gitMaybe(root, ['rev-parse', '--verify', '-q', `${ref}^{commit}`])) === undefined) {
      throw new UsageError(`--${option} ${ref} does not name a commit in this repository.`, 'Use a branch, tag or sha that `git log` shows.');
    }
  }
}
