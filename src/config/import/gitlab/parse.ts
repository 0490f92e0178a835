/**
 * Parse step: one `.gitlab-ci.yml` (or an included file) read into plain data.
 * YAML 1.1 merge keys (`<<: *defaults`) are applied here by the parser; a
 * `!reference [job, key]` tag becomes a Reference value that expand resolves
 * later, once includes and `extends` are merged. Aliases are capped by the
 * parser, so a hostile file cannot expand into gigabytes.
 */
import { readFileSync } from 'node:fs';
import { isSeq, parseDocument, type CollectionTag } from 'yaml';
import { ConfigError } from '../../../errors.js';

/** `!reference [.setup, script]`: the value at that path of the merged configuration. */
export class Reference {
  constructor(readonly path: string[]) {}
}

export type GitlabDocument = Record<string, unknown>;

const referenceTag: CollectionTag = {
  tag: '!reference',
  collection: 'seq',
  resolve(value, onError) {
    const path = isSeq(value) ? value.items.map((item) => String((item as { value?: unknown }).value ?? item)) : [];
    if (path.length === 0 || path.some((part) => part === '')) onError('!reference needs a list of keys such as [.setup, script]');
    return new Reference(path) as never;
  },
};

export function parseGitlabYaml(text: string, file: string): GitlabDocument {
  const document = parseDocument(text, { merge: true, customTags: [referenceTag], prettyErrors: true, uniqueKeys: false });
  const [error] = document.errors;
  if (error) {
    const at = error.linePos?.[0];
    throw new ConfigError([{ file, path: at ? `line ${at.line}, column ${at.col}` : '', message: `not valid YAML: ${firstLine(error.message)}`, hint: 'fix the YAML syntax' }]);
  }
  const value: unknown = document.toJS({ maxAliasCount: 1000 });
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError([{ file, path: '', message: 'a GitLab CI file must be a mapping of jobs and settings', hint: 'start with keys such as `stages:` and job names' }]);
  }
  return value as GitlabDocument;
}

export function readGitlabFile(file: string): GitlabDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError([{ file, path: '', message: code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? 'error'})` }]);
  }
  return parseGitlabYaml(text, file);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
