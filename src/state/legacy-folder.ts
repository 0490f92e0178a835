/**
 * `.localci/` in the project: where localci kept its state before it moved out
 * of the project tree, and where a user may keep `.localci/secrets`. localci
 * never writes there again; it only reads the user's secrets file, and once
 * moves its own old state out (runs and cached results go to the new place,
 * the rest is rebuilt anyway), saying so in one line.
 *
 * A `.localci` that is a symbolic link, a file, or a stranger's folder is
 * refused (exit 2) before anything else happens: a committed
 * `.localci -> ../elsewhere` must not make localci read or delete elsewhere.
 */
import { lstatSync, readdirSync, readFileSync, rmdirSync, rmSync, renameSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { gitMaybe } from '../source/git.js';
import { processAlive } from '../util/process-alive.js';
import { checkOwnedFolder } from './owned-folders.js';
import { removeTree } from './safe-remove.js';

export const LEGACY_DIR_NAME = '.localci';

/** What localci itself used to write into `.localci/`; anything else there is the user's. */
const LEGACY_STATE = ['runs', 'tmp', 'cache', 'workspace', 'watch'];
const MARKER = '.gitignore';
const MIGRATING = '.migrating-';

const HINT = 'localci keeps its state outside the project now and never needs `.localci`; remove it, or make it a plain folder if it holds your `.localci/secrets`.';

/** Throws unless the project's `.localci` is missing or a real folder of this user. Returns whether it exists. */
export function checkLegacyFolder(root: string): boolean {
  return checkOwnedFolder(path.join(root, LEGACY_DIR_NAME), (problem) => `${problem}; localci only uses a \`.localci\` that is a plain folder of yours, and never through a link.`, HINT);
}

/** A file the user keeps in `.localci/` (`secrets`): its path, once `.localci` and the file are known to be real. */
export function userFileInLegacyFolder(root: string, name: string): string | undefined {
  if (!checkLegacyFolder(root)) return undefined;
  const file = path.join(root, LEGACY_DIR_NAME, name);
  const info = lstatSync(file, { throwIfNoEntry: false });
  if (info === undefined) return undefined;
  if (!info.isFile()) throw new UsageError(`${file} is ${info.isSymbolicLink() ? 'a symbolic link' : 'not a file'}, so localci will not read it.`, 'Make it a plain file of KEY=value lines, kept out of git.');
  return file;
}

export interface MigrationTarget {
  root: string;
  /** The project's state folder. */
  dir: string;
  /** Makes the folder of a kind of state and returns it. */
  folder(kind: 'runs' | 'results'): string;
}

/** Moves what `.localci/` holds of localci's own state into the state folder, once; prints one line when it did. */
export async function migrateLegacyState(state: MigrationTarget, say: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<void> {
  const folder = path.join(state.root, LEGACY_DIR_NAME);
  if (!checkLegacyFolder(state.root)) return;
  const names = readdirSync(folder);
  const stale = names.filter((name) => name.startsWith(MIGRATING) && !processAlive(Number(name.slice(MIGRATING.length).split('-')[0])));
  for (const name of stale) await removeTree(path.join(folder, name), folder);
  const legacy = names.filter((name) => LEGACY_STATE.includes(name));
  if (legacy.length === 0) return;
  await refuseTracked(state.root, legacy);
  // Each entry is claimed by renaming it, so two processes starting at once never both move it.
  const claimed = legacy.flatMap((name) => {
    const claim = path.join(folder, `${MIGRATING}${process.pid}-${name}`);
    try {
      renameSync(path.join(folder, name), claim);
      return [{ name, claim }];
    } catch {
      return [];
    }
  });
  if (claimed.length === 0) return;
  let runs = 0;
  let results = 0;
  for (const { name, claim } of claimed) {
    if (name === 'runs') runs = await moveEntries(claim, state.folder('runs'));
    if (name === 'cache') results = await moveEntries(path.join(claim, 'results'), state.folder('results'));
    await removeTree(claim, folder);
  }
  const gone = removeIfOnlyMarker(folder);
  const moved = runs + results > 0 ? `moved ${plural(runs, 'run')} and ${plural(results, 'cached result')} from ${folder} to ${state.dir}` : `moved its state from ${folder} to ${state.dir}`;
  say(`localci: ${moved}; ${gone ? `${LEGACY_DIR_NAME}/ is gone` : `${LEGACY_DIR_NAME}/ keeps only your own files`}.`);
}

/** Tracked files are the project's, even under a name localci used: never moved or removed. */
async function refuseTracked(root: string, names: string[]): Promise<void> {
  const tracked = await gitMaybe(root, ['ls-files', '-z', '--', ...names.map((name) => `${LEGACY_DIR_NAME}/${name}`)]);
  if (tracked) {
    const first = tracked.split('\0')[0];
    throw new UsageError(`${path.join(root, first!)} is tracked by git, so localci will not move or remove ${path.join(root, LEGACY_DIR_NAME)}.`, HINT);
  }
}

/** Renames the real folders of `from` into `to` (same filesystem); what cannot be moved stays and is removed with `from`. */
async function moveEntries(from: string, to: string): Promise<number> {
  const info = lstatOrUndefined(from);
  if (!info?.isDirectory()) return 0;
  let moved = 0;
  for (const name of readdirSync(from)) {
    if (!lstatOrUndefined(path.join(from, name))?.isDirectory()) continue;
    try {
      renameSync(path.join(from, name), path.join(to, name));
      moved += 1;
    } catch {
      // Another filesystem, or already there: dropped with the rest.
    }
  }
  return moved;
}

/** `.localci/` with nothing but localci's own `.gitignore` left goes; one holding the user's files stays, ignored as before. */
function removeIfOnlyMarker(folder: string): boolean {
  const left = readdirSync(folder);
  if (left.length > 1 || (left.length === 1 && left[0] !== MARKER)) return false;
  if (left.length === 1) {
    const marker = path.join(folder, MARKER);
    if (!lstatOrUndefined(marker)?.isFile() || readFileSync(marker, 'utf8') !== '*\n') return false;
    rmSync(marker);
  }
  rmdirSync(folder);
  return true;
}

function lstatOrUndefined(file: string): Stats | undefined {
  return lstatSync(file, { throwIfNoEntry: false });
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
