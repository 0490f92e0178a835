/**
 * GitHub Docker actions run through the built CLI on real Docker: an image built
 * from the action's Dockerfile and `docker://` steps, each in a container of its
 * own that shares the job's workspace, outputs and env files.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo } from '../helpers/git-repo.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { BUSYBOX, jobLines } from './sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const NOTHING = { containers: [], networks: [], volumes: [] };

/** Images built from the Dockerfiles of the tests' actions, removed at the end. */
const builtImages = new Set<string>();
afterAll(async () => {
  if (builtImages.size > 0) await execa('docker', ['rmi', '-f', ...builtImages], { reject: false });
});

describe('GitHub Docker actions', () => {
  it('runs Docker actions in containers of their own: a Dockerfile action of the repository and docker:// steps, sharing workspace, outputs and env files', async () => {
    const action = `
inputs:
  who: { default: nobody }
  code: { default: '0' }
runs:
  using: docker
  image: Dockerfile
  args: ['\${{ inputs.who }}', 'two words']
  env:
    FROM_ACTION: action-\${{ inputs.who }}
`;
    const entry = [
      'echo "args [$1] [$2] in $(pwd) who=$INPUT_WHO action=$FROM_ACTION job=$JOB_VAR early=$EARLY seed=$(cat seed.txt)"',
      'echo "said=hi $INPUT_WHO" >> "$GITHUB_OUTPUT"',
      'echo "FROM_DOCKER=dock" >> "$GITHUB_ENV"',
      'echo written > made-in-docker.txt',
      'exit "$INPUT_CODE"',
    ].join('\n');
    const workflow = `
on: push
env:
  JOB_VAR: jv
jobs:
  docker:
    runs-on: ubuntu-latest
    container: ${BUSYBOX}
    steps:
      - id: first
        run: echo seed > seed.txt; echo "EARLY=early" >> "$GITHUB_ENV"; echo "name=Mona" >> "$GITHUB_OUTPUT"
      - id: hello
        uses: ./.github/actions/hello
        with:
          who: \${{ steps.first.outputs.name }}
      - uses: docker://${BUSYBOX}
        with:
          entrypoint: sh
          args: -c "echo plain step color=$INPUT_COLOR; ls"
          color: blue
      - run: echo "later said=\${{ steps.hello.outputs.said }} env=$FROM_DOCKER file=$(cat made-in-docker.txt)"
      - uses: ./.github/actions/hello
        with:
          code: '4'
`;
    const repo = await createGitRepo(
      {
        '.github/workflows/ci.yml': workflow,
        '.github/actions/hello/action.yml': action,
        '.github/actions/hello/Dockerfile': `FROM ${BUSYBOX}\nCOPY entry.sh /entry.sh\nENTRYPOINT ["sh", "/entry.sh"]\n`,
        '.github/actions/hello/entry.sh': entry,
      },
      { commit: true },
    );
    const result = await runCli(['run'], { cwd: repo });
    for (const [, tag] of result.stdout.matchAll(/built image (localci-build\/\S+)/g)) builtImages.add(tag!);
    expect(result.exitCode, result.all).toBe(1);
    const lines = jobLines(result.stdout, 'docker').join('\n');
    expect(lines).toContain('args [Mona] [two words] in /workspace who=Mona action=action-Mona job=jv early=early seed=seed');
    expect(lines).toMatch(/plain step color=blue\n.*made-in-docker\.txt\n.*seed\.txt/);
    expect(lines).toContain('later said=hi Mona env=dock file=written');
    expect(lines).toContain('args [nobody] [two words]');
    expect(result.stdout).toMatch(/docker.*exit 4/);
    expect(await localciObjects()).toEqual(NOTHING);

    writeFileSync(path.join(repo, '.github/workflows/ci.yml'), workflow.replace(`docker://${BUSYBOX}`, 'docker://localci-test/absent:never'));
    const missing = await runCli(['run'], { cwd: repo });
    expect(missing.exitCode, missing.all).toBe(3);
    expect(missing.stderr).toContain('localci-test/absent:never');
    expect(await localciObjects()).toEqual(NOTHING);
  });
});
