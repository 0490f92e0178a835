/**
 * Expand step 2: `extends:` (a name or a list, several levels deep). The
 * bases merge in the order listed, each after its own bases, and the job's own
 * keys win; mappings merge key by key, lists are replaced (GitLab's rule).
 */
import { ConfigError } from '../../../errors.js';
import { deepMerge, isMapping } from './deep-merge.js';
import type { GitlabDocument } from './parse.js';

/** GitLab refuses deeper chains; so does localci, which also stops cycles with it. */
const MAX_DEPTH = 11;

/** For each job that extends others: which entry (the job itself or a base) wrote each of its keys. */
export type KeyOwners = Map<string, Map<string, string>>;

/** A base no file read defines. */
class MissingBase extends Error {
  constructor(readonly base: string) {
    super(base);
  }
}

/**
 * `unread`: includes that could not be read. With some, a base nobody defines is taken to be in
 * one of them: the entries extending it are left out and listed in `unavailable` with the reason,
 * instead of the whole file failing. Without any, such a base is a mistake in the file.
 */
export function resolveExtends(
  document: GitlabDocument,
  fileOf: (key: string) => string,
  owners: KeyOwners = new Map(),
  unread: { missing: readonly string[]; unavailable: Map<string, string> } = { missing: [], unavailable: new Map() },
): GitlabDocument {
  const resolved = new Map<string, Record<string, unknown>>();
  const resolve = (name: string, chain: string[]): Record<string, unknown> => {
    const done = resolved.get(name);
    if (done) return done;
    const entry = document[name];
    if (!isMapping(entry) && entry === undefined && chain.length > 0 && unread.missing.length > 0) throw new MissingBase(name);
    if (!isMapping(entry)) throw new ConfigError([{ file: fileOf(chain.at(-1) ?? name), path: `${chain.at(-1) ?? name}.extends`, message: `\`${name}\` is not a job or hidden job to extend` }]);
    if (chain.includes(name)) throw extendsError(fileOf(name), name, `extends itself through ${[...chain, name].join(' → ')}`);
    if (chain.length > MAX_DEPTH) throw extendsError(fileOf(name), name, `extends more than ${MAX_DEPTH} levels deep`);
    const { extends: bases, ...own } = entry;
    let merged: Record<string, unknown> = {};
    const owner = new Map<string, string>();
    for (const base of baseNames(bases, name, fileOf)) {
      const inherited = resolve(base, [...chain, name]);
      merged = deepMerge(merged, inherited);
      for (const key of Object.keys(inherited)) owner.set(key, owners.get(base)?.get(key) ?? base);
    }
    for (const key of Object.keys(own)) owner.set(key, name);
    const result = deepMerge(merged, own);
    resolved.set(name, result);
    owners.set(name, owner);
    return result;
  };
  const out: GitlabDocument = {};
  for (const [key, value] of Object.entries(document)) {
    try {
      out[key] = isMapping(value) && 'extends' in value ? resolve(key, []) : value;
    } catch (error) {
      if (!(error instanceof MissingBase)) throw error;
      unread.unavailable.set(key, `extends \`${error.base}\`, which no file read defines (not read: ${unread.missing.join(', ')})`);
    }
  }
  return out;
}

function baseNames(value: unknown, job: string, fileOf: (key: string) => string): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item): item is string => typeof item === 'string')) throw extendsError(fileOf(job), job, 'must be a job name or a list of them');
  return list;
}

function extendsError(file: string, job: string, message: string): ConfigError {
  return new ConfigError([{ file, path: `${job}.extends`, message }]);
}
