/**
 * A source tree brought up to date from the list of paths that changed since
 * it was read, without asking git about every file again: watch mode knows
 * exactly what was saved. Changed files are keyed by content and copied into
 * snapshots (they are being edited); everything else keeps its entry.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { blobIdOf, blobIdOfFile } from './blob-id.js';
import { entryKey, kindOfStat, type FileEntries, type FileEntry } from './file-entry.js';
import type { SourceTree } from './source-tree.js';
import { forEachLimited } from './worktree-entries.js';

export async function updateTree(tree: SourceTree, changed: Iterable<string>): Promise<SourceTree> {
  const entries: FileEntries = new Map(tree.entries);
  await forEachLimited([...new Set(changed)], 16, async (name) => {
    const entry = await currentEntry(path.join(tree.dir, name));
    if (entry) entries.set(name, entry);
    else entries.delete(name);
  });
  const files = [...entries.keys()].sort();
  return { ...tree, files, entries, dirty: tree.dirty || entries.size !== tree.entries.size || files.some((name) => entries.get(name) !== tree.entries.get(name)) };
}

/** A file as it is on disk now, keyed by reading it; undefined when it is gone (or not a file). */
export async function currentEntry(full: string): Promise<FileEntry | undefined> {
  const stat = lstatSync(full, { throwIfNoEntry: false });
  const kind = stat && kindOfStat(stat);
  if (!stat || !kind) return undefined;
  const target = kind === 'link' ? readlinkSync(full) : undefined;
  const blob = target !== undefined ? blobIdOf(target) : await blobIdOfFile(full, stat.size);
  return { key: entryKey(blob, kind), ino: 0, target };
}
