/**
 * Workflow commands a job prints on a line of its own, as GitHub Actions
 * defines them (`::name key=value,…::data`). Tools print them when they run
 * under `GITHUB_ACTIONS=true`, so imported workflows and the tools in any job
 * speak them: `::add-mask::` hides a value in the rest of the job's output,
 * `::error` / `::warning` / `::notice` become annotations of the job,
 * `::group::` / `::endgroup::` fold output in the HTML report,
 * `::stop-commands::<token>` reads lines as plain text until `::<token>::`.
 * Commands with no local meaning (`add-matcher`, `debug`, …) are left out quietly.
 */
import type { Annotation, AnnotationLevel } from './events.js';

export type WorkflowCommand =
  | { kind: 'add-mask'; value: string }
  | { kind: 'annotation'; annotation: Annotation }
  | { kind: 'group' }
  | { kind: 'quiet' }
  | { kind: 'stop'; token: string };

const LEVELS = new Set<AnnotationLevel>(['error', 'warning', 'notice']);
const GROUPS = new Set(['group', 'endgroup']);
const QUIET = new Set(['add-matcher', 'remove-matcher', 'debug', 'echo', 'save-state', 'set-output', 'set-env', 'add-path']);

/** The command a whole line is, or undefined for ordinary output. `resume` is the token that ends a stop. */
export function parseCommand(line: string): WorkflowCommand | undefined {
  const match = /^\s*::([A-Za-z][\w-]*)(?: ([^:]*))?::(.*)$/.exec(line.replace(/\r$/, ''));
  if (match === null) return undefined;
  const name = match[1]!.toLowerCase();
  const data = unescapeData(match[3]!);
  if (name === 'add-mask') return { kind: 'add-mask', value: data.trim() };
  if (name === 'stop-commands') return { kind: 'stop', token: data };
  if (GROUPS.has(name)) return { kind: 'group' };
  if (QUIET.has(name)) return { kind: 'quiet' };
  if (!LEVELS.has(name as AnnotationLevel)) return undefined;
  const properties = readProperties(match[2] ?? '');
  const annotation: Annotation = { level: name as AnnotationLevel, message: data };
  if (properties.title) annotation.title = properties.title;
  if (properties.file) annotation.file = properties.file;
  for (const key of ['line', 'col'] as const) {
    const value = Number(properties[key]);
    if (Number.isInteger(value) && value > 0) annotation[key] = value;
  }
  return { kind: 'annotation', annotation };
}

/** `file:line:col: title: message`, as an annotation is shown in a log and a summary. */
export function describeAnnotation(annotation: Annotation): string {
  const place = annotation.file === undefined ? '' : `${[annotation.file, annotation.line, annotation.line === undefined ? undefined : annotation.col].filter((part) => part !== undefined).join(':')}: `;
  return `${place}${annotation.title === undefined ? '' : `${annotation.title}: `}${annotation.message}`;
}

function readProperties(text: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) properties[pair.slice(0, at).trim()] = unescapeProperty(pair.slice(at + 1));
  }
  return properties;
}

function unescapeData(text: string): string {
  return text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

function unescapeProperty(text: string): string {
  return unescapeData(text.replace(/%3A/gi, ':').replace(/%2C/gi, ','));
}
