/** `uses:` mappings: hosted-service actions are skipped with the reason; the retry wrapper's loop runs in sh on a real folder. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { translateAction } from '../../../../src/config/import/github/actions.js';
import { makeTempDir } from '../../../helpers/tmp-dir.js';

const action = (uses: string, values: Record<string, string> = {}) => translateAction({ uses, with: values, readFile: () => undefined });

describe('actions', () => {
  it('skips actions that need a hosted service, saying why', () => {
    expect(action('codecov/codecov-action@v4').warning).toMatch(/^skipped: codecov\/codecov-action@v4 uploads coverage to codecov\.io/);
    expect(action('tj-actions/changed-files@0123456789abcdef0123456789abcdef01234567').warning).toMatch(/push or pull request GitHub sends/);
    expect(action('github/codeql-action/init@v3').warning).toMatch(/code scanning/);
    expect(action('SimenB/github-actions-cpu-cores@v2').warning).toMatch(/nproc/);
    expect(action('someone/else@v1').warning).toMatch(/does not run locally/);
  });

  it('runs nick-fields/retry’s command until it passes or the attempts are used up', () => {
    const effect = action('nick-fields/retry@v3', { command: 'n=$(cat count 2>/dev/null || echo 0); echo $((n+1)) > count; [ "$n" -ge 2 ]', max_attempts: '3', retry_wait_seconds: '0', timeout_minutes: '5' });
    expect(effect.warning).toMatch(/timeout_minutes ignored/);
    const dir = makeTempDir('retry');
    const output = execFileSync('sh', ['-ec', effect.run!], { cwd: dir, encoding: 'utf8' });
    expect(output).toMatch(/attempt 2 of 3.*\n.*attempt 3 of 3/);
    const failing = action('nick-fields/retry@v3', { command: 'exit 4', max_attempts: '2', retry_wait_seconds: '0' });
    expect(() => execFileSync('sh', ['-ec', failing.run!], { cwd: dir, stdio: 'pipe' })).toThrow();
    expect(action('nick-fields/retry@v3').warning).toMatch(/without `command`/);
  });
});
