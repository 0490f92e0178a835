/**
 * The keys a schema allows at a given path, read from the zod schema itself
 * so "did you mean" suggestions can never drift from what is accepted.
 * Uses zod 4's `def` tree (object/record/array/union/optional wrappers).
 */
import type { z } from 'zod';
import type { KeyPath } from './key-path.js';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

/** Strips optional/nullable/default/pipe wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (inner === undefined) return current;
    current = inner;
  }
}

function childSchemas(schema: z.ZodType, segment: string | number): z.ZodType[] {
  const def = defOf(unwrap(schema));
  switch (def.type) {
    case 'object': {
      const child = typeof segment === 'string' ? def.shape?.[segment] : undefined;
      return child ? [child] : [];
    }
    case 'record':
      return def.valueType ? [def.valueType] : [];
    case 'array':
      return typeof segment === 'number' && def.element ? [def.element] : [];
    case 'union':
      return (def.options ?? []).flatMap((option) => childSchemas(option, segment));
    default:
      return [];
  }
}

function objectKeys(schema: z.ZodType): string[] | undefined {
  const def = defOf(unwrap(schema));
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  if (def.type === 'union') {
    for (const option of def.options ?? []) {
      const keys = objectKeys(option);
      if (keys) return keys;
    }
  }
  return undefined;
}

/** Keys of the object schema at `path`, or an empty list when there is none. */
export function allowedKeysAt(root: z.ZodType, path: KeyPath): string[] {
  let level = [root];
  for (const segment of path) level = level.flatMap((schema) => childSchemas(schema, segment));
  for (const schema of level) {
    const keys = objectKeys(schema);
    if (keys) return keys;
  }
  return [];
}
