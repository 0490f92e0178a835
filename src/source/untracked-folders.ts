/**
 * Folders that git neither tracks nor ignores and that hold many files: a
 * `node_modules` without a `.gitignore`, a build output, a data folder. A run
 * sends the working tree as git would commit it, so every such file is copied
 * into each snapshot and keyed on every run: worth one warning that names the
 * folder, its size and the fix.
 */
import path from 'node:path';

/** From this many files on, a folder is worth a warning. */
export const LARGE_FOLDER_FILES = 1000;

export interface LargeFolder {
  /** Relative to the project root, `/`-separated. */
  folder: string;
  files: number;
  bytes: number;
}

/**
 * The outermost folders holding only untracked files (no tracked file below them) with at
 * least `minFiles` files, largest first. `sizeOf` gives a file's size in bytes (the caller
 * has already stat'ed them all) and is asked only for those folders' files.
 */
export function largeUntrackedFolders(sizeOf: (name: string) => number, untracked: readonly string[], tracked: Iterable<string>, minFiles = LARGE_FOLDER_FILES): LargeFolder[] {
  if (untracked.length < minFiles) return [];
  const trackedFolders = new Set<string>();
  for (const name of tracked) for (let dir = path.posix.dirname(name); dir !== '.' && !trackedFolders.has(dir); dir = path.posix.dirname(dir)) trackedFolders.add(dir);
  const byFolder = new Map<string, string[]>();
  for (const name of untracked) {
    const folder = outermostUntracked(name, trackedFolders);
    if (folder === undefined) continue;
    let names = byFolder.get(folder);
    if (!names) byFolder.set(folder, (names = []));
    names.push(name);
  }
  return [...byFolder]
    .filter(([, names]) => names.length >= minFiles)
    .map(([folder, names]) => ({ folder, files: names.length, bytes: names.reduce((sum, name) => sum + sizeOf(name), 0) }))
    .sort((a, b) => b.bytes - a.bytes || (a.folder < b.folder ? -1 : 1));
}

/** The first folder on the file's path that no tracked file is in; undefined for a file whose folders all hold tracked files. */
function outermostUntracked(name: string, trackedFolders: ReadonlySet<string>): string | undefined {
  const parts = name.split('/');
  for (let end = 1; end < parts.length; end += 1) {
    const folder = parts.slice(0, end).join('/');
    if (!trackedFolders.has(folder)) return folder;
  }
  return undefined;
}

export function largeFolderWarning(folder: LargeFolder): { message: string; hint: string } {
  const size = folder.bytes >= 1024 ** 2 ? `${(folder.bytes / 1024 ** 2).toFixed(1)} MB` : `${Math.ceil(folder.bytes / 1024)} KB`;
  return {
    message: `${folder.folder}/ is neither committed nor ignored by git: its ${folder.files.toLocaleString('en-US')} files (${size}) go into every run's workspace.`,
    hint: `Add \`${folder.folder}/\` to .gitignore if jobs don't need it.`,
  };
}
