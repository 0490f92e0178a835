/**
 * Where a project's state lives: nowhere in the project tree, where the
 * project's own tools (test runners, bundlers, linters, watchers) would find
 * it. In a git repository it is inside the git directory that all worktrees
 * share (`git rev-parse --git-common-dir`): on the same filesystem as the
 * working tree, so snapshot folders can hard-link its files, and removed with
 * the clone. Outside git it is the user's cache folder (`$XDG_CACHE_HOME`,
 * else `~/.cache`), where files are copied when it is another filesystem.
 *
 *   <git common dir>/localci/node_modules/<slug>/   or   <cache>/localci/node_modules/<slug>/
 *
 * The git directory is not hidden from every tool: `node --test` searches it
 * (it skips only folders named `node_modules`), and would run each test file
 * once more from every snapshot folder and artifact. Every tool that searches
 * a project skips `node_modules`, which is why build tools keep their caches
 * in `node_modules/.cache`; the projects' folders sit below one for the same
 * reason.
 *
 * A monorepo package with its own config is its own project, and so is each
 * worktree's checkout of it: the slug names the worktree and the package path
 * (stable when the clone is moved or renamed), or, outside git, the folder.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type StateHomeKind = 'git' | 'user-cache';

export interface StateLocation {
  /** The project root this state belongs to. */
  root: string;
  kind: StateHomeKind;
  /** localci's folder, shared by the projects of one repository (git) or of the user (cache). */
  home: string;
  /** The project's own name below `home/node_modules/`. */
  slug: string;
  /** `home/node_modules/<slug>`: the project's state folder. */
  dir: string;
}

/** What git says about the repository a folder is in. */
export interface GitLayout {
  /** The repository's common git directory, absolute. */
  commonDir: string;
  /** This worktree's own git directory relative to `commonDir` (`''` for the main worktree). */
  worktreeId: string;
  /** The folder's path from the worktree root, `/`-separated, without a trailing `/` (`''` at the root). */
  prefix: string;
}

export const STATE_HOME_NAME = 'localci';
/** The folder of the projects' folders in `home`: a name every test runner and watcher skips. */
export const PROJECTS_FOLDER = 'node_modules';

const layouts = new Map<string, GitLayout | null>();

/** Asks git once per folder (a few milliseconds); undefined outside a repository. */
export function gitLayoutOf(dir: string): GitLayout | undefined {
  const key = path.resolve(dir);
  if (!layouts.has(key)) layouts.set(key, askGit(key) ?? null);
  return layouts.get(key) ?? undefined;
}

function askGit(dir: string): GitLayout | undefined {
  const args = ['rev-parse', '--is-inside-work-tree', '--git-dir', '--git-common-dir', '--show-prefix'];
  const answer = spawnSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  if (answer.status !== 0 || typeof answer.stdout !== 'string') return undefined;
  const [inside, gitDir, commonDir, prefix = ''] = answer.stdout.split('\n');
  // Inside the git directory itself (or a bare repository) there is no working tree, hence no project.
  if (inside !== 'true' || !gitDir || !commonDir) return undefined;
  const common = realpathSync(path.resolve(dir, commonDir));
  const own = realpathSync(path.resolve(dir, gitDir));
  return { commonDir: common, worktreeId: path.relative(common, own).split(path.sep).join('/'), prefix: prefix.replace(/\/$/, '') };
}

/** The state location of the project whose root is `root`; reads nothing but git's answer. */
export function locateState(root: string, env: NodeJS.ProcessEnv = process.env): StateLocation {
  const resolved = path.resolve(root);
  const layout = gitLayoutOf(resolved);
  return layout ? inRepository(resolved, layout) : inUserCache(resolved, env);
}

/** For a folder above one whose layout is known (walking up from the current directory): no further git call. */
export function locateStateAbove(root: string, below: string, layout: GitLayout): StateLocation {
  const up = path.relative(path.resolve(root), path.resolve(below)).split(path.sep).filter((part) => part !== '').length;
  const parts = layout.prefix === '' ? [] : layout.prefix.split('/');
  return inRepository(path.resolve(root), { ...layout, prefix: parts.slice(0, Math.max(0, parts.length - up)).join('/') });
}

function inRepository(root: string, layout: GitLayout): StateLocation {
  const home = path.join(layout.commonDir, STATE_HOME_NAME);
  const worktree = layout.worktreeId === '' ? '' : `@${path.posix.basename(layout.worktreeId)}`;
  const slug = `${readable(layout.prefix) || 'root'}${worktree}-${shortHash(`${layout.worktreeId}\0${layout.prefix}`)}`;
  return { root, kind: 'git', home, slug, dir: path.join(home, PROJECTS_FOLDER, slug) };
}

function inUserCache(root: string, env: NodeJS.ProcessEnv): StateLocation {
  const home = path.join(userCacheDir(env), STATE_HOME_NAME);
  let real = root;
  try {
    real = realpathSync(root);
  } catch {
    // Not there (yet): the path as given names it.
  }
  const slug = `${readable(path.basename(real)) || 'project'}-${shortHash(real)}`;
  return { root, kind: 'user-cache', home, slug, dir: path.join(home, PROJECTS_FOLDER, slug) };
}

/** `$XDG_CACHE_HOME` when it is an absolute path (the spec ignores a relative one), else `~/.cache`. */
export function userCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
}

function readable(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 40);
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
