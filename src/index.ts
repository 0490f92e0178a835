/** Public API of the `localci` package: what a `ci.config.ts` imports. */
import type { ExtendingConfig, PipelineConfig } from './config/types.js';

export type * from './config/types.js';

/** Identity function that gives a config file full typing and editor completion. */
export function defineConfig(config: PipelineConfig): PipelineConfig;
/** A config that starts from an imported CI file (`extends: 'gitlab'`) and changes parts of it. */
export function defineConfig(config: ExtendingConfig): ExtendingConfig;
export function defineConfig(config: PipelineConfig | ExtendingConfig): PipelineConfig | ExtendingConfig {
  return config;
}
