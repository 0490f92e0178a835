/**
 * Parse step: one `.gitlab-ci.yml` (or an included file) read into plain data,
 * as GitLab's YAML reader sees it: merge keys (`<<: *defaults`) applied, a key
 * or an anchor written twice takes the later one, and a `!reference [job, key]`
 * tag becomes a Reference value that expand resolves once includes and
 * `extends` are merged. A file may start with a `spec:` document (the inputs it
 * takes) before `---`. js-yaml reads a large file several times faster than the
 * `yaml` package, which matters because every command imports the file.
 */
import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, loadAll, Type, YAMLException } from 'js-yaml';
import { ConfigError } from '../../../errors.js';
import { checkExpandedSize } from './expanded-size.js';

/** `!reference [.setup, script]`: the value at that path of the merged configuration. */
export class Reference {
  constructor(readonly path: string[]) {}
}

export type GitlabDocument = Record<string, unknown>;

export interface GitlabFile {
  document: GitlabDocument;
  /** `spec: inputs:` of the file's header document, when it has one. */
  inputs?: Record<string, unknown>;
}

const referenceType = new Type('!reference', {
  kind: 'sequence',
  resolve: (data: unknown) => Array.isArray(data) && data.length > 0 && data.every((part) => part !== null && String(part) !== ''),
  construct: (data: unknown[]) => new Reference(data.map(String)),
});

/** `<<`: js-yaml merges a mapping into its parent under a key of this type (the same definition js-yaml's default schema has). */
const mergeType = new Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: unknown) => data === '<<' || data === null });

/** YAML 1.2's core types (no dates, `on` is text) plus merge keys and `!reference`. */
const SCHEMA = CORE_SCHEMA.extend({ implicit: [mergeType], explicit: [referenceType] });

export function parseGitlabYaml(text: string, file: string): GitlabFile {
  let documents: unknown[];
  try {
    // `json: true`: a key written twice takes the later value, as in GitLab.
    documents = loadAll(text, undefined, { schema: SCHEMA, json: true, filename: file });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const at = error.mark ? `line ${error.mark.line + 1}, column ${error.mark.column + 1}` : '';
    throw new ConfigError([{ file, path: at, message: `not valid YAML: ${error.reason ?? error.message}`, hint: 'fix the YAML syntax' }]);
  }
  const [first, second, ...more] = documents.filter((document) => document !== null && document !== undefined);
  const header = isRecord(first) && Object.keys(first).length === 1 && 'spec' in first ? first : undefined;
  const body = header ? second : first;
  if (more.length > 0 || (second !== undefined && !header)) {
    throw new ConfigError([{ file, path: '', message: 'holds more than one YAML document', hint: 'only a `spec:` header may come before `---`' }]);
  }
  if (body !== undefined && !isRecord(body)) {
    throw new ConfigError([{ file, path: '', message: 'a GitLab CI file must be a mapping of jobs and settings', hint: 'start with keys such as `stages:` and job names' }]);
  }
  const document = body ?? {};
  checkExpandedSize(document, file);
  const spec = header?.spec;
  const inputs = isRecord(spec) && isRecord(spec.inputs) ? spec.inputs : undefined;
  return { document, ...(inputs ? { inputs } : {}) };
}

export function readGitlabFile(file: string): GitlabFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError([{ file, path: '', message: code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? 'error'})` }]);
  }
  return parseGitlabYaml(text, file);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Reference);
}
