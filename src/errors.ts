/**
 * Typed errors: every failure the user can cause or fix is one of these, and
 * exactly one catch at the top (cli/main) turns it into a message and an exit code.
 */

export const ExitCode = {
  ok: 0,
  jobFailed: 1,
  usage: 2,
  environment: 3,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class LocalciError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Wrong command line: unknown command or option, bad option value. Exit 2. */
export class UsageError extends LocalciError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
  }
}

/** One problem in a config file, located by key path (`jobs.unit.needs[0]`). */
export interface ConfigIssue {
  file: string;
  /** Dotted key path; empty for file-level problems such as a syntax error. */
  path: string;
  message: string;
  hint?: string;
}

/** The config cannot be used. Carries every issue found, not only the first. Exit 2. */
export class ConfigError extends LocalciError {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map(formatConfigIssue).join('\n'), ExitCode.usage);
  }
}

export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.path ? `${issue.file}: ${issue.path}: ` : `${issue.file}: `;
  return where + issue.message + (issue.hint ? ` ${issue.hint}` : '');
}

/**
 * The CI file's own rules start no pipeline here (GitLab `workflow: rules` leave this branch out,
 * no GitHub workflow is triggered by this event, every job is left out by its rules): CI would run
 * nothing, so neither does localci, and that is not a failure. Exit 0, with a note saying why.
 */
export class NoPipelineError extends LocalciError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.ok, hint);
  }
}

/** The machine is not ready: Docker unreachable, image missing. Exit 3. */
export class EnvironmentError extends LocalciError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.environment, hint);
  }
}

/** The user interrupted the run (Ctrl-C, SIGTERM). Exit 130. */
export class InterruptedError extends LocalciError {
  constructor(message = 'Interrupted.') {
    super(message, ExitCode.interrupted);
  }
}

/**
 * A full disk (or quota) is the machine's problem, not the job's: exit 3 with what to free,
 * instead of an "unexpected failure" with a bare ENOSPC. `doing` says what was being written.
 */
export function diskFullError(error: unknown, doing?: string): EnvironmentError | undefined {
  const { code, path } = (error ?? {}) as NodeJS.ErrnoException;
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return undefined;
  return new EnvironmentError(
    `No space left on the disk while ${doing ?? (path ? `writing ${path}` : "writing the run's files")}.`,
    'Free some space (`ci cache dir` shows where old runs and their artifacts are; `docker system df` shows what Docker holds), then run again.',
  );
}
