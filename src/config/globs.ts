/**
 * Checks for the globs and paths a config names (`inputs`, `artifacts`,
 * `rules.changes`, `watch.ignore`, Dockerfile paths). Everything is relative
 * to the project root, which is `/workspace` inside a job, so a path that is
 * absolute or climbs out with `..` could never match and is reported instead
 * of silently matching nothing.
 */
import path from 'node:path';
import picomatch from 'picomatch';

export interface PathProblem {
  message: string;
  hint?: string;
}

/** A relative path that stays inside the project, or the reason it does not. */
export function checkRelativePath(value: string): PathProblem | undefined {
  if (value.trim() === '') return { message: 'must not be empty' };
  if (path.posix.isAbsolute(value) || path.win32.isAbsolute(value) || value.startsWith('~')) {
    return {
      message: `\`${value}\` is an absolute path`,
      hint: 'paths are relative to the project root, which is /workspace inside the job',
    };
  }
  const normalized = path.posix.normalize(value.replace(/\\/g, '/'));
  if (normalized === '..' || normalized.startsWith('../')) {
    return { message: `\`${value}\` points outside the project`, hint: 'only files under the project root can be used' };
  }
  return undefined;
}

/** A glob picomatch can compile, relative and inside the project. A leading `!` negates. */
export function checkGlob(pattern: string): PathProblem | undefined {
  const positive = pattern.startsWith('!') ? pattern.slice(1) : pattern;
  const pathProblem = checkRelativePath(positive);
  if (pathProblem) return pathProblem;
  try {
    // picomatch is lenient by default and would treat `src/[` as a literal;
    // strict brackets turns the likely typo into an error.
    picomatch.makeRe(positive, { strictBrackets: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/ - use .*$/, '') : String(error);
    return { message: `\`${pattern}\` is not a valid glob: ${reason}`, hint: 'escape a literal bracket or brace with `\\`' };
  }
  return undefined;
}
