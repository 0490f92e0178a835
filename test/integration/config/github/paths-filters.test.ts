/**
 * on.push paths filters against real git: a plain load compares the working tree with the
 * upstream, the hook's ref compares the pushed commit with the remote's old one, or a new branch
 * with its merge-base with the default branch.
 */
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../../../src/config/load.js';
import { addBareRemote, commitFiles, createGitRepo, git, writeFiles } from '../../../helpers/git-repo.js';

const workflow = (filter: string) => `on:
  push:
    ${filter}
jobs:
  job: { runs-on: ubuntu-latest, steps: [{ run: x }] }
`;
const FILES = {
  '.github/workflows/docs.yml': workflow("paths: ['docs/**']"),
  '.github/workflows/code.yml': workflow("paths-ignore: ['docs/**', '**.md']"),
  'docs/guide.md': 'v1\n',
  'src/app.ts': 'v1\n',
};

describe('on.push paths filters', { timeout: 60_000 }, () => {
  it('decide on the files the push changes', async () => {
    const repo = await createGitRepo(FILES, { commit: true });
    await addBareRemote(repo);
    await git(repo, 'push', '-q', '-u', 'origin', 'main');
    const jobs = async (ref?: { branch: string; commit: string; before?: string }) => (await loadPipeline({ cwd: repo, env: {}, ...(ref ? { ref } : {}) })).pipeline.jobs.map((job) => job.name);

    // The working tree against the upstream: an edit of the docs, and an untracked file.
    writeFiles(repo, { 'docs/guide.md': 'v2\n' });
    expect(await jobs()).toEqual(['job']);
    const loaded = await loadPipeline({ cwd: repo, env: {} });
    expect(loaded.pipeline.jobs).toHaveLength(1);
    expect(loaded.unsupported?.join('\n')).toMatch(/code\.yml: on\.push: skipped: every changed file matches on\.push\.paths-ignore \(1 changed file compared with origin\/main\)/);
    writeFiles(repo, { 'src/new.ts': 'x\n' });
    expect(await jobs()).toEqual(['code / job', 'docs / job']);

    // The hook: the pushed commit against the remote's old tip, whatever the working tree holds.
    const before = await git(repo, 'rev-parse', 'HEAD');
    const code = await commitFiles(repo, { 'src/app.ts': 'v2\n' });
    expect(await jobs({ branch: 'main', commit: code, before })).toEqual(['job']);
    expect((await loadPipeline({ cwd: repo, env: {}, ref: { branch: 'main', commit: code, before } })).unsupported?.join('\n')).toMatch(/docs\.yml: on\.push: skipped: no changed file matches on\.push\.paths/);

    // A new branch: against its merge-base with the default branch (both commits since main).
    await git(repo, 'checkout', '-q', '-b', 'feature');
    const docs = await commitFiles(repo, { 'docs/guide.md': 'v3\n' });
    expect(await jobs({ branch: 'feature', commit: docs })).toEqual(['code / job', 'docs / job']);
  });
});
