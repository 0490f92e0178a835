/**
 * `ci init`: writes a commented ci.config.ts for the project in the current
 * folder (Node with its package manager, Python, Go; a Dockerfile adds a
 * `staging` environment), and with `--hook` installs the pre-push hook.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SEARCH_PLACES } from '../../config/discover.js';
import { ExitCode, UsageError } from '../../errors.js';
import { detectProject } from '../../init/detect.js';
import { renderConfig } from '../../init/render.js';
import type { GlobalOptions } from '../global-options.js';
import { commandCwd } from '../load.js';
import { stdoutColors } from '../terminal.js';

export interface InitOptions extends GlobalOptions {
  force?: boolean;
  hook?: boolean;
}

export async function initCommand(options: InitOptions): Promise<number> {
  const root = commandCwd(options);
  const target = path.resolve(root, options.config ?? 'ci.config.ts');
  const existing = existingConfig(root, target);
  if (existing !== undefined && !options.force) {
    throw new UsageError(
      `${path.relative(root, existing) || existing} already defines the pipeline; not overwriting it.`,
      'Run `ci init --force` to replace it with a freshly detected ci.config.ts.',
    );
  }
  const detection = await detectProject(root);
  await writeFile(target, await renderConfig(detection));
  const colors = stdoutColors();
  const out = (line: string) => process.stdout.write(line + '\n');
  out(`${colors.green('✓')} wrote ${path.relative(root, target) || target}`);
  for (const finding of detection.findings) out(colors.dim(`  ${finding}`));
  if (existing !== undefined && existing !== target && path.basename(existing) !== 'package.json') {
    out(colors.yellow(`  ${path.relative(root, existing)} is still there; ${path.basename(target)} is found first now, so remove the old one`));
  }
  if (options.hook) {
    const { currentCli, installHook } = await import('../../triggers/pre-push/hook-files.js');
    const result = await installHook(root, currentCli(), options.config);
    out(`${colors.green('✓')} pre-push hook ${result.refreshed ? 'updated' : 'installed'}: ${result.hookPath}`);
  }
  out(colors.dim(`  next: \`ci list\` to see the jobs, \`ci run\` to run them${detection.environment ? `, \`ci deploy ${detection.environment.name}\` to deploy` : ''}`));
  return ExitCode.ok;
}

/** The config file `ci` would find in `root` (or the one asked for), if any. */
function existingConfig(root: string, target: string): string | undefined {
  if (existsSync(target)) return target;
  for (const place of SEARCH_PLACES) {
    const file = path.join(root, place);
    if (!existsSync(file)) continue;
    if (place !== 'package.json') return file;
    try {
      if ((JSON.parse(readFileSync(file, 'utf8')) as { ci?: unknown }).ci !== undefined) return file;
    } catch {
      // A broken package.json holds no pipeline to lose.
    }
  }
  return undefined;
}
