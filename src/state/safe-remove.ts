/**
 * The one way localci removes a folder tree. Every recursive removal names the
 * folder it belongs to (`within`); the target must lie inside it, and every
 * folder from `within` down to the target's parent must be a real folder
 * (lstat), never a symbolic link, so a link planted anywhere on the way (a
 * committed `.localci -> ../elsewhere`, a link in an artifact) cannot redirect
 * the removal outside. The target itself, when it is a link, is unlinked, not
 * followed; below it Node's recursive removal lstats every entry and unlinks
 * links without following them.
 *
 * What this does not defend against: another local process swapping a checked
 * folder for a link between the check and the removal. Jobs cannot do that
 * (they never see these folders writable); a local attacker with the user's
 * rights needs no localci to delete the user's files.
 */
import { lstatSync, rmSync, type Stats } from 'node:fs';
import { lstat, rm } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';

/** A removal that would leave its folder or pass through a link. Exit 2: the tree is not what localci made. */
export class UnsafeRemovalError extends UsageError {
  constructor(target: string, reason: string) {
    super(`Refusing to remove ${target}: ${reason}.`, 'localci only removes folders it made; remove or fix that path yourself if it is yours.');
  }
}

/** Removes `target` and everything below it; nothing when it does not exist. */
export async function removeTree(target: string, within: string): Promise<void> {
  const checked = await checkedTarget(target, within, (dir) => lstat(dir).catch(missing));
  if (checked) await rm(checked, { recursive: true, force: true, maxRetries: 2 });
}

/** The same as `removeTree`, for the synchronous code paths of snapshot folders. */
export function removeTreeSync(target: string, within: string): void {
  const checked = checkedTargetSync(target, within);
  if (checked) rmSync(checked, { recursive: true, force: true, maxRetries: 2 });
}

/** Every folder from `within` (included) down to the target's parent (included). */
function foldersOnTheWay(full: string, base: string): string[] {
  const folders = [base];
  const parts = path.relative(base, path.dirname(full)).split(path.sep).filter((part) => part !== '');
  for (const part of parts) folders.push(path.join(folders.at(-1)!, part));
  return full === base ? [] : folders;
}

function resolveInside(target: string, within: string): { full: string; base: string } {
  const full = path.resolve(target);
  const base = path.resolve(within);
  const relative = path.relative(base, full);
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw new UnsafeRemovalError(full, `it is outside ${base}, the folder it belongs to`);
  return { full, base };
}

async function checkedTarget(target: string, within: string, info: (dir: string) => Promise<Stats | undefined>): Promise<string | undefined> {
  const { full, base } = resolveInside(target, within);
  for (const dir of foldersOnTheWay(full, base)) if (!checkFolder(full, dir, await info(dir))) return undefined;
  return full;
}

function checkedTargetSync(target: string, within: string): string | undefined {
  const { full, base } = resolveInside(target, within);
  for (const dir of foldersOnTheWay(full, base)) if (!checkFolder(full, dir, lstatSync(dir, { throwIfNoEntry: false }))) return undefined;
  return full;
}

/** False when the folder is missing (so is the target: nothing to do); throws for anything but a real folder. */
function checkFolder(full: string, dir: string, info: Stats | undefined): boolean {
  if (info === undefined) return false;
  if (info.isSymbolicLink()) throw new UnsafeRemovalError(full, `${dir} is a symbolic link`);
  if (!info.isDirectory()) throw new UnsafeRemovalError(full, `${dir} is not a folder`);
  return true;
}

function missing(error: NodeJS.ErrnoException): undefined {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
  throw error;
}
