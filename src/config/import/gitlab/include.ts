/**
 * Expand step 1: `include:`. Local files (with `*` and `**` wildcards) are read
 * from the project (include-local.ts); remote, project, template and component
 * includes from `--include-dir` when a copy is there, else fetched into the
 * user's cache where that is possible (include-sources.ts). What cannot be read
 * is one warning each; the pipeline is planned from the rest, and jobs that
 * need what only such an include defines are listed as unavailable later.
 * Included files merge in order under the including file, which wins; they may
 * include further files (with `inputs:` for their `spec:`; a fetched project's
 * `local` includes are its own files), and a cycle or a path leaving the
 * project is refused.
 */
import path from 'node:path';
import { deepMerge, isMapping } from './deep-merge.js';
import { readGitlabFile, type GitlabDocument } from './parse.js';
import { applyInputs } from './inputs.js';
import { includeError, localFiles } from './include-local.js';
import { componentSource, projectSource, remoteSource, templateSource, type Found, type IncludeSite, type SourceContext } from './include-sources.js';

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

export interface IncludeContext extends SourceContext {
  root: string;
}

export async function resolveIncludes(mainFile: string, context: IncludeContext): Promise<Included> {
  const state: LoadState = { files: [], origin: new Map(), missing: [] };
  const document = await load({ file: mainFile, base: context.root }, context, state, []);
  return { document, ...state };
}

type LoadState = Omit<Included, 'document'>;

/** A file to read, with the inputs its include passes and the folder its `local` includes start from. */
interface Target {
  file: string;
  base: string;
  inputs?: unknown;
}

async function load(target: Target, context: IncludeContext, state: LoadState, chain: string[]): Promise<GitlabDocument> {
  const { file } = target;
  if (chain.includes(file)) throw includeError(chain.at(-1)!, `includes itself through ${[...chain, file].map((entry) => path.relative(context.root, entry)).join(' → ')}`);
  if (!state.files.includes(file)) state.files.push(file);
  if (state.files.length > MAX_INCLUDES) throw includeError(file, `more than ${MAX_INCLUDES} included files`);
  const parsed = readGitlabFile(file);
  const { include, ...rest } = applyInputs(parsed.document, parsed.inputs, target.inputs, { file, warnings: context.warnings });
  let merged: GitlabDocument = {};
  for (const inner of await includeTargets(include, target, context, state)) {
    merged = deepMerge(merged, await load(inner, context, state, [...chain, file]));
  }
  for (const key of Object.keys(rest)) state.origin.set(key, file);
  return deepMerge(merged, rest);
}

async function includeTargets(include: unknown, including: Target, context: IncludeContext, state: LoadState): Promise<Target[]> {
  if (include === undefined || include === null) return [];
  const entries = Array.isArray(include) ? include : [include];
  const targets: Target[] = [];
  for (const [index, entry] of entries.entries()) {
    const site: IncludeSite = { file: including.file, at: ['include', ...(Array.isArray(include) ? [index] : [])] };
    for (const found of await targetsOf(entry, site, including.base, context)) {
      if ('file' in found) {
        targets.push({ file: found.file, base: found.base ?? context.root, ...(isMapping(entry) && entry.inputs !== undefined ? { inputs: entry.inputs } : {}) });
        continue;
      }
      state.missing.push(found.missing);
      context.warnings.add(site.file, site.at, found.warning);
    }
  }
  return targets;
}

async function targetsOf(entry: unknown, site: IncludeSite, base: string, context: IncludeContext): Promise<Found[]> {
  const { file, at } = site;
  const local = (pattern: string): Found[] => localFiles(pattern, file, base, context.warnings).map((found) => ({ file: found, base }));
  if (typeof entry === 'string') return /^https?:\/\//.test(entry) ? [await remoteSource(entry, site, context)] : local(entry);
  if (!isMapping(entry)) throw includeError(file, `${at.join('.')}: expected a path or a mapping such as \`local: ci/build.yml\``);
  if ('rules' in entry) context.warnings.add(file, [...at, 'rules'], 'ignored: the include is always read');
  if (typeof entry.local === 'string') return local(entry.local);
  if (typeof entry.remote === 'string') return [await remoteSource(entry.remote, site, context)];
  if (typeof entry.template === 'string') return [await templateSource(entry.template, site, context)];
  if (typeof entry.project === 'string') {
    const { project } = entry;
    const ref = typeof entry.ref === 'string' || typeof entry.ref === 'number' ? String(entry.ref) : undefined;
    const names = Array.isArray(entry.file) ? entry.file : [entry.file];
    const found: Found[] = [];
    for (const name of names) found.push(await projectSource(project, ref, String(name), site, context));
    return found;
  }
  if (typeof entry.component === 'string') return [await componentSource(entry.component, site, context)];
  throw includeError(file, `${at.join('.')}: unknown include; use local, remote, project, template or component`);
}
