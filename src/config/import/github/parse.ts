/**
 * Reads a workflow file as YAML 1.2 (so `on:` stays a key and is not read as
 * `true`), into plain data. A syntax error or a file that is not a workflow
 * is one ConfigIssue naming the file, the line and what was expected.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { ConfigIssue } from '../../../errors.js';

export type Raw = Record<string, unknown>;

export interface Workflow {
  file: string;
  data: Raw;
}

export function isRaw(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readWorkflow(file: string, text: string = readFileSync(file, 'utf8')): Workflow | ConfigIssue {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true, merge: true });
  const [error] = document.errors;
  if (error !== undefined) {
    const line = error.linePos?.[0];
    return { file, path: line ? `line ${line.line}` : '', message: `is not valid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, hint: 'fix the YAML syntax' };
  }
  const data: unknown = document.toJS({ maxAliasCount: 1000 });
  if (!isRaw(data)) return { file, path: '', message: 'is not a GitHub Actions workflow (expected a mapping with `jobs`)' };
  if (!isRaw(data.jobs)) return { file, path: 'jobs', message: 'expected a mapping of job ids to jobs', hint: 'a workflow needs `jobs:`' };
  return { file, data };
}
