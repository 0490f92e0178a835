/**
 * GitLab scripts as localci steps. `before_script` and `script` run in one
 * shell, as on a runner (a variable exported in before_script is seen by
 * script); each command is echoed as `$ command` first, like the runner's log.
 * `after_script` is a step that runs after a failure too and cannot fail the job.
 */
import type { StepSpec } from '../../types.js';
import { ConfigError } from '../../../errors.js';

/** Script lines: a string, a list, or nested lists (flattened), as GitLab accepts. */
export function scriptLines(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(scriptLines);
  return [String(value)];
}

export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function echoed(lines: readonly string[]): string {
  return lines.map((line) => `printf '%s\\n' ${shellQuote(`$ ${line.split('\n')[0]}${line.includes('\n') ? ' # collapsed multi-line command' : ''}`)}\n${line}`).join('\n');
}

export function jobSteps(name: string, file: string, before: unknown, script: unknown, after: unknown): StepSpec[] {
  const main = [...scriptLines(before), ...scriptLines(script)].filter((line) => line.trim() !== '');
  if (scriptLines(script).every((line) => line.trim() === '')) {
    throw new ConfigError([{ file, path: `${name}.script`, message: 'a job needs a `script`', hint: 'add the commands to run, or start the name with `.` to make it a hidden template' }]);
  }
  const steps: StepSpec[] = [{ name: 'script', run: echoed(main) }];
  const cleanup = scriptLines(after).filter((line) => line.trim() !== '');
  if (cleanup.length > 0) steps.push({ name: 'after_script', run: echoed(cleanup), when: 'always', allowFailure: true });
  return steps;
}
