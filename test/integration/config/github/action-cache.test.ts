/**
 * Remote actions fetched with real git from a local bare repository standing in for GitHub
 * (`url.<base>.insteadOf` in GIT_CONFIG_* variables): kept in the user's cache folder, a SHA
 * fetched once, a tag looked up again only when asked, the copy used when the remote is gone,
 * no link followed in the cache or in the fetched files.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionLayerProblem } from '../../../../src/config/action-layers.js';
import { fetchRemote, REF_CHECK_INTERVAL_MS } from '../../../../src/config/import/github/action-cache.js';
import { treeReader } from '../../../../src/config/import/github/tree-reader.js';
import { createGitRepo, git, GIT_ENV } from '../../../helpers/git-repo.js';
import { makeTempDir } from '../../../helpers/tmp-dir.js';

/** A bare `acme/tools` under a folder git reaches instead of https://github.com/, and an env for it with its own cache. */
async function remoteTools(): Promise<{ env: Record<string, string>; cache: string; sha: string; bare: string }> {
  const source = await createGitRepo({ 'action.yml': 'runs:\n  using: composite\n  steps: []\n', 'lib/a.txt': 'A' }, { commit: true });
  symlinkSync('/etc/hostname', path.join(source, 'leak.yml'));
  await git(source, 'add', '-A');
  await git(source, 'commit', '-q', '-m', 'link');
  await git(source, 'tag', 'v1');
  const hosts = makeTempDir('hosts');
  const bare = path.join(hosts, 'acme', 'tools');
  mkdirSync(path.dirname(bare), { recursive: true });
  await git(hosts, 'clone', '-q', '--bare', source, bare);
  const cache = makeTempDir('cache');
  const env = { ...GIT_ENV, XDG_CACHE_HOME: cache, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `url.file://${hosts}/.insteadOf`, GIT_CONFIG_VALUE_0: 'https://github.com/' };
  return { env, cache, sha: (await git(source, 'rev-parse', 'HEAD')).trim(), bare };
}

describe('the actions cache', () => {
  it('fetches a tag and a SHA once into the user cache; a day-old tag is looked up again, and its copy used when the remote is gone', async () => {
    const { env, cache, sha, bare } = await remoteTools();
    const byTag = fetchRemote({ owner: 'acme', repo: 'tools', path: '', ref: 'v1' }, env);
    if ('error' in byTag) throw new Error(byTag.error);
    expect(byTag.sha).toBe(sha);
    expect(byTag.layer).toBe(path.join(cache, 'localci', 'actions', 'acme', 'tools', 'v1', sha));
    expect(byTag.containerDir).toBe(`/workspace/.localci-github/actions/acme/tools/${sha}`);
    expect(readFileSync(path.join(byTag.tree, 'lib', 'a.txt'), 'utf8')).toBe('A');
    expect(actionLayerProblem(byTag.layer, env)).toBeUndefined();
    expect(existsSync(path.join(byTag.tree, '.git'))).toBe(false);

    const bySha = fetchRemote({ owner: 'acme', repo: 'tools', path: '', ref: sha }, env);
    expect('sha' in bySha && bySha.sha).toBe(sha);

    rmSync(bare, { recursive: true });
    // Other settings are another look-up (not remembered): the SHA comes from the cache without git.
    const later = Date.now() + 1000;
    const again = fetchRemote({ owner: 'acme', repo: 'tools', path: '', ref: sha }, { ...env, LOCALCI_ACTIONS: 'strict' }, later);
    expect('sha' in again && again.stale).toBeUndefined();
    const stale = fetchRemote({ owner: 'acme', repo: 'tools', path: '', ref: 'v1' }, { ...env, LOCALCI_ACTIONS: 'refresh' }, later + REF_CHECK_INTERVAL_MS);
    expect('sha' in stale && stale.stale).toMatch(/could not look v1 up again \(.+\); using the copy fetched 20/);

    const missing = fetchRemote({ owner: 'acme', repo: 'gone', path: '', ref: 'v1' }, env);
    expect('error' in missing && missing.error).toMatch(/repository|not found|does not exist/i);
    expect(JSON.stringify(missing)).not.toMatch(/\u001b/);
  });

  it('reads fetched files without following a link, and refuses a cache folder that is a link', async () => {
    const { env } = await remoteTools();
    const fetched = fetchRemote({ owner: 'acme', repo: 'tools', path: '', ref: 'v1' }, env);
    if ('error' in fetched) throw new Error(fetched.error);
    const read = treeReader(fetched.tree);
    expect(read('./action.yml')).toMatch(/composite/);
    expect(read('leak.yml')).toBeUndefined();
    expect(read('../../x')).toBeUndefined();

    const elsewhere = makeTempDir('elsewhere');
    const cache = makeTempDir('cache');
    mkdirSync(path.join(cache, 'localci', 'actions'), { recursive: true });
    symlinkSync(elsewhere, path.join(cache, 'localci', 'actions', 'acme'));
    const refused = fetchRemote({ owner: 'acme', repo: 'tools', path: '', ref: 'v1' }, { ...env, XDG_CACHE_HOME: cache });
    expect('error' in refused && refused.error).toMatch(/symbolic link/);
    expect(actionLayerProblem(path.join(cache, 'localci', 'actions', 'acme', 'tools'), { XDG_CACHE_HOME: cache })).toMatch(/symbolic link|does not exist/);
    expect(actionLayerProblem(elsewhere, { XDG_CACHE_HOME: cache })).toMatch(/not a folder of localci's actions cache/);
  });
});
