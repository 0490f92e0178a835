/**
 * `ci bisect` on a 16-commit first-parent history with one planted bad commit
 * (and a merged side branch whose own commits include a broken one, which a
 * first-parent search must never test): it finds the culprit in a handful of
 * real runs, each on exactly one commit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo, git } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { recordedRunIds, runDirOf } from '../helpers/local-state.js';
import { BUSYBOX } from './sample-pipeline.js';

const CONFIG = {
  image: BUSYBOX,
  pull: 'never',
  jobs: {
    build: { steps: ['mkdir -p dist && cp src/*.txt dist/'], artifacts: ['dist/'] },
    test: { needs: ['build'], steps: ['cat dist/value.txt', 'if grep -q broken dist/flag.txt; then echo "flag is broken" >&2; exit 1; fi'] },
  },
};
const PLANTED = 11;

let repo: string;
/** First-parent commits, oldest first: index 0 is commit 1. */
let mainLine: string[];
let sideCommits: string[];

beforeAll(async () => {
  repo = await createGitRepo({ 'ci.config.json': JSON.stringify(CONFIG), 'src/value.txt': '1\n', 'src/flag.txt': 'fine\n' });
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-qm', 'commit 1: start');
  for (let n = 2; n <= 16; n += 1) {
    if (n === 7) {
      // A feature branch, broken half-way, merged as commit 7 once fixed.
      await git(repo, 'checkout', '-qb', 'feature', 'HEAD');
      writeFileSync(path.join(repo, 'src', 'flag.txt'), 'broken (work in progress)\n');
      await git(repo, 'commit', '-qam', 'feature: work in progress');
      writeFileSync(path.join(repo, 'src', 'flag.txt'), 'fine\n');
      writeFileSync(path.join(repo, 'src', 'feature.txt'), 'feature\n');
      await git(repo, 'add', '-A');
      await git(repo, 'commit', '-qm', 'feature: done');
      await git(repo, 'checkout', '-q', 'main');
      await git(repo, 'merge', '-q', '--no-ff', '-m', 'commit 7: merge feature', 'feature');
      continue;
    }
    writeFileSync(path.join(repo, 'src', 'value.txt'), `${n}\n`);
    if (n === PLANTED) writeFileSync(path.join(repo, 'src', 'flag.txt'), 'broken\n');
    await git(repo, 'commit', '-qam', n === PLANTED ? `commit ${n}: tidy up the flag handling` : `commit ${n}: bump value`);
  }
  mainLine = (await git(repo, 'rev-list', '--first-parent', '--reverse', 'HEAD')).split('\n');
  const merge = mainLine[6]!;
  sideCommits = (await git(repo, 'rev-list', `${merge}^2`, `^${merge}^1`)).split('\n');
}, 60_000);

afterAll(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

function testedCommits(): string[] {
  return recordedRunIds(repo).map((id) => JSON.parse(readFileSync(path.join(runDirOf(repo, id), 'run.json'), 'utf8')).commit as string);
}

describe('ci bisect', () => {
  it('finds the planted commit on the first-parent line in at most 6 runs', async () => {
    expect(mainLine).toHaveLength(16);
    const result = await runCli(['bisect', mainLine[0]!, 'HEAD', 'test'], { cwd: repo, timeoutMs: 110_000 });
    if (process.env.LOCALCI_SHOW_OUTPUT) console.log(result.all);
    expect(result.exitCode, result.all).toBe(0);
    const culprit = mainLine[PLANTED - 1]!;
    expect(result.stdout).toContain(`First failing commit: ${culprit}`);
    expect(result.stdout).toContain(`commit ${PLANTED}: tidy up the flag handling`);
    expect(result.stdout).toMatch(/the log there: ci logs test --run \d{8}-\d{6}-[0-9a-f]{4}/);
    expect(result.stdout).toMatch(/^bisect: 15 commit\(s\) after \w{8} up to \w{8} \(first parent\), testing "test" with what it needs \(2 jobs\)/);

    const tested = testedCommits();
    // Both ends, then at most ceil(log2(15)) = 4 candidates; each commit once.
    expect(tested.length).toBeLessThanOrEqual(6);
    expect(new Set(tested).size).toBe(tested.length);
    expect(tested).toContain(culprit);
    expect(tested).toContain(mainLine[PLANTED - 2]);
    for (const sha of tested) expect(mainLine).toContain(sha);
    for (const sha of sideCommits) expect(tested).not.toContain(sha);

    const history = await runCli(['history', '--job', 'test', '--limit', '10'], { cwd: repo });
    expect(history.stdout).toMatch(new RegExp(`${culprit.slice(0, 8)}\\s+\\S+\\s+run\\s+✗ failed`));
  }, 120_000);

  it('says so, and exits 1, when the job already passes at the "bad" commit', async () => {
    const result = await runCli(['bisect', mainLine[0]!, mainLine[5]!, 'test'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(1);
    expect(result.stdout).toContain(`"test" passes at the bad commit ${mainLine[5]!.slice(0, 8)}: nothing to search for.`);
  });

  it('refuses commits given in the wrong order, and unknown ones', async () => {
    const swapped = await runCli(['bisect', 'HEAD', mainLine[0]!, 'test'], { cwd: repo });
    expect(swapped.exitCode).toBe(2);
    expect(swapped.stderr).toContain('is not an ancestor of');
    const unknown = await runCli(['bisect', 'no-such-ref', 'HEAD'], { cwd: repo });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('The good commit "no-such-ref" is not a commit in this repository.');
  });
});
