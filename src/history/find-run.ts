/**
 * Picks one run for `ci logs`, `ci show` and `ci report`: by id (whole, a
 * unique prefix, or the 4-character suffix that tells runs of one second
 * apart), by commit (the newest run of it), or the newest run.
 */
import { UsageError } from '../errors.js';
import { gitMaybe } from '../source/git.js';
import type { StoredRun } from './run-store.js';

export interface RunSelector {
  run?: string;
  commit?: string;
}

const LATEST = new Set(['latest', 'last', '@']);

export async function selectRun(root: string, runs: readonly StoredRun[], selector: RunSelector): Promise<StoredRun> {
  if (runs.length === 0) throw new UsageError('No runs recorded yet.', 'Run `ci run` first.');
  if (selector.run !== undefined && selector.commit !== undefined) throw new UsageError('Give either --run or --commit, not both.');
  if (selector.commit !== undefined) return byCommit(runs, selector.commit, await resolveCommit(root, selector.commit));
  if (selector.run === undefined || LATEST.has(selector.run)) return runs[0]!;
  return byId(runs, selector.run);
}

export function byId(runs: readonly StoredRun[], query: string): StoredRun {
  const exact = runs.find((run) => run.id === query);
  if (exact) return exact;
  const matches = runs.filter((run) => run.id.startsWith(query) || run.id.endsWith(`-${query}`));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new UsageError(`"${query}" matches ${matches.length} runs: ${matches.slice(0, 5).map((run) => run.id).join(', ')}${matches.length > 5 ? ', …' : ''}.`, 'Give more of the run id.');
  }
  throw new UsageError(`No run "${query}".`, 'See `ci history` for the run ids.');
}

export function byCommit(runs: readonly StoredRun[], query: string, sha: string | undefined): StoredRun {
  const prefix = (sha ?? query).toLowerCase();
  const match = runs.find((run) => run.record.commit !== undefined && run.record.commit.startsWith(prefix));
  if (match) return match;
  throw new UsageError(`No run of commit ${query}${sha && sha !== query ? ` (${sha.slice(0, 12)})` : ''}.`, 'See `ci history` for the commits that ran.');
}

/** Lets `--commit HEAD~1` or a branch name work; a bare sha prefix is used as it is when git cannot resolve it. */
async function resolveCommit(root: string, ref: string): Promise<string | undefined> {
  return gitMaybe(root, ['rev-parse', '--verify', '-q', `${ref}^{commit}`]);
}
