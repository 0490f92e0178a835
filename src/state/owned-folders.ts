/**
 * Folders localci writes into must be its own: real folders (never a symbolic
 * link, whose target could be anywhere), owned by the user running localci.
 * Every folder from localci's home down to the one written is checked as it is
 * made or first used; a link or a stranger's folder on the way is exit 2
 * before anything is written there.
 */
import { lstatSync, mkdirSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

export class NotOwnedError extends UsageError {}

/** `sentence` words the refusal from `<dir> is a symbolic link` (or another problem). */
export type Refusal = (problem: string) => string;

export const STATE_FOLDER_REFUSAL: Refusal = (problem) => `localci's state folder ${problem}, so localci will not write there.`;

/** Throws unless `dir` is missing or a real folder of this user. Returns whether it exists. */
export function checkOwnedFolder(dir: string, refusal: Refusal, hint: string): boolean {
  const info = lstatSync(dir, { throwIfNoEntry: false });
  if (info === undefined) return false;
  const problem = problemOf(info);
  if (problem) throw new NotOwnedError(refusal(`${dir} ${problem}`), hint);
  return true;
}

function problemOf(info: Stats): string | undefined {
  if (info.isSymbolicLink()) return 'is a symbolic link';
  if (!info.isDirectory()) return 'is not a folder';
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) return `belongs to another user (uid ${info.uid})`;
  return undefined;
}

/**
 * Makes `target` and the folders between `home` and it, one level at a time, checking each
 * (a recursive mkdir would walk through a link): a dozen system calls, cheap enough to
 * repeat on every use rather than trust a folder seen earlier. `home`'s own parent is made if missing: it
 * is the git directory or the user's cache folder, not localci's to judge.
 */
export function makeOwnedFolders(home: string, target: string, hint: string): string {
  const relative = path.relative(home, target);
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw new Error(`${target} is outside ${home}`);
  mkdirSync(path.dirname(home), { recursive: true });
  let dir = home;
  makeOne(dir, hint);
  for (const part of relative.split(path.sep).filter((name) => name !== '')) {
    dir = path.join(dir, part);
    makeOne(dir, hint);
  }
  return target;
}

function makeOne(dir: string, hint: string): void {
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  checkOwnedFolder(dir, STATE_FOLDER_REFUSAL, hint);
}
