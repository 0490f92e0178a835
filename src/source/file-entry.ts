/**
 * One file of a source tree as snapshots and cache keys see it: what it holds
 * (its key) and where a snapshot can take it from.
 */

export interface FileEntry {
  /**
   * git's blob id of the content (of the target, for a link), with `:x` for an
   * executable and `:l` for a symbolic link: equal keys, equal files.
   */
  key: string;
  /**
   * Inode of the working-tree file a snapshot may hard-link, because git says
   * it is committed and unchanged; 0 when its content comes from the store.
   */
  ino: number;
  /** Where a symbolic link points. */
  target?: string;
}

export type FileEntries = Map<string, FileEntry>;

export type FileKind = 'file' | 'exec' | 'link';

export function entryKey(blobId: string, kind: FileKind): string {
  return kind === 'file' ? blobId : `${blobId}:${kind === 'exec' ? 'x' : 'l'}`;
}

export function blobOfKey(key: string): string {
  return key.slice(0, 40);
}

export function isExecutableKey(key: string): boolean {
  return key.endsWith(':x');
}

/** git's modes: 100755 executable, 120000 link, 160000 a submodule (not this repository's content). */
export function kindOfGitMode(mode: string): FileKind | undefined {
  if (mode === '100644') return 'file';
  if (mode === '100755') return 'exec';
  if (mode === '120000') return 'link';
  return undefined;
}

export function kindOfStat(stat: { mode: number; isSymbolicLink(): boolean; isFile(): boolean }): FileKind | undefined {
  if (stat.isSymbolicLink()) return 'link';
  if (!stat.isFile()) return undefined;
  return stat.mode & 0o111 ? 'exec' : 'file';
}
