/**
 * Workflow commands a job prints, through the built CLI on real Docker: `::add-mask::` hides a
 * value in every sink, `::error` / `::warning` become annotations in the summary and `ci show`,
 * `::group::` folds in the HTML report, `::add-matcher::` goes quietly, the step summary shows in
 * `ci show`, and an action that needs GitHub's services is skipped with one warning.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { BUSYBOX } from './sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

// The value is made inside the job, so only the job's ::add-mask:: can hide it.
const WORKFLOW = `
on: push
defaults:
  run:
    shell: sh
jobs:
  report:
    runs-on: ubuntu-latest
    container: ${BUSYBOX}
    steps:
      - uses: codecov/codecov-action@v4
      - run: |
          v="zq-$(echo hidden)-77"
          echo "::add-mask::$v"
          echo "value is $v"
          echo "::group::Details"
          echo inside the group
          echo "::endgroup::"
          echo "::error file=src/a.ts,line=3,col=5,title=Type::bad type for $v"
          echo "::warning::careful"
          echo "::add-matcher::.github/matcher.json"
          echo "## Done" >> "$GITHUB_STEP_SUMMARY"
          echo "made $v" >> "$GITHUB_STEP_SUMMARY"
`;

describe('workflow commands', () => {
  it('mask, annotate, fold and summarise; a codecov step is skipped with a warning', async () => {
    const repo = await createGitRepo({ '.github/workflows/ci.yml': WORKFLOW }, { commit: true });
    const listed = await runCli(['list'], { cwd: repo });
    expect(listed.stderr.split('\n').filter((line) => line.includes('codecov')), listed.stderr).toHaveLength(1);
    expect(listed.stderr).toMatch(/steps\[0\]\.uses: skipped: .*codecov.*uploads coverage to codecov\.io/);
    const report = path.join(repo, 'report.html');
    const result = await runCli(['run', '--report', report], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).not.toContain('zq-hidden-77');
    expect(result.stdout).toContain('value is ••••');
    expect(result.stdout).not.toContain('add-matcher');
    expect(result.stdout).toMatch(/Annotations\n\s+error\s+report: src\/a\.ts:3:5: Type: bad type for ••••\n\s+warning\s+report: careful/);

    const shown = await runCli(['show'], { cwd: repo });
    expect(shown.stdout).toMatch(/error\s+report: src\/a\.ts:3:5: Type: bad type for ••••/);
    expect(shown.stdout).toMatch(/Summary of report\n\s+## Done\n\s+made ••••/);
    expect(shown.all).not.toContain('zq-hidden-77');
    const logs = await runCli(['logs', 'report'], { cwd: repo });
    expect(logs.stdout).toContain('inside the group');
    expect(logs.all).not.toContain('zq-hidden-77');

    const page = readFileSync(report, 'utf8');
    expect(page).toMatch(/<details class="fold"><summary>Details<\/summary><pre class="log">[^<]*inside the group/);
    expect(page).not.toContain('zq-hidden-77');
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
