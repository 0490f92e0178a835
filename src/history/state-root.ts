/**
 * Where a project's runs are kept, found without loading its config: reading
 * logs must work when the config is broken (that may be why you read them),
 * and loading a TypeScript config costs more than the whole command. The runs
 * live in `.localci/runs/` next to the config, so the nearest such folder from
 * here up to the repository root is the project's.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { directoriesUpTo, findSearchBoundary } from '../config/boundary.js';
import { UsageError } from '../errors.js';
import { runsDir } from './run-store.js';

export function findStateRoot(cwd: string): string | undefined {
  const boundary = findSearchBoundary(cwd);
  return directoriesUpTo(cwd, boundary.gitRoot ?? boundary.stopDir).find((dir) => existsSync(runsDir(dir)));
}

export function requireStateRoot(cwd: string): string {
  const root = findStateRoot(cwd);
  if (root === undefined) {
    throw new UsageError(
      `No runs recorded here yet (looked for ${path.join('.localci', 'runs')} from ${cwd} up to the repository root).`,
      'Run `ci run` first; every run is kept there with its logs.',
    );
  }
  return root;
}
