/** A real .gitlab-ci.yml (with an include, extends, anchors, !reference, parallel) run through the built CLI on Docker. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { addBareRemote, createGitRepo, git, pushRefspec } from '../helpers/git-repo.js';
import { gitlabHosts } from '../helpers/gitlab-remotes.js';
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

  it('plans a file whose template and project includes cannot be read, with workflow rules, and runs what is local', async () => {
    const repo = await createGitRepo({ '.gitlab-ci.yml': OFFLINE_PIPELINE }, { commit: true });
    // gitlab.com is an empty local folder here: the project include cannot be fetched.
    const hosts = gitlabHosts();
    const { env } = hosts;

    const list = await runCli(['list'], { cwd: repo, env });
    expect(list.exitCode, list.all).toBe(0);
    expect(list.all).toMatch(/\.gitlab-ci\.yml: include\[0\]: not read: template Security\/SAST\.gitlab-ci\.yml \(templates come with a GitLab server and are not fetched\).*--include-dir/);
    expect(list.all).toMatch(/\.gitlab-ci\.yml: include\[1\]: not read: project group\/ci-templates:\/templates\/node\.yml \(could not fetch it: .+\)/);
    expect(list.stdout).toMatch(/NOT RUNNABLE LOCALLY\n.*sast\s+extends `\.sast-analyzer`, which no file read defines/);
    expect(list.stdout).toMatch(/downstream\s+trigger: starts a downstream pipeline \(group\/deployer\)/);
    const json = JSON.parse((await runCli(['list', '--json'], { cwd: repo, env })).stdout) as { jobs: Array<{ name: string }>; unavailable: Array<{ name: string }> };
    expect(json.jobs.map((job) => job.name)).toEqual(['version', 'use-version']);
    expect(json.unavailable.map((job) => job.name).sort()).toEqual(['downstream', 'lint', 'sast']);

    const named = await runCli(['run', 'sast'], { cwd: repo, env });
    expect(named.exitCode).toBe(2);
    expect(named.all).toMatch(/Job "sast" is not runnable locally: extends `\.sast-analyzer`/);

    const run = await runCli(['run', '--no-cache'], { cwd: repo, env });
    expect(run.exitCode, run.all).toBe(0);
    expect(jobLines(run.stdout, 'use-version')).toContain('version 1.4.2 from build, pipeline for main');

    // With a copy of the template, the job extending it is planned too; once the project is
    // reachable, its file is fetched and the job extending what it defines is planned as well.
    const copies = path.join(repo, 'copies');
    mkdirSync(path.join(copies, 'Security'), { recursive: true });
    writeFileSync(path.join(copies, 'Security', 'SAST.gitlab-ci.yml'), `.sast-analyzer:\n  image: ${BUSYBOX}\n  script: [echo sast]\n`);
    await hosts.addProject('group/ci-templates', { 'templates/node.yml': `.node-lint:\n  image: ${BUSYBOX}\n  script: [echo lint]\n` });
    const withCopy = await runCli(['list', '--include-dir', 'copies'], { cwd: repo, env });
    expect(withCopy.exitCode, withCopy.all).toBe(0);
    expect(withCopy.stdout).toMatch(/^sast\s/m);
    expect(withCopy.stdout).toMatch(/^lint\s/m);
    expect(withCopy.all).not.toMatch(/not read/);

    // The workflow rules leave out branches other than the default one: no pipeline, which is no failure.
    await git(repo, 'checkout', '-q', '-b', 'feature');
    const feature = await runCli(['list'], { cwd: repo, env });
    expect(feature.exitCode, feature.all).toBe(0);
    expect(feature.all).toMatch(/note No pipeline for branch feature: .*\.gitlab-ci\.yml: workflow\.rules leave it out\./);
    expect(feature.all).not.toMatch(/\n\s+at /);

    // The hook decides the rules for the pushed ref, not for the checkout: feature goes through
    // unchecked, the same commit pushed to main runs main's pipeline.
    await addBareRemote(repo);
    expect((await runCli(['hook', 'install'], { cwd: repo })).exitCode).toBe(0);
    const pushFeature = await pushRefspec(repo, 'feature', env);
    expect(pushFeature.exitCode, pushFeature.all).toBe(0);
    expect(pushFeature.all).toMatch(/No pipeline for branch feature: .* Push of feature allowed unchecked\./);
    const pushMain = await pushRefspec(repo, 'HEAD:main', env);
    expect(pushMain.exitCode, pushMain.all).toBe(0);
    expect(pushMain.all).toMatch(/3 jobs passed on [0-9a-f]{8} \(main\)/);
  });
});

const OFFLINE_PIPELINE = `
include:
  - template: Security/SAST.gitlab-ci.yml
  - project: group/ci-templates
    file: /templates/node.yml
workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      variables:
        PIPELINE_KIND: pipeline for $CI_COMMIT_BRANCH
default:
  image: ${BUSYBOX}
  tags: [saas-linux-small]
stages: [build, test]
version:
  stage: build
  script: [echo VERSION=1.4.2 > build.env]
  artifacts:
    reports:
      dotenv: build.env
use-version:
  stage: test
  script:
    - echo "version $VERSION from build, $PIPELINE_KIND"
sast:
  stage: test
  extends: .sast-analyzer
lint:
  stage: test
  extends: .node-lint
downstream:
  stage: test
  trigger: group/deployer

`;
