/**
 * Turns a snapshot folder that matches one manifest into one that matches the
 * entries of a new source tree, touching only the paths that differ: the cost
 * of a snapshot follows the change, not the size of the repository.
 */
import { linkSync, lstatSync, mkdirSync, rmdirSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { removeTreeSync } from '../../state/safe-remove.js';
import type { FileEntries, FileEntry } from '../file-entry.js';
import type { ContentStore } from './content-store.js';
import { isGone } from '../worktree-entries.js';
import { diffManifests, manifestOf, type Manifest } from './manifest.js';

export interface FillSources {
  /** Folder of the files that may be hard-linked (entries with an inode). */
  worktree: string;
  store: ContentStore;
  /**
   * Puts the content of these entries (name → entry) into the store; may correct their keys.
   * Resolves with the names whose file was gone meanwhile (left out of this snapshot).
   */
  provide(missing: ReadonlyMap<string, FileEntry>): Promise<string[] | void>;
}

export interface FillResult {
  manifest: Manifest;
  added: number;
  removed: number;
}

/** Synchronous file calls are 3-4× faster than the thread pool here; yielding keeps the screen alive. */
const YIELD_EVERY = 2000;

/** `want`: the manifest of `entries`, as the caller already has it (50,000 entries take ~50 ms to sort and hash). */
export async function fillFolder(dir: string, from: Manifest, want: Manifest, entries: FileEntries, sources: FillSources): Promise<FillResult> {
  const diff = diffManifests(from, want);
  const missing = new Map<string, FileEntry>();
  for (const name of diff.add) {
    const entry = entries.get(name)!;
    if (entry.target === undefined && entry.ino === 0 && !sources.store.has(entry.key)) missing.set(name, entry);
  }
  // A file deleted while the snapshot is made is left out: the save that deleted it starts the next run.
  let dropped = 0;
  const drop = (names: string[] | void) => {
    for (const name of names ?? []) dropped += entries.delete(name) ? 1 : 0;
  };
  if (missing.size > 0) drop(await sources.provide(missing));

  const parents = new Set<string>();
  for (const [index, name] of diff.remove.entries()) {
    const full = path.join(dir, name);
    try {
      unlinkSync(full);
    } catch {
      removeTreeSync(full, dir);
    }
    parents.add(path.dirname(name));
    if (index % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
  }
  removeEmptyDirs(dir, parents);
  // Objects this folder just stopped linking may be linked by no folder now: each save in watch mode leaves one.
  const wanted = new Set(diff.add.flatMap((name) => entries.get(name)?.key ?? []));
  sources.store.dropUnlinked(diff.remove.map((name) => from.entries.get(name)!).filter((signature) => isStoreSignature(signature) && !wanted.has(signature)));

  const ensureDir = dirMaker(dir);
  const unlinkable: string[] = [];
  let linksWork = true;
  for (const [index, name] of diff.add.entries()) {
    const entry = entries.get(name);
    if (!entry) continue;
    const target = path.join(dir, name);
    ensureDir(path.dirname(name));
    if (entry.target !== undefined) place(dir, target, () => symlinkSync(entry.target!, target));
    else if (entry.ino > 0 && linksWork) {
      try {
        place(dir, target, () => linkSync(path.join(sources.worktree, name), target));
      } catch (error) {
        if (isGone(error)) {
          drop([name]);
          continue;
        }
        // Another file system, or one without hard links: copy these through the store instead.
        if (!isLinkRefused(error)) throw error;
        linksWork = false;
        unlinkable.push(name);
      }
    } else if (entry.ino > 0) unlinkable.push(name);
    else if (!tryPlace(dir, target, () => linkSync(sources.store.pathOf(entry.key), target))) {
      // Another run dropped the object between our check and this link: put it back.
      const gone = await sources.provide(new Map([[name, entry]]));
      if (gone?.includes(name)) drop(gone);
      else place(dir, target, () => linkSync(sources.store.pathOf(entry.key), target));
    }
    if (index % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
  }
  if (unlinkable.length > 0) drop(await copyThroughStore(dir, unlinkable, entries, sources));
  // Copies may have corrected keys (a file edited meanwhile), dropped links or left files out: then the manifest says so.
  const manifest = missing.size > 0 || unlinkable.length > 0 || dropped > 0 ? manifestOf(entries) : want;
  return { manifest, added: diff.add.length, removed: diff.remove.length };
}

/** Resolves with the names that were gone. */
async function copyThroughStore(dir: string, names: string[], entries: FileEntries, sources: FillSources): Promise<string[]> {
  const gone: string[] = [];
  for (const name of names) {
    const entry = entries.get(name)!;
    entry.ino = 0;
    try {
      entry.key = await sources.store.putFile(path.join(sources.worktree, name), entry.key);
    } catch (error) {
      if (!isGone(error)) throw error;
      gone.push(name);
      continue;
    }
    place(dir, path.join(dir, name), () => linkSync(sources.store.pathOf(entry.key), path.join(dir, name)));
  }
  return gone;
}

/**
 * Creates folders below `root` as needed, remembering those known to exist: one
 * mkdir per new folder rather than a recursive mkdir (a stat per level) per file.
 * A folder that already exists must be a real one: files are never placed through a link.
 */
function dirMaker(root: string): (relative: string) => void {
  const known = new Set<string>(['.', '']);
  const ensure = (relative: string): void => {
    if (known.has(relative)) return;
    ensure(path.dirname(relative));
    const full = path.join(root, relative);
    try {
      mkdirSync(full);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!lstatSync(full).isDirectory()) throw new Error(`snapshot folder ${root}: ${relative} is in the way of a folder`);
    }
    known.add(relative);
  };
  return ensure;
}

/** Like `place`, but false when the source is gone (ENOENT). */
function tryPlace(dir: string, target: string, create: () => void): boolean {
  try {
    place(dir, target, create);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** A signature of a store object: no inode (not a worktree link), not a symbolic link. */
function isStoreSignature(signature: string): boolean {
  return !signature.includes('@') && !signature.endsWith(':l');
}

/** Creates a path in the snapshot folder `dir`, first removing whatever a crashed update may have left there. */
function place(dir: string, target: string, create: () => void): void {
  try {
    create();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    removeTreeSync(target, dir);
    create();
  }
}

function removeEmptyDirs(root: string, dirs: Set<string>): void {
  const candidates = new Set<string>();
  for (let dir of dirs) {
    while (dir !== '.' && dir !== '' && !candidates.has(dir)) {
      candidates.add(dir);
      dir = path.dirname(dir);
    }
  }
  // Deepest first, so a parent is tried after its children went.
  for (const dir of [...candidates].sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(path.join(root, dir));
    } catch {
      // Not empty (or already gone): it stays.
    }
  }
}

function isLinkRefused(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EXDEV' || code === 'EPERM' || code === 'ENOTSUP' || code === 'EMLINK' || code === 'EOPNOTSUPP';
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
