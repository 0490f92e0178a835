/**
 * Expand step 3: `!reference [job, key, …]` replaced by the value at that path
 * of the merged configuration (after includes and extends, as GitLab does). A
 * referenced list inside a list (script lines) is flattened into it; references
 * may point at values holding references, up to a depth that stops cycles.
 */
import { ConfigError } from '../../../errors.js';
import { isMapping } from './deep-merge.js';
import { Reference, type GitlabDocument } from './parse.js';

const MAX_DEPTH = 10;

/** With includes not read, an entry whose reference points at nothing is left out and listed in `unavailable`. */
export function resolveReferences(
  document: GitlabDocument,
  fileOf: (key: string) => string,
  unread: { missing: readonly string[]; unavailable: Map<string, string> } = { missing: [], unavailable: new Map() },
): GitlabDocument {
  const walk = (value: unknown, at: string, depth: number): unknown => {
    if (value instanceof Reference) return walk(lookup(document, value, at, fileOf), at, depth + 1);
    if (depth > MAX_DEPTH) throw new ConfigError([{ file: fileOf(at), path: at, message: `!reference nested more than ${MAX_DEPTH} levels (a cycle?)` }]);
    if (Array.isArray(value)) return value.flatMap((item) => (item instanceof Reference ? flat(walk(item, at, depth)) : [walk(item, at, depth)]));
    if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner, at, depth)]));
    return value;
  };
  const out: GitlabDocument = {};
  for (const [key, value] of Object.entries(document)) {
    try {
      out[key] = walk(value, key, 0);
    } catch (error) {
      if (!(error instanceof DanglingReference) || unread.missing.length === 0) throw error;
      unread.unavailable.set(key, `!reference [${error.path.join(', ')}] points at nothing the files read define (not read: ${unread.missing.join(', ')})`);
    }
  }
  return out;
}

class DanglingReference extends ConfigError {
  constructor(
    readonly path: readonly string[],
    file: string,
    at: string,
    missingKey: string,
  ) {
    super([{ file, path: at, message: `!reference [${path.join(', ')}] points at nothing`, hint: `\`${missingKey}\` is not there` }]);
  }
}

/** A script line list referenced inside a script list becomes its lines, not a nested list. */
function flat(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function lookup(document: GitlabDocument, reference: Reference, at: string, fileOf: (key: string) => string): unknown {
  let value: unknown = document;
  for (const key of reference.path) {
    if (!isMapping(value) || !(key in value)) throw new DanglingReference(reference.path, fileOf(at), at, key);
    value = value[key];
  }
  return value;
}
