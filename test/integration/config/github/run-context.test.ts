/**
 * The `github` context of a local run on a real repository: owner and name from the origin
 * remote, ref from the branch or a tag, the event from --event; on.push branch filters; vars.
 */
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../../../src/config/load.js';
import { createGitRepo, git } from '../../../helpers/git-repo.js';

const SLOW = { timeout: 60_000 };

const CI = `on: [push, pull_request]
jobs:
  ours:
    if: github.repository_owner == 'acme' && github.event_name == 'push'
    runs-on: ubuntu-latest
    steps: [{ run: 'echo \${{ github.repository }} \${{ github.ref }} \${{ vars.REGION }}' }]
  forks:
    if: github.repository_owner != 'acme'
    runs-on: ubuntu-latest
    steps: [{ run: x }]
  reviews:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps: [{ run: x }]
  cleanup:
    if: always() && job.status == 'failure'
    runs-on: ubuntu-latest
    steps: [{ run: x }]
`;
const RELEASE = `on:
  push:
    tags: ['v*']
jobs:
  publish: { runs-on: ubuntu-latest, steps: [{ run: x }] }
`;
const FEATURE = `on:
  push:
    branches: ['feature/**', '!feature/skip-*']
jobs:
  preview: { runs-on: ubuntu-latest, steps: [{ run: x }] }
`;

describe('a local run as the event GitHub would see', SLOW, () => {
  it('fills github from the origin remote and the branch; --event and branch filters pick workflows and jobs', async () => {
    const repo = await createGitRepo({ '.github/workflows/ci.yml': CI, '.github/workflows/release.yml': RELEASE, '.github/workflows/feature.yml': FEATURE }, { commit: true });
    await git(repo, 'remote', 'add', 'origin', 'git@github.com:acme/app.git');
    await git(repo, 'checkout', '-q', '-b', 'feature/login');
    const load = (options: { event?: string; env?: Record<string, string> } = {}) => loadPipeline({ cwd: repo, env: options.env ?? {}, ...(options.event ? { event: options.event } : {}) });

    const pushed = await load({ env: { LOCALCI_VAR_REGION: 'eu-west' } });
    expect(pushed.pipeline.jobs.map((job) => job.name)).toEqual(['ci / ours', 'ci / cleanup', 'feature / preview']);
    const ours = pushed.pipeline.jobs[0]!;
    expect(ours.steps[0]!.run).toContain("'echo ''acme/app'' ''refs/heads/feature/login'' ''eu-west'");
    expect(ours.env).toMatchObject({ GITHUB_REPOSITORY: 'acme/app', GITHUB_REPOSITORY_OWNER: 'acme', GITHUB_REF_NAME: 'feature/login', GITHUB_EVENT_NAME: 'push' });
    expect(pushed.pipeline.jobs[1]!.steps[0]!.run).toContain('_geq "${LOCALCI_JOB_STATUS:-success}"');
    expect(pushed.unsupported?.join('\n')).toMatch(/release\.yml: on\.push: skipped: a push of this branch is filtered out \(only tags are listed\)/);

    const reviewed = await load({ event: 'pull_request' });
    expect(reviewed.pipeline.jobs.map((job) => job.name)).toEqual(['reviews', 'cleanup']);

    await git(repo, 'checkout', '-q', '-b', 'feature/skip-this');
    await git(repo, 'tag', 'v1.0.0');
    const tagged = await load();
    expect(tagged.pipeline.jobs.map((job) => job.name)).toEqual(['ci / ours', 'ci / cleanup', 'release / publish']);
    expect(tagged.unsupported?.join('\n')).toMatch(/feature\.yml: on\.push: skipped: a push of this tag is filtered out/);
  });
});
