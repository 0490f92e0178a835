/**
 * `if:` of a step or job. The parts that only read what is known when the
 * workflow is read (github, matrix, inputs, the status functions) are decided
 * now: evaluated once as if every earlier step passed and once as if one
 * failed, they give the step's `when` (on-success, on-failure, always) or
 * `never`. Parts joined with `&&` that read step outputs, needs outputs, env
 * or secrets become a sh test the step runs before its script. Without a
 * status function GitHub adds `success() &&`, and so does this.
 */
import type { Node } from './expression/ast.js';
import { evaluate } from './expression/evaluate.js';
import { usesStatusFunction } from './expression/references.js';
import { conditionNode } from './expression/template.js';
import { toText, truthy } from './expression/values.js';
import { isStatic, referenceWord, type RuntimeScope } from './runtime-values.js';
import { shellQuote } from './shell-library.js';

export type When = 'on-success' | 'on-failure' | 'always' | 'never';

export interface Condition {
  when: When;
  /** A sh condition the step checks when it starts; absent when the whole condition was decided now. */
  guard?: string;
}

export function translateCondition(text: string | boolean | number | undefined, runtime: RuntimeScope): Condition {
  if (text === undefined) return { when: 'on-success' };
  if (typeof text !== 'string') return { when: truthy(text) ? 'on-success' : 'never' };
  const node = conditionNode(text);
  const parts = conjuncts(node);
  const decided = parts.filter(isStatic);
  const implicitSuccess = !usesStatusFunction(node);
  const passes = (failed: boolean) => {
    const scope = { ...runtime.scope, status: { failed, cancelled: false } };
    return (!implicitSuccess || !failed) && decided.every((part) => truthy(evaluate(part, scope)));
  };
  const afterSuccess = passes(false);
  const afterFailure = passes(true);
  const when: When = afterSuccess ? (afterFailure ? 'always' : 'on-success') : afterFailure ? 'on-failure' : 'never';
  const tests = parts.filter((part) => !isStatic(part)).map((part) => {
    const test = usesStatusFunction(part) ? undefined : shTest(part, runtime);
    if (test === undefined) runtime.unsupported(text, 'this part of the condition cannot be checked inside the job; it is taken as true');
    return test;
  });
  const guard = tests.filter((test): test is string => test !== undefined);
  return guard.length === 0 ? { when } : { when, guard: guard.join(' && ') };
}

function conjuncts(node: Node): Node[] {
  return node.type === 'logical' && node.op === '&&' ? [...conjuncts(node.left), ...conjuncts(node.right)] : [node];
}

const FUNCTION_TESTS: Record<string, string> = { contains: '_gcontains', startswith: '_gstarts', endswith: '_gends' };

/** A sh test for the expression's truth, or undefined when it uses something the helpers cannot express. */
function shTest(node: Node, runtime: RuntimeScope): string | undefined {
  switch (node.type) {
    case 'logical': {
      const left = shTest(node.left, runtime);
      const right = shTest(node.right, runtime);
      return left === undefined || right === undefined ? undefined : `{ ${left}; } ${node.op} { ${right}; }`;
    }
    case 'not': {
      const inner = shTest(node.operand, runtime);
      return inner === undefined ? undefined : `! { ${inner}; }`;
    }
    case 'binary': {
      if (node.op !== '==' && node.op !== '!=') return undefined;
      const left = word(node.left, runtime);
      const right = word(node.right, runtime);
      if (left === undefined || right === undefined) return undefined;
      return `${node.op === '!=' ? '! ' : ''}_geq ${left} ${right}`;
    }
    case 'call': {
      const helper = FUNCTION_TESTS[node.name.toLowerCase()];
      const args = node.args.map((arg) => word(arg, runtime));
      if (helper === undefined || args.length !== 2 || args.some((arg) => arg === undefined)) return undefined;
      return `${helper} ${args.join(' ')}`;
    }
    default: {
      const value = word(node, runtime);
      return value === undefined ? undefined : `[ -n ${value} ]`;
    }
  }
}

function word(node: Node, runtime: RuntimeScope): string | undefined {
  if (isStatic(node)) return shellQuote(toText(evaluate(node, runtime.scope)));
  return referenceWord(node, runtime);
}
