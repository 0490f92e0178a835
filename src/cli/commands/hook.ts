/**
 * `ci hook install | uninstall | status`, and the hidden `ci hook run` the
 * installed shim calls on every `git push`. Each returns an exit code.
 */
import path from 'node:path';
import { ExitCode, LocalciError, UsageError } from '../../errors.js';
import { currentCli, hookStatus, installHook, uninstallHook } from '../../triggers/pre-push/hook-files.js';
import type { RefFacts } from '../../config/import/importer.js';
import { PUSH_ANYWAY, runPrePush } from '../../triggers/pre-push/run-hook.js';
import { openBackendProvider } from '../backend-provider.js';
import type { GlobalOptions } from '../global-options.js';
import { handleInterrupts } from '../interrupts.js';
import { commandCwd, importNote, loadOptions } from '../load.js';
import { stderrColors, stdoutColors } from '../terminal.js';

export interface HookRunOptions extends GlobalOptions {
  remote?: string;
  url?: string;
}

export async function hookInstallCommand(options: GlobalOptions): Promise<number> {
  const result = await installHook(commandCwd(options), currentCli(), options.config);
  const colors = stdoutColors();
  const verb = result.refreshed ? 'updated' : 'installed';
  process.stdout.write(`${colors.green('✓')} pre-push hook ${verb}: ${result.hookPath}\n`);
  if (result.movedPrevious) {
    process.stdout.write(`  the hook that was there runs first; it now lives in ${path.basename(result.chainedPath)} and \`ci hook uninstall\` puts it back\n`);
  }
  if (path.basename(result.hooksDir) === '_' && path.basename(path.dirname(result.hooksDir)) === '.husky') {
    process.stdout.write(colors.yellow(`  husky rewrites ${result.hooksDir} when it installs: run \`ci hook install\` again after \`npm install\`\n`));
  }
  process.stdout.write(colors.dim(`  every git push now runs the pipeline on the pushed commits. Skip once: LOCALCI_SKIP=1 git push\n`));
  return ExitCode.ok;
}

export async function hookUninstallCommand(options: GlobalOptions): Promise<number> {
  const result = await uninstallHook(commandCwd(options));
  if (result.foreignHook) {
    process.stdout.write(`${result.hookPath} was not written by localci; left as it is.\n`);
    return ExitCode.ok;
  }
  if (!result.removed && !result.restoredPrevious) {
    process.stdout.write(`No localci pre-push hook in ${result.hooksDir}; nothing to do.\n`);
    return ExitCode.ok;
  }
  if (result.removed) process.stdout.write(`Removed the localci pre-push hook from ${result.hooksDir}.\n`);
  if (result.restoredPrevious) process.stdout.write(`Restored the previous pre-push hook: ${result.hookPath}\n`);
  return ExitCode.ok;
}

export async function hookStatusCommand(options: GlobalOptions): Promise<number> {
  const status = await hookStatus(commandCwd(options));
  const colors = stdoutColors();
  const out = (line: string) => process.stdout.write(line + '\n');
  if (status.state !== 'installed') {
    out(`localci pre-push hook: ${colors.yellow('not installed')} (hooks folder: ${status.hooksDir})`);
    if (status.state === 'foreign') out(`  ${status.hookPath} exists but was not written by localci; \`ci hook install\` would chain it.`);
    if (status.chainsPrevious) out(`  ${status.chainedPath} is a hook localci moved aside earlier; \`ci hook uninstall\` puts it back.`);
    return ExitCode.jobFailed;
  }
  const settings = status.settings!;
  const missing = (exists: boolean) => (exists ? '' : colors.red(' (missing)'));
  out(`localci pre-push hook: ${colors.green('installed')}`);
  out(`  hook     ${status.hookPath}${status.executable ? '' : colors.red(' (not executable: git will not run it)')}`);
  out(`  project  ${settings.projectDir}${settings.configFile ? `, config ${settings.configFile}` : ''} (relative to the worktree root)`);
  out(`  cli      ${settings.ciJs}${missing(status.cliExists)}`);
  out(`  node     ${settings.nodeBin}${missing(status.nodeExists)}`);
  out(colors.dim(`           (the project's node_modules/.bin/localci or ci is used first when present, ci/localci on PATH last)`));
  out(`  chains   ${status.chainsPrevious ? `${status.chainedPath} (runs first)` : 'no previous hook'}`);
  return ExitCode.ok;
}

export async function hookRunCommand(options: HookRunOptions): Promise<number> {
  if (process.stdin.isTTY) {
    throw new UsageError('`ci hook run` is called by the pre-push hook and reads the pushed refs from stdin.', 'Use `ci run --commit <ref>` to check a commit by hand.');
  }
  const input = await readStdin();
  const colors = stderrColors();
  let noted = false;
  const interrupts = handleInterrupts(() => process.stderr.write(`\n${colors.yellow('Stopping')}: removing this run's containers… (Ctrl-C again to force)\n`));
  try {
    return await runPrePush({
      input,
      load: async (ref) => {
        const loaded = await loadQuietly(options, ref);
        // Which CI file an imported pipeline came from is said once, however many refs are pushed.
        if (!noted && loaded.pipeline.source.kind === 'import') process.stderr.write(colors.dim(importNote(loaded)) + '\n');
        noted = true;
        // Each pushed ref may be checked as another event (a feature branch as its pull request).
        for (const note of loaded.notes ?? []) process.stderr.write(`localci: ${colors.yellow('note')} ${note}\n`);
        return loaded.pipeline;
      },
      openProvider: (pipeline) => openBackendProvider(pipeline),
      signal: interrupts.signal,
      out: process.stderr,
      colors,
      live: process.stderr.isTTY === true,
      debug: options.debug ? (message) => process.stderr.write(colors.dim(`debug ${message}\n`)) : undefined,
    });
  } catch (error) {
    // A config or engine error refuses the push too; say how to push anyway.
    if (error instanceof LocalciError && error.exitCode !== ExitCode.interrupted) {
      throw new LocalciError(error.message, error.exitCode, [error.hint, `The push was refused. ${PUSH_ANYWAY}`].filter(Boolean).join('\n      '));
    }
    throw error;
  } finally {
    interrupts.dispose();
  }
}

/** The pipeline without the loader's advice (mutable tags…): `ci list` shows it; every push need not. */
async function loadQuietly(options: GlobalOptions, ref: RefFacts) {
  const { loadPipeline } = await import('../../config/load.js');
  return loadPipeline({ ...loadOptions(options), ref });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
