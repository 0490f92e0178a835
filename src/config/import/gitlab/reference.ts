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

export function resolveReferences(document: GitlabDocument, fileOf: (key: string) => string): GitlabDocument {
  const walk = (value: unknown, at: string, depth: number): unknown => {
    if (value instanceof Reference) return walk(lookup(document, value, at, fileOf), at, depth + 1);
    if (depth > MAX_DEPTH) throw new ConfigError([{ file: fileOf(at), path: at, message: `!reference nested more than ${MAX_DEPTH} levels (a cycle?)` }]);
    if (Array.isArray(value)) return value.flatMap((item) => (item instanceof Reference ? flat(walk(item, at, depth)) : [walk(item, at, depth)]));
    if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner, at, depth)]));
    return value;
  };
  return Object.fromEntries(Object.entries(document).map(([key, value]) => [key, walk(value, key, 0)]));
}

/** A script line list referenced inside a script list becomes its lines, not a nested list. */
function flat(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function lookup(document: GitlabDocument, reference: Reference, at: string, fileOf: (key: string) => string): unknown {
  let value: unknown = document;
  for (const key of reference.path) {
    if (!isMapping(value) || !(key in value)) {
      throw new ConfigError([
        { file: fileOf(at), path: at, message: `!reference [${reference.path.join(', ')}] points at nothing`, hint: `\`${key}\` is not there` },
      ]);
    }
    value = value[key];
  }
  return value;
}
