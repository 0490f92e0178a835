/**
 * Dependency-graph helpers shared by config checks and planning: a stable
 * topological order (declaration order breaks ties) and cycle reporting.
 */

export type Edges = ReadonlyMap<string, readonly string[]>;

export type TopoResult = { ok: true; order: string[] } | { ok: false; cycle: string[] };

/** Orders nodes so every node comes after what it depends on. */
export function topologicalOrder(nodes: readonly string[], dependsOn: Edges): TopoResult {
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const stack: string[] = [];

  const visit = (node: string): string[] | undefined => {
    const seen = state.get(node);
    if (seen === 'done') return undefined;
    if (seen === 'visiting') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'visiting');
    stack.push(node);
    for (const dep of dependsOn.get(node) ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    order.push(node);
    return undefined;
  };

  for (const node of nodes) {
    const cycle = visit(node);
    if (cycle) return { ok: false, cycle };
  }
  return { ok: true, order };
}

/** Every node reachable through `dependsOn` from `start`, excluding `start` itself. */
export function transitiveDependencies(start: Iterable<string>, dependsOn: Edges): Set<string> {
  const found = new Set<string>();
  const pending = [...start].flatMap((node) => [...(dependsOn.get(node) ?? [])]);
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (found.has(node)) continue;
    found.add(node);
    pending.push(...(dependsOn.get(node) ?? []));
  }
  return found;
}
