/**
 * Evaluates a parsed expression against the contexts a place allows
 * (`github`, `env`, `matrix`, `needs`, `inputs`, `vars`, `secrets`, …).
 * `&&` and `||` return an operand, as in GitHub (`a && 'x' || 'y'`); a missing
 * property is null; context and property names ignore case. The status
 * functions read `status`, which only `if:` conditions provide.
 */
import type { Node } from './ast.js';
import { callFunction, ExpressionError, type FunctionHost } from './functions.js';
import { parseExpression } from './parser.js';
import { compare, isObject, toNumber, truthy, type Value } from './values.js';

export interface JobStatus {
  /** An earlier step (or a needed job) failed. */
  failed: boolean;
  cancelled: boolean;
}

export interface EvaluationScope extends FunctionHost {
  /** Context name (lower case) → its value. */
  contexts: Record<string, Value>;
  /** Present in `if:` conditions only. */
  status?: JobStatus;
}

/** Arrays made by `.*`: a property access on them reaches into every element. */
const filtered = new WeakSet<Value[]>();

export function evaluate(node: Node, scope: EvaluationScope): Value {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'context': {
      const name = node.name.toLowerCase();
      if (!(name in scope.contexts)) {
        throw new ExpressionError(`unknown context "${node.name}" (available here: ${Object.keys(scope.contexts).join(', ')})`);
      }
      return scope.contexts[name]!;
    }
    case 'index':
      return property(evaluate(node.target, scope), evaluate(node.key, scope));
    case 'filter': {
      const target = evaluate(node.target, scope);
      const items = Array.isArray(target) ? (filtered.has(target) ? target.flatMap((item) => valuesOf(item)) : [...target]) : [...valuesOf(target)];
      filtered.add(items);
      return items;
    }
    case 'not':
      return !truthy(evaluate(node.operand, scope));
    case 'logical': {
      const left = evaluate(node.left, scope);
      if (node.op === '&&') return truthy(left) ? evaluate(node.right, scope) : left;
      return truthy(left) ? left : evaluate(node.right, scope);
    }
    case 'binary':
      return binary(node.op, evaluate(node.left, scope), evaluate(node.right, scope));
    case 'call':
      return call(node, scope);
  }
}

/** Parses and evaluates `text` (no `${{ }}` around it). */
export function evaluateText(text: string, scope: EvaluationScope): Value {
  return evaluate(parseExpression(text), scope);
}

function call(node: Extract<Node, { type: 'call' }>, scope: EvaluationScope): Value {
  const name = node.name.toLowerCase();
  if (name === 'success' || name === 'failure' || name === 'always' || name === 'cancelled') {
    if (node.args.length > 0) throw new ExpressionError(`${node.name}() takes no arguments`);
    const status = scope.status;
    if (status === undefined) throw new ExpressionError(`${node.name}() can only be used in an \`if:\` condition`);
    if (name === 'always') return true;
    if (name === 'cancelled') return status.cancelled;
    if (name === 'failure') return status.failed && !status.cancelled;
    return !status.failed && !status.cancelled;
  }
  return callFunction(node.name, node.args.map((arg) => evaluate(arg, scope)), scope);
}

function binary(op: '==' | '!=' | '<' | '<=' | '>' | '>=', left: Value, right: Value): boolean {
  const order = compare(left, right);
  switch (op) {
    case '==':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order !== undefined && order < 0;
    case '<=':
      return order !== undefined && order <= 0;
    case '>':
      return order !== undefined && order > 0;
    case '>=':
      return order !== undefined && order >= 0;
  }
}

function property(target: Value, key: Value): Value {
  if (Array.isArray(target) && filtered.has(target)) {
    const picked = target.map((item) => property(item, key)).filter((item) => item !== null);
    filtered.add(picked);
    return picked;
  }
  if (Array.isArray(target)) {
    const index = toNumber(key);
    return Number.isInteger(index) && index >= 0 && index < target.length ? target[index]! : null;
  }
  if (isObject(target)) {
    const name = typeof key === 'string' ? key : String(key);
    if (Object.hasOwn(target, name)) return target[name]!;
    const lower = name.toLowerCase();
    const found = Object.keys(target).find((candidate) => candidate.toLowerCase() === lower);
    return found === undefined ? null : target[found]!;
  }
  return null;
}

function valuesOf(value: Value): Value[] {
  if (Array.isArray(value)) return value;
  return isObject(value) ? Object.values(value) : [];
}
