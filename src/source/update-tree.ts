/**
 * A source tree brought up to date from the list of paths that changed since
 * it was read, without asking git about every file again: watch mode knows
 * exactly what was saved. Changed files are keyed by content and copied into
 * snapshots (they are being edited); everything else keeps its entry.
 */
import path from 'node:path';
import { blobIdOf, blobIdOfFile } from './blob-id.js';
import { entryKey, type FileEntries, type FileEntry } from './file-entry.js';
import type { SourceTree } from './source-tree.js';
import { eachLimited } from '../util/each-limited.js';
import { lstatEntry } from './worktree-entries.js';

export async function updateTree(tree: SourceTree, changed: Iterable<string>): Promise<SourceTree> {
  const entries: FileEntries = new Map(tree.entries);
  await eachLimited([...new Set(changed)], 16, async (name) => {
    const entry = await currentEntry(path.join(tree.dir, name));
    if (entry) entries.set(name, entry);
    else entries.delete(name);
  });
  const files = [...entries.keys()].sort();
  return { ...tree, files, entries, dirty: tree.dirty || entries.size !== tree.entries.size || files.some((name) => entries.get(name) !== tree.entries.get(name)) };
}

/**
 * A file as it is on disk now, keyed by reading it; undefined when it is gone, not a file, or
 * cannot be read: a folder that became a file (ENOTDIR) or a file deleted between its lstat
 * and its read (ENOENT) is gone for this run, and the event its next change brings counts.
 */
export async function currentEntry(full: string): Promise<FileEntry | undefined> {
  try {
    const found = lstatEntry(full);
    if (!found) return undefined;
    const { stat, kind, target } = found;
    const blob = target !== undefined ? blobIdOf(target) : await blobIdOfFile(full, stat.size);
    return { key: entryKey(blob, kind), ino: 0, target };
  } catch {
    // Whatever the reason, watch must not lose the rest of the batch over one path.
    return undefined;
  }
}
