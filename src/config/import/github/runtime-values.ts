/**
 * Expressions whose values only the run knows — `steps.<id>.outputs.<name>`,
 * `steps.<id>.outcome`, `needs.<job>.outputs.<name>`, `secrets.<NAME>`, and
 * `env.<NAME>` inside steps (it may come from `$GITHUB_ENV`) — become sh
 * words that read the value inside the job when the step starts. Text is then
 * substituted exactly as GitHub does before the script runs; everything else
 * is evaluated when the workflow is read.
 */
import type { Node } from './expression/ast.js';
import { evaluate, type EvaluationScope } from './expression/evaluate.js';
import { contextsOf } from './expression/references.js';
import { splitTemplate } from './expression/template.js';
import { toText } from './expression/values.js';
import { WORKSPACE } from './github-context.js';
import { shellQuote, STATE_DIR } from './shell-library.js';

/** Contexts read from the job at run time (`jobs` only in a called workflow's `outputs`). */
export const RUNTIME_CONTEXTS = new Set(['steps', 'needs', 'secrets', 'env', 'job', 'jobs']);

/** Where job outputs are written in the workspace (and reach the jobs that need them as artifacts). */
export const OUTPUTS_FOLDER = '.localci-github/outputs';

export interface RuntimeScope {
  /** Contexts known when the workflow is read. */
  scope: EvaluationScope;
  /** Step id → index, for the steps before the one being translated. */
  stepIds: ReadonlyMap<string, number>;
  /** Where a needed job's outputs file is inside the workspace, by job id; undefined when it has none. */
  needsOutputs: (job: string) => string | undefined;
  /** The sh word of an output of a needed job that calls a reusable workflow; undefined when the job calls none. */
  calledOutput?: (job: string, name: string) => string | undefined;
  /** In a called workflow's `outputs`: where its job's outputs file is inside the workspace. */
  jobsOutputs?: (job: string) => string;
  /** The job names (matrix legs) of a job id, for `needs.<id>.result`. */
  needsLegs: (job: string) => string[];
  /** Secret names the job must be given (collected while translating). */
  secrets: Set<string>;
  /** Reports an expression localci cannot evaluate inside the job. */
  unsupported: (source: string, why: string) => void;
}

export function isStatic(node: Node): boolean {
  return [...contextsOf(node)].every((name) => !RUNTIME_CONTEXTS.has(name));
}

/** A sh word (quoted) that expands to the text with every expression substituted. */
export function runtimeWord(text: string, runtime: RuntimeScope): string {
  const parts = splitTemplate(text).map((segment) => {
    if (segment.kind === 'text') return shellQuote(segment.text);
    if (isStatic(segment.node)) return shellQuote(toText(evaluate(segment.node, runtime.scope)));
    const word = referenceWord(segment.node, runtime);
    if (word !== undefined) return word;
    runtime.unsupported(segment.source, 'it combines values known only inside the job; it is replaced by an empty string');
    return "''";
  });
  return parts.length === 0 ? "''" : parts.join('');
}

/** The sh word reading one runtime reference, or undefined when the expression is more than a reference. */
export function referenceWord(node: Node, runtime: RuntimeScope): string | undefined {
  const path = referencePath(node);
  if (path === undefined) return undefined;
  const [context, first, second, third] = path;
  switch (context) {
    case 'secrets':
    case 'env':
      if (first === undefined || second !== undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(first)) return undefined;
      if (context === 'secrets') runtime.secrets.add(first);
      return `"\${${first}-}"`;
    case 'steps': {
      const index = first === undefined ? undefined : runtime.stepIds.get(first);
      if (index === undefined) return "''";
      if (second === 'outputs' && third !== undefined && path.length === 4) return `"$(_gget "${STATE_DIR}/out-${index}" ${shellQuote(third)})"`;
      if ((second === 'outcome' || second === 'conclusion') && path.length === 3) return `"$(cat "${STATE_DIR}/${second}-${index}" 2>/dev/null || echo skipped)"`;
      return undefined;
    }
    case 'needs': {
      if (first === undefined) return undefined;
      // A matrix job's legs: failure when one failed, skipped when none ran (a job its `if:` left out).
      if (second === 'result' && path.length === 3) return `"$(_gresult ${runtime.needsLegs(first).map(shellQuote).join(' ')})"`;
      if (second !== 'outputs' || third === undefined || path.length !== 4) return undefined;
      const called = runtime.calledOutput?.(first, third);
      if (called !== undefined) return called;
      return outputsWord(runtime.needsOutputs(first), third);
    }
    case 'jobs':
      if (first === undefined || second !== 'outputs' || third === undefined || path.length !== 4) return undefined;
      return outputsWord(runtime.jobsOutputs?.(first), third);
    case 'job':
      if (first === 'status' && path.length === 2) return `"\${LOCALCI_JOB_STATUS:-success}"`;
      return undefined;
    default:
      return undefined;
  }
}

/** Reads one output of a job's outputs file (empty when the job has none). */
function outputsWord(file: string | undefined, name: string): string {
  return file === undefined ? "''" : `"$(_gget ${shellQuote(`${WORKSPACE}/${file}`)} ${shellQuote(name)})"`;
}

/** `steps.build.outputs.version` → ['steps', 'build', 'outputs', 'version']; undefined unless a chain of literal keys. */
export function referencePath(node: Node): string[] | undefined {
  if (node.type === 'context') return [node.name.toLowerCase()];
  if (node.type !== 'index' || node.key.type !== 'literal' || typeof node.key.value !== 'string') return undefined;
  const base = referencePath(node.target);
  return base === undefined ? undefined : [...base, node.key.value];
}
