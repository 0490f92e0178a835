/** Options every command accepts, merged with the command's own by commander. */
export interface GlobalOptions {
  cwd?: string;
  config?: string;
  from?: string;
  workflow?: string;
  event?: string;
  includeDir?: string;
  debug?: boolean;
  // Command options (present only on the commands that declare them).
  only?: boolean;
  deploy?: boolean;
  commit?: string;
  concurrency?: number;
  failFast?: boolean;
  since?: string;
  /** False with --no-cache. */
  cache?: boolean;
  plain?: boolean;
  json?: boolean;
  strict?: boolean;
  /** `--backend`: where jobs run (cli/backend-provider.ts). */
  backend?: string;
  /** `--image`: replaces the pipeline's default image. */
  image?: string;
  /** `--env KEY=VALUE`, repeatable. */
  env?: string[];
  /** `--ui` (run, watch): serve the live run in the browser; `--port` for its server. */
  ui?: boolean;
  port?: number;
  open?: boolean;
}
