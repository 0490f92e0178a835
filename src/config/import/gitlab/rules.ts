/**
 * Whether a job is in the pipeline and how, decided as GitLab decides it for a
 * push of the current branch: `rules` (first match wins: `if`, `exists` and
 * `changes`, then its `when`, `allow_failure`, `variables`), or `only`/`except`
 * refs. `if` and `exists` are decided now, against the checkout; `changes`
 * stays for the run, which knows what changed against the upstream branch.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { ConfigError } from '../../../errors.js';
import { isMapping } from './deep-merge.js';
import { evaluateIf, ExpressionError } from './expression.js';
import { expandText, type Variables } from './variables.js';

export interface RuleOutcome {
  /** False: the job is not in the pipeline (no rule matched, or `when: never`). */
  included: boolean;
  when?: string;
  allowFailure?: unknown;
  variables?: unknown;
  /** Run only when one of these files changed (decided by the run). */
  changes?: string[];
  /** Rules after a `changes` rule that the run cannot fall through to. */
  approximated?: string;
}

export interface RuleContext {
  root: string;
  variables: Readonly<Variables>;
  file: string;
  /** Key path of the job, for messages. */
  at: string;
}

export function decideRules(rules: unknown, context: RuleContext): RuleOutcome {
  if (!Array.isArray(rules)) throw ruleError(context, 'rules', 'must be a list of rules');
  for (const [index, rule] of rules.entries()) {
    if (!isMapping(rule)) throw ruleError(context, `rules[${index}]`, 'each rule must be a mapping such as `- if: $CI_COMMIT_BRANCH == "main"`');
    if (typeof rule.if === 'string' && !condition(rule.if, context, `rules[${index}].if`)) continue;
    if (rule.exists !== undefined && !anyExists(pathsOf(rule.exists), context)) continue;
    const outcome: RuleOutcome = { included: rule.when !== 'never' };
    if (typeof rule.when === 'string') outcome.when = rule.when;
    if (rule.allow_failure !== undefined) outcome.allowFailure = rule.allow_failure;
    if (rule.variables !== undefined) outcome.variables = rule.variables;
    if (rule.changes !== undefined) {
      outcome.changes = pathsOf(rule.changes).map((pattern) => expandText(pattern, context.variables));
      if (index < rules.length - 1) outcome.approximated = `approximated: when none of these files changed the job is skipped; rules after rules[${index}] are not tried`;
    }
    return outcome;
  }
  return { included: false };
}

/** `only`/`except` with refs (`main`, `/^release-.*$/`, `branches`, `tags`, `pushes`) and `variables`. */
export function decideOnlyExcept(only: unknown, except: unknown, ref: { branch?: string; tag?: string }, context: RuleContext): RuleOutcome {
  const matchesRefs = (spec: unknown, key: string): { refs: boolean; variables: boolean; changes?: string[] } => {
    const block = Array.isArray(spec) || typeof spec === 'string' ? { refs: spec } : isMapping(spec) ? spec : {};
    const refs = block.refs === undefined ? undefined : Array.isArray(block.refs) ? block.refs : [block.refs];
    const refsMatch = refs === undefined ? true : refs.some((entry) => refMatches(String(entry), ref));
    const variables = Array.isArray(block.variables) ? block.variables.some((text, index) => condition(String(text), context, `${key}.variables[${index}]`)) : true;
    return { refs: refsMatch, variables, ...(block.changes !== undefined ? { changes: pathsOf(block.changes) } : {}) };
  };
  const wanted = only === undefined ? { refs: true, variables: true } : matchesRefs(only, 'only');
  if (!wanted.refs || !wanted.variables) return { included: false };
  if (except !== undefined) {
    const block = matchesRefs(except, 'except');
    const hasRefs = Array.isArray(except) || typeof except === 'string' || (isMapping(except) && except.refs !== undefined);
    const hasVariables = isMapping(except) && Array.isArray(except.variables);
    if ((hasRefs && block.refs) || (hasVariables && block.variables)) return { included: false };
  }
  return { included: true, ...('changes' in wanted && wanted.changes ? { changes: wanted.changes } : {}) };
}

function refMatches(entry: string, ref: { branch?: string; tag?: string }): boolean {
  const name = ref.tag ?? ref.branch;
  switch (entry) {
    case 'branches':
      return ref.branch !== undefined && ref.tag === undefined;
    case 'tags':
      return ref.tag !== undefined;
    case 'pushes':
      return true;
    case 'api':
    case 'external':
    case 'pipelines':
    case 'schedules':
    case 'triggers':
    case 'web':
    case 'merge_requests':
    case 'external_pull_requests':
    case 'chat':
      return false;
  }
  const regex = /^\/(.*)\/([a-z]*)$/s.exec(entry);
  if (regex) return name !== undefined && new RegExp(regex[1]!, regex[2]!.replace(/[^imsu]/g, '')).test(name);
  return name === entry;
}

function condition(text: string, context: RuleContext, key: string): boolean {
  try {
    return evaluateIf(text, context.variables);
  } catch (error) {
    if (error instanceof ExpressionError) throw ruleError(context, key, `\`${text}\`: ${error.message}`, 'use $VARIABLE, "text", null, /regex/, ==, !=, =~, !~, &&, || and parentheses');
    throw error;
  }
}

function pathsOf(value: unknown): string[] {
  if (isMapping(value)) return pathsOf(value.paths);
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** `exists:` globs against the project's files (links not followed, .git skipped). */
function anyExists(patterns: string[], context: RuleContext): boolean {
  const expanded = patterns.map((pattern) => expandText(pattern, context.variables).replace(/^\/+/, ''));
  if (expanded.every((pattern) => !picomatch.scan(pattern).isGlob)) return expanded.some((pattern) => existsSync(path.join(context.root, pattern)));
  const matcher = picomatch(expanded, { dot: true });
  const walk = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      if (entry.name === '.git') return false;
      const full = path.join(dir, entry.name);
      if (matcher(path.relative(context.root, full).split(path.sep).join('/'))) return true;
      return entry.isDirectory() && walk(full);
    });
  return walk(context.root);
}

function ruleError(context: RuleContext, key: string, message: string, hint?: string): ConfigError {
  return new ConfigError([{ file: context.file, path: `${context.at}.${key}`, message, ...(hint ? { hint } : {}) }]);
}
