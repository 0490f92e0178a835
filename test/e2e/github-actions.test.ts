/**
 * GitHub Actions workflows written for these tests, run through the built CLI
 * on real Docker: outputs between steps and jobs, the env files, matrix legs,
 * setup-node pinned by SHA, actions that cannot run locally, continue-on-error, local actions and
 * actions and a reusable workflow fetched from a local bare repository standing in for GitHub.
 * Docker actions are in github-docker-actions.test.ts.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo, git } from '../helpers/git-repo.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { BUSYBOX, jobLines } from './sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const NOTHING = { containers: [], networks: [], volumes: [] };

/** A composite action that runs a script of its own folder (`github.action_path`). */
const COMPOSITE = `
inputs:
  word:
    default: x
outputs:
  shout:
    value: \${{ steps.up.outputs.value }}
runs:
  using: composite
  steps:
    - id: up
      shell: sh
      run: echo "value=$(echo '\${{ inputs.word }}' | tr a-z A-Z)" >> "$GITHUB_OUTPUT"
    - shell: sh
      run: sh "\${{ github.action_path }}/hello.sh"
`;
/** A reusable workflow of `acme/tools` whose job runs an action of its own repository. */
const REUSABLE = `
on:
  workflow_call:
    inputs:
      word: { type: string, default: none }
    outputs:
      said:
        value: \${{ jobs.hello.outputs.said }}
jobs:
  hello:
    runs-on: ubuntu-latest
    outputs:
      said: \${{ steps.say.outputs.said }}
    steps:
      - id: say
        run: echo "called with \${{ inputs.word }}"; echo "said=\${{ inputs.word }}-\${{ github.event_name }}" >> "$GITHUB_OUTPUT"
      - uses: acme/tools/greet@v1
        with:
          who-am-i: caller
`;

const HELLO_SCRIPT = 'echo "script of the action in $(cd "$(dirname "$0")" && pwd)"\n';

/**
 * `acme/tools` in a bare repository that git reaches instead of https://github.com/ (no network):
 * the composite action at its root, a node20 action in greet/.
 */
async function remoteActions(): Promise<{ env: Record<string, string>; sha: string }> {
  const source = await createGitRepo(
    {
      'action.yml': COMPOSITE,
      'hello.sh': HELLO_SCRIPT,
      'greet/action.yml': 'inputs:\n  who-am-i:\n    default: nobody\n  unused:\n    default: fallback\nruns:\n  using: node20\n  main: index.js\n  pre: pre.js\n  post: post.js\n',
      'greet/index.js': GREET_SCRIPT,
      'greet/pre.js': PRE_SCRIPT,
      'greet/post.js': POST_SCRIPT,
      '.github/workflows/reuse.yml': REUSABLE,
    },
    { commit: true },
  );
  await git(source, 'tag', 'v1');
  const hosts = makeTempDir('hosts');
  mkdirSync(path.join(hosts, 'acme'));
  await git(hosts, 'clone', '-q', '--bare', source, path.join(hosts, 'acme', 'tools'));
  const env = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `url.file://${hosts}/.insteadOf`, GIT_CONFIG_VALUE_0: 'https://github.com/' };
  return { env, sha: (await git(source, 'rev-parse', 'HEAD')).trim() };
}

const GREET_SCRIPT = `
const fs = require('fs');
const who = process.env['INPUT_WHO-AM-I'];
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'greeting=hi ' + who + '\\n');
console.log('js action ran for ' + who + ' with ' + process.env.INPUT_UNUSED);
`;

const PRE_SCRIPT = "console.log('pre ran for ' + process.env['INPUT_WHO-AM-I']);\n";
const POST_SCRIPT = "console.log('post ran for ' + process.env['INPUT_WHO-AM-I'] + ' after ' + process.env.LOCALCI_JOB_STATUS);\n";

const OUTPUTS_WORKFLOW = `
name: CI
on: [push, pull_request]
env:
  GREETING: hello
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      version: \${{ steps.version.outputs.value }}
      notes: \${{ steps.version.outputs.notes }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0
        with:
          node-version: 20.x
      - id: version
        run: |
          echo "value=1.2.3" >> "$GITHUB_OUTPUT"
          { echo "notes<<END"; echo "line one"; echo "line two"; echo "END"; } >> "$GITHUB_OUTPUT"
          echo "FROM_ENV_FILE=carried" >> "$GITHUB_ENV"
          mkdir -p "$RUNNER_TEMP/bin" && printf '#!/bin/sh\\necho tool-on-path\\n' > "$RUNNER_TEMP/bin/mytool" && chmod +x "$RUNNER_TEMP/bin/mytool"
          echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
      - name: Later step sees outputs, env file and path
        env:
          STEP_VAR: step-\${{ steps.version.outputs.value }}
        run: |
          echo "inline=\${{ steps.version.outputs.value }} env=$FROM_ENV_FILE step=$STEP_VAR greeting=$GREETING"
          echo "outcome=\${{ steps.version.outcome }}"
          mytool
          node --version
  test:
    needs: build
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        part: [a, b]
        include:
          - part: c
            extra: yes
    steps:
      - run: echo "leg=\${{ matrix.part }} extra=\${{ matrix.extra }} version=\${{ needs.build.outputs.version }}"
      - run: |
          printf '%s\\n' "\${{ needs.build.outputs.notes }}" | sed 's/^/notes: /'
      - uses: codecov/codecov-action@v5
`;

