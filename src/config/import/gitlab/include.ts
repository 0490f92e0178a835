/**
 * Expand step 1: `include:`. Local files (with `*` and `**` wildcards) are read
 * from the project; remote, project, template and component includes are never
 * fetched (a local run must not depend on the network) but are read from
 * `--include-dir` when a copy is there. Without one the pipeline is planned from
 * the local files, with one warning per include naming what is missing; jobs
 * that need what only such an include defines are listed as unavailable later.
 * Included files merge in order under the including file, which wins; they may
 * include further files (with `inputs:` for their `spec:`), and a cycle or a
 * path leaving the project is refused.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { ConfigError } from '../../../errors.js';
import { deepMerge, isMapping } from './deep-merge.js';
import { readGitlabFile, type GitlabDocument } from './parse.js';
import { applyInputs } from './inputs.js';
import type { Warnings } from './warnings.js';

/** GitLab's own limit on included files per pipeline. */
const MAX_INCLUDES = 150;

export interface Included {
  document: GitlabDocument;
  /** Every file read, the main one first. */
  files: string[];
  /** The file each top-level key was last written in, for warnings. */
  origin: Map<string, string>;
  /** Includes that could not be read (`template Jobs/Build.gitlab-ci.yml`), in the order met. */
  missing: string[];
}

export interface IncludeContext {
  root: string;
  includeDir?: string;
  warnings: Warnings;
}

export function resolveIncludes(mainFile: string, context: IncludeContext): Included {
  const state: LoadState = { files: [], origin: new Map(), missing: [] };
  const document = load({ file: mainFile }, context, state, []);
  return { document, ...state };
}

type LoadState = Omit<Included, 'document'>;

/** A file to read, with the inputs its include passes. */
interface Target {
  file: string;
  inputs?: unknown;
}

function load(target: Target, context: IncludeContext, state: LoadState, chain: string[]): GitlabDocument {
  const { file } = target;
  if (chain.includes(file)) throw includeError(chain.at(-1)!, `includes itself through ${[...chain, file].map((entry) => path.relative(context.root, entry)).join(' → ')}`);
  if (!state.files.includes(file)) state.files.push(file);
  if (state.files.length > MAX_INCLUDES) throw includeError(file, `more than ${MAX_INCLUDES} included files`);
  const parsed = readGitlabFile(file);
  const { include, ...rest } = applyInputs(parsed.document, parsed.inputs, target.inputs, { file, warnings: context.warnings });
  let merged: GitlabDocument = {};
  for (const inner of includeTargets(include, file, context, state)) {
    merged = deepMerge(merged, load(inner, context, state, [...chain, file]));
  }
  for (const key of Object.keys(rest)) state.origin.set(key, file);
  return deepMerge(merged, rest);
}

function includeTargets(include: unknown, file: string, context: IncludeContext, state: LoadState): Target[] {
  if (include === undefined || include === null) return [];
  const entries = Array.isArray(include) ? include : [include];
  return entries.flatMap((entry, index) => {
    const at = ['include', ...(Array.isArray(include) ? [index] : [])];
    const found = targetsOf(entry, at, file, context);
    return found.flatMap((target): Target[] => {
      if (typeof target === 'string') return [{ file: target, ...(isMapping(entry) && entry.inputs !== undefined ? { inputs: entry.inputs } : {}) }];
      state.missing.push(target.missing);
      context.warnings.add(file, at, target.warning);
      return [];
    });
  });
}

/** A file to read, or an include that cannot be read and why. */
type Found = string | { missing: string; warning: string };

function targetsOf(entry: unknown, at: Array<string | number>, file: string, context: IncludeContext): Found[] {
  if (typeof entry === 'string') return /^https?:\/\//.test(entry) ? [fetched(entry, remoteCopies(entry), file, at, context)] : localFiles(entry, file, context);
  if (!isMapping(entry)) throw includeError(file, `${at.join('.')}: expected a path or a mapping such as \`local: ci/build.yml\``);
  if ('rules' in entry) context.warnings.add(file, [...at, 'rules'], 'ignored: the include is always read');
  if (typeof entry.local === 'string') return localFiles(entry.local, file, context);
  if (typeof entry.remote === 'string') return [fetched(entry.remote, remoteCopies(entry.remote), file, at, context)];
  if (typeof entry.template === 'string') return [fetched(`template ${entry.template}`, [entry.template], file, at, context)];
  if (typeof entry.project === 'string') {
    const project = entry.project;
    const names = Array.isArray(entry.file) ? entry.file : [entry.file];
    return names.map((name) => fetched(`project ${project}:${String(name)}`, [path.posix.join(project, String(name))], file, at, context));
  }
  if (typeof entry.component === 'string') {
    const component = entry.component.replace(/@.*$/, '');
    return [fetched(`component ${entry.component}`, [`${component}.yml`, `${component}/template.yml`, component], file, at, context)];
  }
  throw includeError(file, `${at.join('.')}: unknown include; use local, remote, project, template or component`);
}

/** A remote file's copy in --include-dir is found by its file name, or by host and path. */
function remoteCopies(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [path.posix.basename(parsed.pathname), `${parsed.host}${parsed.pathname}`];
  } catch {
    return [url];
  }
}

/**
 * Includes localci does not fetch: the first copy found in --include-dir, else what is missing
 * and how to supply it (one warning; the pipeline is planned without the include).
 */
function fetched(what: string, copies: string[], file: string, at: Array<string | number>, context: IncludeContext): Found {
  const relative = copies.map((copy) => copy.replace(/^\/+/, ''));
  const { includeDir } = context;
  if (includeDir !== undefined) {
    const found = relative.map((copy) => path.resolve(includeDir, copy)).find((copy) => inside(copy, includeDir) && existsSync(copy) && statSync(copy).isFile());
    if (found !== undefined) return found;
  }
  const where = includeDir === undefined ? 'localci does not fetch includes' : `no copy in ${includeDir}`;
  return {
    missing: what,
    warning: `not read: ${what} (${where}); the pipeline is planned without it, and jobs that need what it defines are listed as unavailable. To use it, save a copy as ${relative[0]} in a folder and pass --include-dir <folder>`,
  };
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
