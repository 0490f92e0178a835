/** A repository with a bare `origin`, a pipeline the pre-push hook checks, and the hook installed by the built CLI. */
import { expect } from 'vitest';
import { runCli } from './cli.js';
import { addBareRemote, createGitRepo } from './git-repo.js';

export const GOOD = 'good\n';
export const BROKEN = 'broken\n';

/** `test` fails unless app.txt says "good"; `deploy` would fail if the hook ever ran it. */
export function pipelineConfig(prePush: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      image: 'localci-test/busybox:latest',
      pull: 'never',
      hooks: { prePush },
      jobs: {
        build: { steps: ['test -f app.txt'] },
        test: { needs: ['build'], steps: ['echo "checking app.txt"', 'grep -qx good app.txt || { echo "app.txt is broken: $(cat app.txt)"; exit 1; }'] },
        deploy: { needs: ['test'], environment: 'production', steps: ['echo "deploy must not run from the hook"; exit 1'] },
      },
    },
    null,
    2,
  );
}

/** A committed project with a bare `origin`, and the hook installed by the built CLI. */
export async function project(options: { prePush?: Record<string, unknown>; install?: boolean } = {}) {
  const repo = await createGitRepo({ 'ci.config.json': pipelineConfig(options.prePush), 'app.txt': GOOD }, { commit: true });
  const remote = await addBareRemote(repo);
  if (options.install !== false) await install(repo);
  return { repo, remote };
}

export async function install(repo: string): Promise<string> {
  const result = await runCli(['hook', 'install'], { cwd: repo });
  expect(result.exitCode, result.all).toBe(0);
  return result.stdout;
}
