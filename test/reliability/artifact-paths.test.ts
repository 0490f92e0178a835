/**
 * Artifacts as a job declares them, wherever they sit: every glob form works the same at the
 * workspace root as in a sub-folder (no root file dropped, no extra folder level), a pattern that
 * matches nothing is a warning in every output format, and a symbolic link that would point out
 * of the workspace fails the job naming the artifact, the link and why, leaving no half-copied
 * artifact folder behind.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseNdjson } from '../helpers/cli-output.js';
import { runCli } from '../helpers/cli.js';
import { createBusyboxProject } from '../helpers/busybox-project.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { recordedRunIds, runDirOf } from '../helpers/local-state.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { jobLines } from '../e2e/sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

/** Files below a folder, relative, sorted; links shown as `name -> target`. */
function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** What a job's steps printed, without the lines localci adds (started, step names, passed). */
function outputOf(stdout: string, job: string): string[] {
  return jobLines(stdout, job).filter((line) => !/^[▶$✓✗]/u.test(line));
}

const MAKE_FILES = 'mkdir -p sub/deep && for f in root.txt sub/nested.txt app.js sub/lib.js sub/deep/core.js other.md; do echo "$f" > "$f"; done';

describe('artifact globs', () => {
  it('copy the same files at the workspace root as in a sub-folder, and the next job gets them at the same paths', async () => {
    const repo = await createBusyboxProject({
      make: { steps: [MAKE_FILES], artifacts: ['*.txt', '**/*.js', 'sub/*.txt', './other.md', 'missing/*.css', 'absent.txt'] },
      check: { needs: ['make'], steps: ['find . -type f ! -name ci.config.json | sort'] },
    });
    const plain = await runCli(['run', '--no-cache'], { cwd: repo, env: { CI: 'true' } });
    expect(plain.exitCode, plain.all).toBe(0);
    const expected = ['app.js', 'other.md', 'root.txt', 'sub/deep/core.js', 'sub/lib.js', 'sub/nested.txt'];
    expect(outputOf(plain.stdout, 'check')).toEqual(expected.map((file) => `./${file}`));
    const [runId] = recordedRunIds(repo);
    expect(listTree(path.join(runDirOf(repo, runId!), 'artifacts', 'make'))).toEqual(expected);
    // A pattern that matched nothing is a warning line of its own, not only a line in the log.
    for (const pattern of ['missing/*.css', 'absent.txt']) {
      expect(plain.all).toMatch(new RegExp(`^warning .*artifact "${pattern.replace(/[.*]/g, '\\$&')}" of job "make" matched nothing`, 'm'));
    }

    const json = await runCli(['run', '--no-cache', '--json'], { cwd: repo });
    expect(json.exitCode, json.all).toBe(0);
    const warnings = parseNdjson(json.stdout).filter((event) => event.type === 'warning');
    expect(warnings.map((event) => [event.job, event.message])).toEqual([
      ['make', expect.stringContaining('artifact "missing/*.css" of job "make" matched nothing')],
      ['make', expect.stringContaining('artifact "absent.txt" of job "make" matched nothing')],
    ]);
  });
});

describe('a symbolic link in an artifact', () => {
  it('that stays inside the workspace is kept as a link', async () => {
    const repo = await createBusyboxProject({
      make: { steps: ['mkdir -p out/bin && echo hi > out/tool.sh && ln -s ../tool.sh out/bin/tool && ln -s ../README out/readme'], artifacts: ['out/'] },
      check: { needs: ['make'], steps: ['readlink out/bin/tool', 'cat out/bin/tool'] },
    });
    const result = await runCli(['run', '--no-cache'], { cwd: repo, env: { CI: 'true' } });
    expect(result.exitCode, result.all).toBe(0);
    expect(outputOf(result.stdout, 'check')).toEqual(['../tool.sh', 'hi']);
  });

  it.each([
    ['absolute', '/etc/passwd', 'is an absolute link'],
    ['climbing out', '../../../../etc/passwd', 'points outside /workspace'],
  ])('that is %s fails the job naming the artifact, the link and why, and leaves no artifact folder', async (_kind, target, why) => {
    const repo = await createBusyboxProject({
      make: { steps: [`mkdir -p build/out/a && echo x > build/out/a/file && ln -s ${target} build/out/a/link`], artifacts: ['build/out/'] },
      check: { needs: ['make'], steps: ['true'] },
    });
    const result = await runCli(['run', '--no-cache'], { cwd: repo, env: { CI: 'true' } });
    expect(result.exitCode, result.all).toBe(1);
    expect(result.all).toContain(`artifact "build/out/": build/out/a/link -> ${target} ${why}`);
    expect(result.all).not.toContain('is not a valid symlink');
    const [runId] = recordedRunIds(repo);
    expect(existsSync(path.join(runDirOf(repo, runId!), 'artifacts', 'make'))).toBe(false);
  });
});
