/**
 * The files of one commit with their keys, straight from git's tree objects
 * (`ls-tree`), with no checkout. Files the working tree holds unchanged are
 * hard-linked from it; the rest come from git's objects into the store.
 */
import { blobOfKey, entryKey, kindOfGitMode, type FileEntries, type FileEntry } from './file-entry.js';
import { git } from './git.js';
import { readGitBlobs } from './git-blobs.js';
import type { ContentStore } from './store/content-store.js';

export async function commitEntries(root: string, treeish: string, worktree: FileEntries): Promise<FileEntries> {
  const listing = await git(root, ['ls-tree', '-r', '-z', '--full-tree', treeish]);
  const entries: FileEntries = new Map();
  const links = new Map<string, string[]>();
  for (const record of listing.split('\0')) {
    if (!record) continue;
    // `<mode> <type> <blob>\t<path>`
    const tab = record.indexOf('\t');
    const [mode, , blob] = record.slice(0, tab).split(' ');
    const name = record.slice(tab + 1);
    const kind = kindOfGitMode(mode ?? '');
    if (kind === undefined) continue; // a submodule
    const key = entryKey(blob!, kind);
    const local = worktree.get(name);
    entries.set(name, { key, ino: kind !== 'link' && local?.key === key ? local.ino : 0 });
    if (kind === 'link') links.set(blob!, [...(links.get(blob!) ?? []), name]);
  }
  await readGitBlobs(root, [...links.keys()], async (blob, content) => {
    for (const name of links.get(blob) ?? []) entries.get(name)!.target = content.toString();
  });
  return entries;
}

/** Fills the store with the given entries' content from git's object database. */
export function gitObjectProvider(root: string, store: ContentStore): (missing: ReadonlyMap<string, FileEntry>) => Promise<void> {
  return async (missing) => {
    const keysByBlob = new Map<string, Set<string>>();
    for (const entry of missing.values()) {
      const blob = blobOfKey(entry.key);
      keysByBlob.set(blob, (keysByBlob.get(blob) ?? new Set()).add(entry.key));
    }
    await readGitBlobs(root, [...keysByBlob.keys()], async (blob, content) => {
      for (const key of keysByBlob.get(blob) ?? []) await store.putContent(content, key);
    });
  };
}
