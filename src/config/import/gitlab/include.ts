/**
 * Expand step 1: `include:`. Local files (with `*` and `**` wildcards) are read
 * from the project; remote, project, template and component includes are never
 * fetched (a local run must not depend on the network) but are read from
 * `--include-dir` when a copy is there, else they are a clear error. Included
 * files merge in order under the including file, which wins; they may include
 * further files, and a cycle or a path leaving the project is refused.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { ConfigError } from '../../../errors.js';
import { deepMerge, isMapping } from './deep-merge.js';
import { readGitlabFile, type GitlabDocument } from './parse.js';
import type { Warnings } from './warnings.js';

/** GitLab's own limit on included files per pipeline. */
const MAX_INCLUDES = 150;

export interface Included {
  document: GitlabDocument;
  /** Every file read, the main one first. */
  files: string[];
  /** The file each top-level key was last written in, for warnings. */
  origin: Map<string, string>;
}

export interface IncludeContext {
  root: string;
  includeDir?: string;
  warnings: Warnings;
}

export function resolveIncludes(mainFile: string, context: IncludeContext): Included {
  const files: string[] = [];
  const origin = new Map<string, string>();
  const document = load(mainFile, context, files, origin, []);
  return { document, files, origin };
}

function load(file: string, context: IncludeContext, files: string[], origin: Map<string, string>, chain: string[]): GitlabDocument {
  if (chain.includes(file)) throw includeError(chain.at(-1)!, `includes itself through ${[...chain, file].map((entry) => path.relative(context.root, entry)).join(' → ')}`);
  if (!files.includes(file)) files.push(file);
  if (files.length > MAX_INCLUDES) throw includeError(file, `more than ${MAX_INCLUDES} included files`);
  const own = readGitlabFile(file).document;
  const { include, ...rest } = own;
  let merged: GitlabDocument = {};
  for (const target of includeTargets(include, file, context)) {
    merged = deepMerge(merged, load(target, context, files, origin, [...chain, file]));
  }
  for (const key of Object.keys(rest)) origin.set(key, file);
  return deepMerge(merged, rest);
}

function includeTargets(include: unknown, file: string, context: IncludeContext): string[] {
  if (include === undefined || include === null) return [];
  const entries = Array.isArray(include) ? include : [include];
  return entries.flatMap((entry, index) => targetsOf(entry, ['include', ...(Array.isArray(include) ? [index] : [])], file, context));
}

function targetsOf(entry: unknown, at: Array<string | number>, file: string, context: IncludeContext): string[] {
  if (typeof entry === 'string') return /^https?:\/\//.test(entry) ? [fetched(entry, remoteCopy(entry), file, context)] : localFiles(entry, file, context);
  if (!isMapping(entry)) throw includeError(file, `${at.join('.')}: expected a path or a mapping such as \`local: ci/build.yml\``);
  for (const key of ['rules', 'inputs']) {
    if (key in entry) context.warnings.add(file, [...at, key], `ignored: the include is always read`);
  }
  if (typeof entry.local === 'string') return localFiles(entry.local, file, context);
  if (typeof entry.remote === 'string') return [fetched(entry.remote, remoteCopy(entry.remote), file, context)];
  if (typeof entry.template === 'string') return [fetched(`template ${entry.template}`, entry.template, file, context)];
  if (typeof entry.project === 'string') {
    const names = Array.isArray(entry.file) ? entry.file : [entry.file];
    return names.map((name) => fetched(`${entry.project}:${String(name)}`, path.join(entry.project as string, String(name)), file, context));
  }
  if (typeof entry.component === 'string') return [fetched(`component ${entry.component}`, entry.component.replace(/@.*$/, ''), file, context)];
  throw includeError(file, `${at.join('.')}: unknown include; use local, remote, project, template or component`);
}

/** A remote file's copy in --include-dir is found by its file name. */
function remoteCopy(url: string): string {
  return path.posix.basename(new URL(url).pathname);
}

/** Includes localci does not fetch: read from --include-dir, else stop with what to do. */
function fetched(what: string, relative: string, file: string, context: IncludeContext): string {
  const hint = `localci does not fetch includes; save a copy as ${relative.replace(/^\/+/, '')} in a folder and pass \`--include-dir <folder>\`.`;
  if (context.includeDir === undefined) throw includeError(file, `include ${what} cannot be fetched`, hint);
  const copy = path.resolve(context.includeDir, relative.replace(/^\/+/, ''));
  if (!inside(copy, context.includeDir) || !existsSync(copy)) throw includeError(file, `include ${what}: no copy at ${copy}`, hint);
  return copy;
}

/** `ci/*.yml`, `/ci/**.yml`: paths from the project root, files only, in sorted order. */
function localFiles(pattern: string, file: string, context: IncludeContext): string[] {
  const relative = pattern.replace(/^\/+/, '');
  const scan = picomatch.scan(relative);
  if (!scan.isGlob) {
    const target = path.resolve(context.root, relative);
    if (!inside(target, context.root)) throw includeError(file, `include ${pattern} is outside the project`);
    if (!existsSync(target)) throw includeError(file, `include ${pattern}: no such file in the project`, 'paths of local includes start at the project root');
    checkReal(target, pattern, file, context.root);
    return [target];
  }
  // GitLab's `**.yml` means every .yml below the folder.
  const matcher = picomatch(relative.replace(/(^|\/)\*\*(?=[^/])/g, '$1**/*'), { dot: true });
  const base = path.resolve(context.root, scan.base);
  if (!inside(base, context.root)) throw includeError(file, `include ${pattern} is outside the project`);
  const found = walk(base, context.root).filter((candidate) => matcher(candidate)).sort();
  if (found.length === 0) context.warnings.add(file, ['include'], `${pattern} matched no file`);
  return found.map((candidate) => path.join(context.root, candidate));
}

/** Files below `dir` as root-relative paths; links are not followed and .git is skipped. */
function walk(dir: string, root: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.git') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full, root));
    else if (entry.isFile()) out.push(path.relative(root, full).split(path.sep).join('/'));
  }
  return out;
}

function checkReal(target: string, pattern: string, file: string, root: string): void {
  if (!inside(realpathSync(target), realpathSync(root))) throw includeError(file, `include ${pattern} leads outside the project through a link`);
  if (statSync(target).isDirectory()) throw includeError(file, `include ${pattern} is a folder`, 'name a file, or use a wildcard such as ci/*.yml');
}

function inside(target: string, dir: string): boolean {
  const relative = path.relative(dir, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function includeError(file: string, message: string, hint?: string): ConfigError {
  return new ConfigError([{ file, path: 'include', message, ...(hint ? { hint } : {}) }]);
}
