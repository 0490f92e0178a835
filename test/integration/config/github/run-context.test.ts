/**
 * The `github` context of a local run on a real repository: owner and name from the origin
 * remote, ref from the branch or a tag, the event from --event; on.push branch filters; vars;
 * a feature branch whose push triggers nothing runs as its pull request.
 */
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../../../src/config/load.js';
import { NoPipelineError } from '../../../../src/errors.js';
import { createGitRepo, git, writeFiles } from '../../../helpers/git-repo.js';

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
    // A branch whose tip carries a tag is still pushed as the branch: no release workflow.
    expect((await load()).pipeline.jobs.map((job) => job.name)).not.toContain('release / publish');
    await git(repo, 'checkout', '-q', 'v1.0.0');
    const tagged = await load();
    expect(tagged.pipeline.jobs.map((job) => job.name)).toEqual(['ci / ours', 'ci / cleanup', 'release / publish']);
    expect(tagged.unsupported?.join('\n')).toMatch(/feature\.yml: on\.push: skipped: a push of this tag is filtered out/);
  });
});

const REVIEWED = `on:
  push:
    branches: [main]
  pull_request: {}
jobs:
  check:
    runs-on: ubuntu-latest
    steps: [{ run: 'echo \${{ github.event_name }} \${{ github.head_ref }} \${{ github.base_ref }} \${{ github.ref }} \${{ github.event.pull_request.head.ref }}' }]
`;
const RELEASES_ONLY = `on:
  push:
    branches: [main]
  pull_request:
    branches: ['release/**']
jobs:
  backport: { runs-on: ubuntu-latest, steps: [{ run: x }] }
`;

describe('a pushed feature branch whose push triggers no workflow', SLOW, () => {
  it('runs the workflows its pull request into the default branch would, with the pull request context', async () => {
    const repo = await createGitRepo({ '.github/workflows/ci.yml': REVIEWED, '.github/workflows/backport.yml': RELEASES_ONLY }, { commit: true });
    await git(repo, 'checkout', '-q', '-b', 'feature/login');
    const load = (options: { event?: string; workflow?: string; ref?: { branch: string } } = {}) => loadPipeline({ cwd: repo, env: {}, ...options });

    const checked = await load();
    expect(checked.pipeline.jobs.map((job) => job.name)).toEqual(['check']);
    expect(checked.notes).toEqual(['No workflow runs on a push to feature/login: running the workflows a pull request from feature/login into main triggers (pull_request event).']);
    const job = checked.pipeline.jobs[0]!;
    expect(job.steps[0]!.run).toContain("'echo ''pull_request'' ''feature/login'' ''main'' ''refs/pull/0/merge'' ''feature/login");
    expect(job.env).toMatchObject({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'feature/login', GITHUB_BASE_REF: 'main', GITHUB_REF: 'refs/pull/0/merge' });
    expect(checked.unsupported?.join('\n')).toMatch(/backport\.yml: on\.pull_request: skipped: main does not match on\.pull_request\.branches/);

    // The user's choice of event or workflow stands; the default branch is a push as before.
    await expect(load({ event: 'push' })).rejects.toThrow(NoPipelineError);
    expect((await load({ workflow: 'backport' })).notes).toBeUndefined();
    const main = await load({ ref: { branch: 'main' } });
    expect(main.pipeline.jobs.map((job) => job.name)).toEqual(['backport / backport', 'ci / check']);
    expect(main.notes).toBeUndefined();
    expect(main.pipeline.jobs[1]!.env.GITHUB_HEAD_REF).toBeUndefined();

    // Nothing for the pull request either: still no pipeline, which says what was tried.
    writeFiles(repo, { '.github/workflows/ci.yml': REVIEWED.replace('pull_request: {}', 'pull_request: { types: [closed] }') });
    await expect(load()).rejects.toThrow('No pipeline for a push event to feature/login: no workflow is triggered by it, nor by a pull request into main');
  });
});
