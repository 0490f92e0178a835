/**
 * What an expression reads: the contexts it names (`steps`, `needs`, …) and
 * whether it calls a status function. Translation uses this to tell an
 * expression that can be decided when the workflow is read from one that
 * needs the run.
 */
import type { Node } from './ast.js';

const STATUS_FUNCTIONS = new Set(['success', 'failure', 'always', 'cancelled']);

export function contextsOf(node: Node, into: Set<string> = new Set()): Set<string> {
  walk(node, (child) => {
    if (child.type === 'context') into.add(child.name.toLowerCase());
  });
  return into;
}

export function usesStatusFunction(node: Node): boolean {
  let found = false;
  walk(node, (child) => {
    if (child.type === 'call' && STATUS_FUNCTIONS.has(child.name.toLowerCase())) found = true;
  });
  return found;
}

function walk(node: Node, visit: (node: Node) => void): void {
  visit(node);
  switch (node.type) {
    case 'index':
      walk(node.target, visit);
      walk(node.key, visit);
      return;
    case 'filter':
      walk(node.target, visit);
      return;
    case 'not':
      walk(node.operand, visit);
      return;
    case 'binary':
    case 'logical':
      walk(node.left, visit);
      walk(node.right, visit);
      return;
    case 'call':
      node.args.forEach((arg) => walk(arg, visit));
      return;
    default:
      return;
  }
}
