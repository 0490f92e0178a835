/** A real .gitlab-ci.yml (with an include, extends, anchors, !reference, parallel) run through the built CLI on Docker. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { recordedRunIds, statePath } from '../helpers/local-state.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { BUSYBOX, jobLines } from './sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const PIPELINE = `
include:
  - local: ci/*.yml
stages: [build, test, report]
variables:
  NAME: world
  GREETING: "hello \${NAME}"
default:
  image: ${BUSYBOX}
.shared: &shared
  tags: [docker]
build:
  <<: *shared
  stage: build
  before_script: [export FROM_BEFORE=before-seen]
  script:
    - echo "$GREETING $FROM_BEFORE on $CI_COMMIT_REF_NAME"
    - mkdir -p dist && echo app > dist/app.txt && echo map > dist/app.map
  artifacts:
    paths: [dist/]
    exclude: ["dist/*.map"]
test:
  extends: .test-template
  parallel: 2
  script:
    - !reference [.test-template, script]
    - test -f dist/app.txt && echo "node $CI_NODE_INDEX of $CI_NODE_TOTAL has the artifact"
flaky:
  stage: test
  script: [echo flaky-runs, exit 3]
  after_script: [echo after-script-ran]
  allow_failure:
    exit_codes: 3
broken:
  stage: test
  script: [exit 5]
  after_script: [echo cleanup-after-broken]
tagged-only:
  stage: test
  script: [echo never]
  rules:
    - if: $CI_COMMIT_TAG
on-failure:
  stage: report
  script: [echo reporting-failure]
  when: on_failure
on-success:
  stage: report
  script: [echo never-on-success]
`;

const TEMPLATE = `
.test-template:
  stage: test
  interruptible: true
  script: [echo from-template]
`;

describe('GitLab CI import', () => {
  it('runs the pipeline as GitLab would: scripts, artifacts, parallel, allowed failures, after_script and on_failure', async () => {
    const repo = await createGitRepo({ '.gitlab-ci.yml': PIPELINE, 'ci/template.yml': TEMPLATE }, { commit: true });

    const list = await runCli(['list'], { cwd: repo });
    expect(list.exitCode, list.all).toBe(0);
    expect(list.stdout).toMatch(/Pipeline from \.gitlab-ci\.yml \(GitLab CI/);
    // tags only pick a runner: ignored without a word. A template's key is warned about once, where it is written.
    expect(list.all).not.toMatch(/tags/);
    expect(list.all).toMatch(/ci[/\\]template\.yml: \[".test-template"\]\.interruptible: ignored/);
    const strict = await runCli(['list', '--strict'], { cwd: repo });
    expect(strict.exitCode).toBe(2);

    const result = await runCli(['run', '--no-cache'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(1);
    expect(jobLines(result.stdout, 'build')).toContain('hello world before-seen on main');
    for (const index of [1, 2]) {
      expect(jobLines(result.stdout, `test ${index}/2`)).toEqual(expect.arrayContaining(['from-template', `node ${index} of 2 has the artifact`]));
    }
    expect(jobLines(result.stdout, 'flaky')).toEqual(expect.arrayContaining(['flaky-runs', 'after-script-ran']));
    expect(result.stdout).toMatch(/flaky\s+failed \(allowed\) \(exit 3\)/);
    expect(jobLines(result.stdout, 'broken')).toContain('cleanup-after-broken');
    expect(result.stdout).toMatch(/broken\s+failed \(exit 5\)/);
    expect(result.stdout).not.toMatch(/tagged-only/);
    expect(jobLines(result.stdout, 'on-failure')).toContain('reporting-failure');
    expect(result.stdout).not.toMatch(/never-on-success/);

    const [runId] = recordedRunIds(repo).slice(-1);
    const dist = statePath(repo, 'runs', runId!, 'artifacts', 'build', 'dist');
    expect(readFileSync(path.join(dist, 'app.txt'), 'utf8')).toBe('app\n');
    expect(existsSync(path.join(dist, 'app.map'))).toBe(false);
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('refuses an include it cannot fetch with exit 2, naming the file and --include-dir', async () => {
    const repo = await createGitRepo({ '.gitlab-ci.yml': 'include:\n  - remote: https://example.com/shared.yml\njob:\n  script: [true]\n' }, { commit: true });
    const result = await runCli(['list'], { cwd: repo });
    expect(result.exitCode).toBe(2);
    expect(result.all).toMatch(/\.gitlab-ci\.yml: include: include https:\/\/example\.com\/shared\.yml cannot be fetched/);
    expect(result.all).toMatch(/--include-dir/);
    expect(result.all).not.toMatch(/\n\s+at /);
  });
});