describe('GitHub Actions workflows', () => {
  it('pass step outputs, env files and job outputs along, one job per matrix leg', async () => {
    const repo = await createGitRepo({ '.github/workflows/ci.yml': OUTPUTS_WORKFLOW }, { commit: true });
    const listed = await runCli(['list'], { cwd: repo });
    expect(listed.exitCode, listed.all).toBe(0);
    expect(listed.stdout).toMatch(/test \(a\)\s+node:20\s+build/);
    expect(listed.stdout).toMatch(/test \(c, yes\)/);
    expect(listed.stderr).toMatch(/jobs\.test\.steps\[2\]\.uses: skipped: codecov\/codecov-action@v5 uploads coverage to codecov\.io/);

    const result = await runCli(['run'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);
    const build = jobLines(result.stdout, 'build').join('\n');
    expect(build).toContain('inline=1.2.3 env=carried step=step-1.2.3 greeting=hello');
    expect(build).toContain('outcome=success');
    expect(build).toContain('tool-on-path');
    expect(build).toMatch(/v20\.\d+/);
    expect(jobLines(result.stdout, 'test (a)').join('\n')).toContain('leg=a extra= version=1.2.3');
    const legC = jobLines(result.stdout, 'test (c, yes)').join('\n');
    expect(legC).toContain('leg=c extra=yes version=1.2.3');
    expect(legC).toContain('notes: line one');
    expect(legC).toContain('notes: line two');
    expect(await localciObjects()).toEqual(NOTHING);

    const strict = await runCli(['list', '--strict'], { cwd: repo });
    expect(strict.exitCode).toBe(2);
  });

  it('runs with sh in a busybox container; continue-on-error lets the job go on; a failing step fails the job; needs.<job>.result is real', async () => {
    const workflow = `
on: push
defaults:
  run:
    shell: sh
jobs:
  tolerant:
    runs-on: ubuntu-latest
    container: ${BUSYBOX}
    steps:
      - id: flaky
        continue-on-error: true
        run: echo trying; exit 3
      - run: echo "after outcome=\${{ steps.flaky.outcome }} conclusion=\${{ steps.flaky.conclusion }}"
      - if: steps.flaky.outcome == 'success'
        run: echo must-not-run
      - if: \${{ steps.flaky.outcome == 'failure' && github.event_name == 'push' }}
        run: echo guarded-ran
  strict:
    runs-on: ubuntu-latest
    container:
      image: ${BUSYBOX}
      env:
        FROM_CONTAINER: yes
    defaults:
      run:
        working-directory: sub
    steps:
      - run: echo "in $(pwd) $FROM_CONTAINER"; exit 5
      - run: echo never-here
      - if: failure()
        run: echo "after-failure ran"
      - if: always()
        run: echo "always ran"
      - if: success()
        run: echo never-on-success
  report:
    needs: [tolerant, strict]
    if: always() && needs.strict.result == 'failure'
    runs-on: ubuntu-latest
    container: ${BUSYBOX}
    steps:
      - run: echo "results strict=\${{ needs.strict.result }} tolerant=\${{ needs.tolerant.result }}"
`;
    const repo = await createGitRepo({ '.github/workflows/ci.yml': workflow, 'sub/.keep': '' }, { commit: true });
    const result = await runCli(['run'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(1);
    const tolerant = jobLines(result.stdout, 'tolerant').join('\n');
    expect(tolerant).toContain('continue-on-error: the step failed (exit 3); the job goes on');
    expect(tolerant).toContain('after outcome=failure conclusion=success');
    expect(tolerant).not.toMatch(/^must-not-run$/m);
    expect(tolerant).toContain("skipped: if: steps.flaky.outcome == 'success' is false");
    expect(tolerant).toContain('guarded-ran');
    expect(result.stdout).toMatch(/✓ tolerant\s+passed/);
    const strict = jobLines(result.stdout, 'strict').join('\n');
    expect(strict).toContain('in /workspace/sub yes');
    expect(strict).not.toMatch(/^never-here$/m);
    expect(strict).toContain('after-failure ran');
    expect(strict).toContain('always ran');
    expect(strict).not.toMatch(/^never-on-success$/m);
    expect(result.stdout).toMatch(/strict.*exit 5/);
    expect(result.stdout).toMatch(/✗ strict\s+failed/);
    expect(jobLines(result.stdout, 'report').join('\n')).toContain('results strict=failure tolerant=success');
    expect(await localciObjects()).toEqual(NOTHING);
  });

  it('runs local and fetched JavaScript (pre, main, post) and composite actions (inputs, outputs) and a fetched reusable workflow (a matrix of calls, its outputs)', async () => {
    const { env, sha } = await remoteActions();
    const workflow = `
on: push
jobs:
  act:
    runs-on: ubuntu-latest
    steps:
      - id: far-js
        uses: acme/tools/greet@v1
        with:
          who-am-i: remote
      - run: echo "remote js said \${{ steps.far-js.outputs.greeting }}"
      - id: far-comp
        uses: acme/tools@${sha}
        with:
          word: far
      - run: echo "remote composite said \${{ steps.far-comp.outputs.shout }}"
      - uses: acme/missing@v1
      - id: greet
        uses: ./.github/actions/greet
        with:
          who-am-i: tester
      - run: echo "js said \${{ steps.greet.outputs.greeting }}"
      - id: comp
        uses: ./.github/actions/compose/
        with:
          word: hello
      - run: echo "composite said \${{ steps.comp.outputs.shout }}"
  failing:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/greet
        with:
          who-am-i: failing
      - run: exit 6
  shared:
    needs: act
    strategy:
      matrix:
        word: [first]
    uses: acme/tools/.github/workflows/reuse.yml@v1
    with:
      word: \${{ matrix.word }}
    secrets: inherit
  reader:
    needs: shared
    runs-on: ubuntu-latest
    steps:
      - run: echo "the call said \${{ needs.shared.outputs.said }}"
`;
    const greet = `
name: greet
inputs:
  who-am-i:
    default: nobody
  unused:
    default: fallback
runs:
  using: node20
  main: index.js
  pre: pre.js
  post: post.js
  post-if: always()
`;
    const repo = await createGitRepo(
      {
        '.github/workflows/ci.yml': workflow,
        '.github/actions/greet/action.yml': greet,
        '.github/actions/greet/index.js': GREET_SCRIPT,
        '.github/actions/greet/pre.js': PRE_SCRIPT,
        '.github/actions/greet/post.js': POST_SCRIPT,
        '.github/actions/compose/action.yaml': COMPOSITE,
        '.github/actions/compose/hello.sh': HELLO_SCRIPT,
      },
      { commit: true },
    );
    const listed = await runCli(['list'], { cwd: repo, env });
    expect(listed.stdout).toMatch(/shared \(first\) \/ hello\s+node:20\s+act/);
    expect(listed.stderr).toMatch(/steps\[4\]\.uses: skipped: acme\/missing@v1 could not be fetched: .+; check the name and ref/);
    const strict = await runCli(['list'], { cwd: repo, env: { ...env, LOCALCI_ACTIONS: 'strict' } });
    expect(strict.exitCode).toBe(3);
    expect(strict.stderr).toMatch(/acme\/missing@v1 could not be fetched/);
    const result = await runCli(['run'], { cwd: repo, env });
    expect(result.exitCode, result.all).toBe(1);
    const lines = jobLines(result.stdout, 'act').join('\n');
    // Pre scripts before every step, post scripts after them in reverse order.
    expect(lines).toMatch(/pre ran for remote\n(.*\n)*pre ran for tester\n(.*\n)*js action ran for remote(.*\n)*post ran for tester after success\n(.*\n)*post ran for remote after success/);
    expect(jobLines(result.stdout, 'failing').join('\n')).toMatch(/exit 6\n(.*\n)*post ran for failing after failure/);
    expect(lines).toContain('js action ran for remote with fallback');
    expect(lines).toContain('remote js said hi remote');
    expect(lines).toContain(`script of the action in /workspace/.localci-github/actions/acme/tools/${sha}`);
    expect(lines).toContain('remote composite said FAR');
    expect(lines).toContain('js action ran for tester with fallback');
    expect(lines).toContain('js said hi tester');
    expect(lines).toContain('script of the action in /workspace/.github/actions/compose');
    expect(lines).toContain('composite said HELLO');
    const called = jobLines(result.stdout, 'shared (first) / hello').join('\n');
    expect(called).toContain('called with first');
    expect(jobLines(result.stdout, 'reader').join('\n')).toContain('the call said first-push');
    expect(called).toContain('js action ran for caller with fallback');
    expect(await localciObjects()).toEqual(NOTHING);
  });
});
