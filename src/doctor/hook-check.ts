/** Doctor: is the pre-push hook installed, working, and chaining the hook it replaced? */
import { access, constants } from 'node:fs/promises';
import { LocalciError } from '../errors.js';
import { hookStatus } from '../triggers/pre-push/hook-files.js';
import { fail, ok, warn, type Check } from './check.js';

export async function checkHook(cwd: string): Promise<Check[]> {
  let status;
  try {
    status = await hookStatus(cwd);
  } catch (error) {
    if (error instanceof LocalciError) return [warn('hook', 'not a git repository, so there is no pre-push hook', 'run `ci hook install` inside the repository whose pushes should be checked')];
    throw error;
  }
  if (status.state === 'absent') return [warn('hook', `pre-push hook not installed (${status.hooksDir})`, 'ci hook install')];
  if (status.state === 'foreign') return [warn('hook', `${status.hookPath} is another tool's hook; localci's is not installed`, '`ci hook install` keeps that hook and runs it first')];
  const checks: Check[] = [];
  const problems = [
    !status.executable && 'the hook file is not executable, so git skips it',
    !status.nodeExists && `the node it records (${status.settings?.nodeBin}) is gone`,
    !status.cliExists && `the CLI it records (${status.settings?.ciJs}) is gone`,
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) checks.push(fail('hook', `pre-push hook installed but broken: ${problems.join('; ')}`, 'ci hook install (rewrites it for this node and CLI)'));
  else checks.push(ok('hook', `pre-push hook installed: ${status.hookPath}`));
  if (status.chainsPrevious) {
    const runs = await access(status.chainedPath, constants.X_OK).then(() => true, () => false);
    checks.push(
      runs
        ? ok('hook', `chains the previous hook ${status.chainedPath}, which runs first`)
        : warn('hook', `the previous hook ${status.chainedPath} is not executable, so it no longer runs`, `chmod +x ${status.chainedPath}`),
    );
  }
  return checks;
}
