/**
 * `ci export github|gitlab`: writes a CI file that runs the pipeline's jobs on
 * GitHub Actions or GitLab CI (default `.github/workflows/localci.yml`,
 * `.gitlab-ci.yml`; `--output -` prints it). `--check` writes nothing and exits
 * 1 when the committed file is missing or differs, for the pre-push hook.
 */
import path from 'node:path';
import { ExitCode, UsageError } from '../../errors.js';
import type { GlobalOptions } from '../global-options.js';
import { loadForCommand } from '../load.js';
import { stderrColors, stdoutColors } from '../terminal.js';

export interface ExportOptions extends GlobalOptions {
  output?: string;
  check?: boolean;
}

const DEFAULT_OUTPUT: Record<string, string> = { github: '.github/workflows/localci.yml', gitlab: '.gitlab-ci.yml' };

export async function exportCommand(format: string, options: ExportOptions): Promise<number> {
  if (DEFAULT_OUTPUT[format] === undefined) throw new UsageError(`ci export ${format}: unknown format.`, 'Write `ci export github` or `ci export gitlab`.');
  const { pipeline } = await loadForCommand(options);
  const source = path.relative(pipeline.root, pipeline.source.file) || path.basename(pipeline.source.file);
  const { exportGithub } = await import('../../config/export/github-workflow.js');
  const { exportGitlab } = await import('../../config/export/gitlab-ci.js');
  const { text, warnings } = (format === 'github' ? exportGithub : exportGitlab)(pipeline, source);
  const errColors = stderrColors();
  for (const warning of warnings) process.stderr.write(`${errColors.yellow('warning')} ${warning}\n`);
  if (options.output === '-') {
    process.stdout.write(text);
    return ExitCode.ok;
  }
  const target = options.output === undefined ? path.join(pipeline.root, DEFAULT_OUTPUT[format]!) : path.resolve(options.output);
  const shown = path.relative(process.cwd(), target) || target;
  const { checkExport, writeExport } = await import('../../config/export/write-export.js');
  const colors = stdoutColors();
  if (options.check) {
    const state = checkExport(target, text);
    if (state === 'same') {
      process.stdout.write(`${colors.green('✓')} ${shown} is up to date\n`);
      return ExitCode.ok;
    }
    process.stderr.write(`${errColors.red('✗')} ${shown} ${state === 'missing' ? 'does not exist' : `is out of date with ${source}`}\n${errColors.dim('hint')}  Run \`ci export ${format}${options.output === undefined ? '' : ` --output ${options.output}`}\` and commit the file.\n`);
    return ExitCode.jobFailed;
  }
  writeExport(pipeline.root, target, text);
  process.stdout.write(`${colors.green('✓')} wrote ${shown}\n`);
  return ExitCode.ok;
}
