/** The example and the valid fixtures load cleanly; the example shows every option the schema knows. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../../src/config/load.js';
import { pipelineSchema } from '../../../src/config/schema.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = fileURLToPath(new URL('../../fixtures/configs/', import.meta.url));

/** Every object key anywhere in the schema. */
function schemaKeys(schema: z.ZodType, seen = new Set<z.ZodType>()): Set<string> {
  const keys = new Set<string>();
  if (seen.has(schema)) return keys;
  seen.add(schema);
  const def = (schema as unknown as { def: Record<string, unknown> }).def;
  const children: unknown[] = [def['innerType'], def['in'], def['element'], def['valueType'], ...((def['options'] as unknown[]) ?? [])];
  if (def['type'] === 'object') {
    for (const [key, child] of Object.entries(def['shape'] as Record<string, z.ZodType>)) {
      keys.add(key);
      children.push(child);
    }
  }
  for (const child of children) if (child) for (const key of schemaKeys(child as z.ZodType, seen)) keys.add(key);
  return keys;
}

describe('valid configs', () => {
  // Compiling a TypeScript config (jiti) is real CPU work: a busy machine needs more than 5 s.
  it('ci.config.example.ts loads without errors or warnings', { timeout: 30_000 }, async () => {
    const { pipeline, warnings } = await loadPipeline({ cwd: repoRoot, configFile: 'ci.config.example.ts' });
    expect(warnings).toEqual([]);
    expect(pipeline.jobs.map((job) => job.name)).toContain('unit (node=22)');
  });

  it('ci.config.example.ts shows every key of the schema', () => {
    const text = readFileSync(`${repoRoot}ci.config.example.ts`, 'utf8');
    const missing = [...schemaKeys(pipelineSchema)].filter((key) => !new RegExp(`\\b${key}:`).test(text));
    expect(missing).toEqual([]);
  });

  it.each(readdirSync(fixtures))('fixture %s loads', async (file) => {
    const { pipeline } = await loadPipeline({ cwd: fixtures, configFile: file });
    expect(pipeline.jobs.length).toBeGreaterThan(0);
  });
});
