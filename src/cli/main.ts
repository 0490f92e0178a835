/**
 * The one place where errors become exit codes and messages. Commands return
 * an exit code or throw a LocalciError; nothing else prints a stack trace,
 * and only with --debug.
 */
import { CommanderError } from 'commander';
import { diskFullError, ExitCode, LocalciError } from '../errors.js';
import { createProgram } from './program.js';
import { formatPhases, markPhase } from '../util/phase-marks.js';
import { stderrColors } from './terminal.js';

export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  ignoreClosedPipes();
  const { program, state } = createProgram();
  try {
    await program.parseAsync(argv as string[]);
    markPhase('command done');
    if (debug) process.stderr.write(stderrColors().dim(`debug ${formatPhases()}`) + '\n');
    return state.exitCode;
  } catch (error) {
    return reportError(error, debug);
  }
}

/**
 * `ci run | head` closes stdout early, a closed terminal takes it away (EIO).
 * The run must still finish its clean-up
 * (containers, temp files), so a closed pipe silences output instead of crashing.
 */
function ignoreClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'EIO') throw error;
    });
  }
}

function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Help and --version end here too; commander already printed them.
    if (error.exitCode === 0) return ExitCode.ok;
    return ExitCode.usage;
  }
  const colors = stderrColors();
  // Whatever was writing when the disk filled up, the user's fix is the same.
  const known = error instanceof LocalciError ? error : diskFullError(error);
  if (known?.exitCode === ExitCode.ok) {
    // Nothing to do is an answer, not a failure (the CI file's own rules start no pipeline).
    process.stderr.write(`${colors.yellow('note')} ${known.message}\n`);
    if (known.hint) process.stderr.write(`${colors.dim('hint')}  ${known.hint}\n`);
    return ExitCode.ok;
  }
  if (known) {
    process.stderr.write(`${colors.red('error')} ${known.message}\n`);
    if (known.hint) process.stderr.write(`${colors.dim('hint')}  ${known.hint}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(colors.dim(error.stack) + '\n');
    return known.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${colors.red('error')} unexpected failure: ${message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(colors.dim(error.stack) + '\n');
  else process.stderr.write(`${colors.dim('hint')}  Run again with --debug for details, and report it if it persists.\n`);
  return ExitCode.jobFailed;
}
