/**
 * Which localci Docker objects belong to this test file. Up to two e2e files run at once
 * against the same engine, so "every localci object" would include the other file's live run:
 * cleaning that up, or asserting it is gone, would make both files flaky. Every test file runs
 * in its own worker process, so a module-level record is exactly one file's record.
 *
 * An object is ours when its `localci.pid` label is a CLI process this file started, or its
 * `localci.project` label (`<name>-<first 8 hex of sha256(project root)>`) was made from a
 * directory this file created or ran the CLI in. The second rule catches runs started
 * indirectly, such as the pre-push hook that `git push` launches.
 */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import path from 'node:path';

const cliPids = new Set<string>();
const projectHashes = new Set<string>();

export function claimCliPid(pid: number | undefined): void {
  if (pid !== undefined) cliPids.add(String(pid));
}

export function claimProjectDir(dir: string): void {
  const resolved = path.resolve(dir);
  projectHashes.add(pathHash(resolved));
  // git reports real paths; the CLI may resolve the root either way.
  try {
    projectHashes.add(pathHash(realpathSync(resolved)));
  } catch {
    // Not created yet or already gone: the resolved form is all there is.
  }
}

export interface OwnerLabels {
  pid: string;
  project: string;
}

export function isOurs(labels: OwnerLabels): boolean {
  if (cliPids.has(labels.pid)) return true;
  const hash = projectHash(labels.project);
  return hash !== undefined && projectHashes.has(hash);
}

/** True when a `localci.project` label was made from the project at `dir`. */
export function isProjectOf(dir: string, project: string): boolean {
  const hash = projectHash(project);
  if (hash === undefined) return false;
  const resolved = path.resolve(dir);
  if (hash === pathHash(resolved)) return true;
  try {
    return hash === pathHash(realpathSync(resolved));
  } catch {
    return false;
  }
}

function projectHash(project: string): string | undefined {
  return /-([0-9a-f]{8})$/.exec(project)?.[1];
}

function pathHash(dir: string): string {
  return createHash('sha256').update(dir).digest('hex').slice(0, 8);
}
