/**
 * zod issues → ConfigIssues in plain words: `jobs.unit.needs[0]: expected a
 * string, got number`. Every issue is kept, so one run shows everything to
 * fix. Hints come from the schema (`params.hint`) or are derived here:
 * "did you mean" for unknown keys and enum values, "quote it" for numbers
 * where strings are required.
 */
import type { z } from 'zod';
import type { ConfigIssue } from '../errors.js';
import { formatKeyPath, type KeyPath } from './key-path.js';
import { allowedKeysAt } from './schema-keys.js';
import { closestMatch } from './suggest.js';

type ZodIssue = z.core.$ZodIssue;

export interface IssueContext {
  file: string;
  /** Prepended to every path, e.g. `['ci']` for the `"ci"` key of package.json. */
  prefix: KeyPath;
  /** The schema that produced the issues, for the keys allowed at each level. */
  schema: z.ZodType;
}

export function toConfigIssues(issues: readonly ZodIssue[], context: IssueContext): ConfigIssue[] {
  // `job: …` with `jobs` missing is one mistake: the typo's "did you mean `jobs`?" says it all.
  const suggested = new Set(
    issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.flatMap((key) => {
            const match = closestMatch(key, allowedKeysAt(context.schema, issue.path as KeyPath));
            return match ? [formatKeyPath([...(issue.path as KeyPath), match])] : [];
          })
        : [],
    ),
  );
  const explained = (issue: ZodIssue) =>
    issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined && suggested.has(formatKeyPath(issue.path as KeyPath));
  return issues.filter((issue) => !explained(issue)).flatMap((issue) => convert(issue, [], context));
}

function convert(issue: ZodIssue, base: KeyPath, context: IssueContext): ConfigIssue[] {
  const path = [...base, ...(issue.path as KeyPath)];
  const make = (message: string, hint?: string, at: KeyPath = path): ConfigIssue => ({
    file: context.file,
    path: formatKeyPath([...context.prefix, ...at]),
    message,
    ...(hint ? { hint } : {}),
  });
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type': {
      if (path.length === 0) {
        return [make(`expected the config to be an object, got ${typeName(input)}`, 'write `export default defineConfig({ jobs: { … } })` (or the same object in JSON or YAML)')];
      }
      if (input === undefined) return [make(`missing (expected ${expectedName(issue.expected)})`)];
      return [make(`expected ${expectedName(issue.expected)}, got ${typeName(input)}`, typeHint(issue.expected, input))];
    }
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(context.schema, path);
      return issue.keys.map((key) => make(`unknown key \`${key}\``, unknownKeyHint(key, allowed), [...path, key]));
    }
    case 'invalid_value': {
      const values = issue.values.map((value) => `'${String(value)}'`).join(', ');
      const match = typeof input === 'string' ? closestMatch(input, issue.values.map(String)) : undefined;
      const got = input === undefined ? '' : `, got ${typeof input === 'string' ? `'${input}'` : typeName(input)}`;
      return [make(`expected one of ${values}${got}`, match ? `did you mean '${match}'?` : undefined)];
    }
    case 'too_small':
      return [make(tooSmall(issue))];
    case 'too_big':
      return [make(issue.origin === 'array' ? `must have at most ${String(issue.maximum)} entries` : `must be ${String(issue.maximum)} or less`)];
    case 'invalid_union':
      return unionIssues(issue, path, input, context, make);
    case 'invalid_key':
      // The key itself is wrong: report the nested reasons at the key's path.
      return issue.issues.flatMap((inner) => convert({ ...inner, path: [] } as ZodIssue, path, context));
    case 'custom': {
      const hint = (issue.params as { hint?: string } | undefined)?.hint;
      return [make(issue.message, hint)];
    }
    default:
      return [make(issue.message)];
  }
}

/**
 * A union fails when no branch accepts the value. When exactly the branches
 * whose type matched still failed deeper (a string step that is blank, a
 * retry number that is negative), their reasons are what the user needs;
 * otherwise the value had the wrong type for every branch.
 */
function unionIssues(
  issue: Extract<ZodIssue, { code: 'invalid_union' }>,
  path: KeyPath,
  input: unknown,
  context: IssueContext,
  make: (message: string, hint?: string) => ConfigIssue,
): ConfigIssue[] {
  const branches = issue.errors;
  // A fraction where a whole number is expected still matched the number branch.
  const typeMismatch = (issues: readonly ZodIssue[]) =>
    issues.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0 && !(inner.expected === 'int' && typeof input === 'number'));
  const matched = branches.find((issues) => issues.length > 0 && !typeMismatch(issues));
  if (matched) return matched.flatMap((inner) => convert(inner, path, context));
  const expected = [
    ...new Set(branches.flatMap((issues) => issues.flatMap((inner) => (inner.code === 'invalid_type' && inner.path.length === 0 ? [expectedName(inner.expected)] : [])))),
  ];
  if (input === undefined) return [make(`missing (expected ${expected.join(' or ')})`)];
  const hint = expected.includes('a string') ? typeHint('string', input) : undefined;
  return [make(`expected ${expected.join(' or ')}, got ${typeName(input)}`, hint)];
}

/** The likely fix for a value of the wrong type: quoting a number, wrapping a single string in a list. */
function typeHint(expected: string, input: unknown): string | undefined {
  if (expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) return `quote it: \`'${String(input)}'\``;
  if (expected === 'array' && typeof input === 'string') {
    const literal = input.includes("'") || input.includes('\n') ? JSON.stringify(input) : `'${input}'`;
    return `make it a list: \`[${literal}]\``;
  }
  return undefined;
}

function unknownKeyHint(key: string, allowed: readonly string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const match = closestMatch(key, allowed);
  if (match) return `did you mean \`${match}\`?`;
  // A short list is worth showing; the job level's twenty keys are not.
  return allowed.length <= 10 ? `allowed keys: ${allowed.join(', ')}` : undefined;
}

function tooSmall(issue: Extract<ZodIssue, { code: 'too_small' }>): string {
  if (issue.origin === 'array') return Number(issue.minimum) <= 1 ? 'must not be empty' : `must have at least ${String(issue.minimum)} entries`;
  if (issue.origin === 'string') return 'must not be empty';
  if (issue.inclusive === false) return `must be more than ${String(issue.minimum)}`;
  return `must be ${String(issue.minimum)} or more`;
}

function expectedName(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'an object';
    default:
      return expected;
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && !Number.isInteger(value)) return Number.isFinite(value) ? 'a fraction' : String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}
