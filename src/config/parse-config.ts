/**
 * The schema stage: raw config data → typed PipelineConfig, or a ConfigError
 * with every schema issue. Its own module so that load.ts can import zod
 * only when a config actually has to be validated.
 */
import { ConfigError } from '../errors.js';
import { toConfigIssues } from './issues.js';
import type { KeyPath } from './key-path.js';
import { pipelineSchema } from './schema.js';
import type { PipelineConfig } from './types.js';

export function parseConfig(raw: unknown, file: string, prefix: KeyPath): PipelineConfig {
  const parsed = pipelineSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ConfigError(toConfigIssues(parsed.error.issues, { file, prefix, schema: pipelineSchema }));
  return parsed.data;
}
