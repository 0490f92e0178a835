/** Public API of the `localci` package: what a `ci.config.ts` imports. */
import type { PipelineConfig } from './config/types.js';

export type * from './config/types.js';

/** Identity function that gives a config file full typing and editor completion. */
export function defineConfig(config: PipelineConfig): PipelineConfig {
  return config;
}
