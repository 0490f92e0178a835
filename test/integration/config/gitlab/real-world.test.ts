/**
 * `ci list` through the built CLI on `.gitlab-ci.yml` files shaped like real projects' (Auto
 * DevOps alone, templates with jobs configured by a few keys, dind with child pipelines,
 * components and project includes, dotenv and inherit): each is planned without exit 2, what
 * cannot run is listed with the reason. Includes point at a local stand-in for gitlab.com and a
 * loopback server, never the internet.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../helpers/cli.js';
import { createGitRepo, git } from '../../../helpers/git-repo.js';
import { closeIncludeServers, gitlabHosts, includeServer } from '../../../helpers/gitlab-remotes.js';
import { REPO_ROOT } from '../../../helpers/repo-root.js';
import { cleanupTempDirs } from '../../../helpers/tmp-dir.js';

afterEach(async () => {
  await closeIncludeServers();
  await cleanupTempDirs();
});

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'gitlab-real');

interface Listed {
  jobs: Array<{ name: string }>;
  unavailable?: Array<{ name: string; reason: string }>;
}

/** The fixture as a committed repository, its remote includes served by `remoteBase`. */
async function fixtureRepo(name: string, remoteBase: string): Promise<string> {
  const repo = await createGitRepo({});
  cpSync(path.join(FIXTURES, name), repo, { recursive: true });
  const main = path.join(repo, '.gitlab-ci.yml');
  writeFileSync(main, readFileSync(main, 'utf8').replaceAll('__REMOTE__', remoteBase));
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-q', '-m', 'pipeline');
  return repo;
}

describe('real-world shaped .gitlab-ci.yml files', { timeout: 60_000 }, () => {
  it('are planned by ci list without exit 2, what cannot run listed with the reason', async () => {
    const hosts = gitlabHosts();
    const server = await includeServer({});
    const expected: Record<string, { jobs: string[]; unavailable: string[] }> = {
      'node-app': { jobs: ['install', 'lint', 'test: [18]', 'test: [20]', 'test: [22]', 'build', 'pages', 'deploy'], unavailable: ['sast'] },
      'docker-image': { jobs: ['build', 'container-scan', 'publish'], unavailable: ['docs', 'deploy-prod'] },
      components: { jobs: ['compile', 'test:node22', 'test:unit'], unavailable: ['build-image', 'lint', 'deploy'] },
      'python-lib': { jobs: ['version', 'test-3.11', 'test-3.12', 'flaky-integration', 'package', 'notify'], unavailable: [] },
    };
    for (const [name, want] of Object.entries(expected)) {
      const repo = await fixtureRepo(name, server.base);
      const listed = await runCli(['list', '--json'], { cwd: repo, env: hosts.env });
      expect(listed.exitCode, `${name}: ${listed.all}`).toBe(0);
      const plan = JSON.parse(listed.stdout) as Listed;
      expect({ name, jobs: plan.jobs.map((job) => job.name), unavailable: (plan.unavailable ?? []).map((job) => job.name) }).toEqual({ name, ...want });
    }
    expect(server.requests).toEqual(['/templates/Jobs/Test.gitlab-ci.yml']);
  });

  it('says nothing runs locally for a file whose jobs are all in a template, and plans the jobs of a project include once it is reachable', async () => {
    const hosts = gitlabHosts();
    const server = await includeServer({});
    const autoDevops = await runCli(['list'], { cwd: await fixtureRepo('auto-devops', server.base), env: hosts.env });
    expect(autoDevops.exitCode, autoDevops.all).toBe(0);
    expect(autoDevops.all).toMatch(/note Nothing runs locally from .*\.gitlab-ci\.yml: its jobs are in includes not read \(template Auto-DevOps\.gitlab-ci\.yml\)\./);
    expect(autoDevops.all).toMatch(/--include-dir/);

    await hosts.addProject(
      'platform/ci-templates',
      { 'templates/.node.yml': '.node-base:\n  image: node:20\n', 'templates/.docker.yml': '.docker-build:\n  image: docker:24.0\n  script: [docker build .]\n' },
      { tag: 'v3.2.0' },
    );
    const repo = await fixtureRepo('components', server.base);
    const listed = await runCli(['list', '--json'], { cwd: repo, env: hosts.env });
    expect(listed.exitCode, listed.all).toBe(0);
    const plan = JSON.parse(listed.stdout) as Listed;
    expect(plan.jobs.map((job) => job.name).sort()).toEqual(['build-image', 'compile', 'deploy', 'lint', 'test:node22', 'test:unit']);
    expect(plan.unavailable ?? []).toEqual([]);
    expect(listed.stderr).toMatch(/not read: component gitlab\.com\/components\/sast\/sast@~latest \(could not fetch it: could not list the project's releases/);
  });
});
