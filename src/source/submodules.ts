/**
 * Submodules a tree records: their content is another repository's, which a snapshot of this one
 * does not hold, so jobs would see an empty folder. A run says so (once) instead of leaving the
 * user to wonder why a build cannot find the files.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { blobOfKey } from './file-entry.js';
import { git } from './git.js';
import type { SourceTree } from './source-tree.js';

/** The paths `.gitmodules` names, as the tree holds it (the working copy, or the commit's blob). */
export async function submodulePaths(root: string, tree: SourceTree): Promise<string[]> {
  const entry = tree.entries.get('.gitmodules');
  // A link is never followed: it could point anywhere.
  if (!entry || entry.target !== undefined) return [];
  const text = await (tree.kind === 'worktree' ? readFile(path.join(root, '.gitmodules'), 'utf8') : git(root, ['cat-file', 'blob', blobOfKey(entry.key)])).catch(() => '');
  return [...text.matchAll(/^\s*path\s*=\s*(.+?)\s*$/gm)].map((match) => match[1]!);
}

export function submoduleWarning(paths: readonly string[]): { message: string; hint: string } {
  const named = paths.map((name) => `${name}/`).join(', ');
  return {
    message: `submodules are not brought into jobs: ${named} ${paths.length === 1 ? 'is' : 'are'} empty in every job's workspace.`,
    hint: 'Vendor what the jobs need into this repository, or fetch it in a step at the commit the superproject records.',
  };
}
