/**
 * `ci deploy [env]`: build the production image from the Dockerfile, run it
 * as the environment's container on 127.0.0.1, check it and run the smoke
 * steps; the previous container keeps serving unless all of that passes.
 * Exit 0 deployed, 1 build, health or smoke failed (old one kept), 2 usage.
 */
import type { Pipeline } from '../../model/pipeline.js';
import { parseDuration } from '../../config/duration.js';
import { ExitCode, UsageError } from '../../errors.js';
import { findGitRoot } from '../../source/git.js';
import type { GlobalOptions } from '../global-options.js';
import { handleInterrupts } from '../interrupts.js';
import { loadForCommand } from '../load.js';
import { stderrColors, stdoutColors } from '../terminal.js';

export interface DeployOptions extends GlobalOptions {
  healthTimeout?: string;
}

const DEFAULT_HEALTH_TIMEOUT_MS = 60_000;

export async function deployCommand(envArgument: string | undefined, options: DeployOptions): Promise<number> {
  const { pipeline } = await loadForCommand(options);
  const env = chooseEnvironment(pipeline, envArgument);
  const healthTimeoutMs = options.healthTimeout === undefined ? DEFAULT_HEALTH_TIMEOUT_MS : parseDuration(/^\d+$/.test(options.healthTimeout) ? Number(options.healthTimeout) : options.healthTimeout);
  if (healthTimeoutMs === undefined || healthTimeoutMs <= 0) {
    throw new UsageError(`--health-timeout "${options.healthTimeout}" is not a duration.`, "Use seconds (30) or a duration such as '90s' or '2m'.");
  }
  const colors = stdoutColors();
  const out = (line: string) => process.stdout.write(line + '\n');
  out(colors.bold(`Deploying ${pipeline.projectName} to ${env}`));
  const { deploy } = await import('../../deploy/deploy.js');
  const interrupts = handleInterrupts(() => process.stderr.write(`\n${stderrColors().yellow('Stopping')}: removing the new container… (Ctrl-C again to force)\n`));
  let result: Awaited<ReturnType<typeof deploy>>;
  try {
    result = await deploy({
      pipeline,
      env,
      isGit: (await findGitRoot(pipeline.root)) !== undefined,
      commit: options.commit,
      healthTimeoutMs,
      log: (line) => out(colors.dim('│ ') + line),
      signal: interrupts.signal,
    });
  } finally {
    interrupts.dispose();
  }
  if (!result.ok) {
    const errors = stderrColors();
    for (const line of result.details) process.stderr.write(`  ${line}\n`);
    process.stderr.write(`${errors.red('✗')} deploy to ${env} failed: ${result.message}\n`);
    process.stderr.write(`${errors.dim('hint')}  The container that was serving ${env} (if any) is still running; \`ci env ls\` shows it.\n`);
    return ExitCode.jobFailed;
  }
  const { info } = result;
  out(`${colors.green('✓')} ${env} ${result.replaced ? 'replaced' : 'deployed'}: ${info.image}${info.commit ? ` (${info.commit.slice(0, 8)}${info.dirty ? ', uncommitted changes' : ''})` : ''}`);
  out(`  ${info.url ?? 'no published port'}${colors.dim(`  (inside the network: ${info.internalUrl ?? '—'})`)}`);
  out(colors.dim(`  logs: ci env logs ${env} · stop: ci env down ${env}`));
  return ExitCode.ok;
}

/** The named environment, else the only one, else `staging`. */
export function chooseEnvironment(pipeline: Pipeline, requested: string | undefined): string {
  const names = Object.keys(pipeline.environments);
  if (names.length === 0) {
    throw new UsageError('The config defines no environments to deploy to.', "Add `environments: { staging: { build: { dockerfile: 'Dockerfile' }, run: { ports: [8080] } } }` (ci init writes one when there is a Dockerfile).");
  }
  if (requested !== undefined) {
    if (names.includes(requested)) return requested;
    throw new UsageError(`No environment named "${requested}".`, `Environments in the config: ${names.join(', ')}.`);
  }
  if (names.length === 1) return names[0]!;
  if (names.includes('staging')) return 'staging';
  throw new UsageError(`Which environment? The config defines ${names.join(', ')}.`, `Run \`ci deploy <env>\`, such as \`ci deploy ${names[0]}\`.`);
}
