/** Names of what a GitLab include fetches: the server, project paths, components and their versions. */
import { describe, expect, it } from 'vitest';
import { parseComponent, resolveVersion, withServerHost } from '../../../../../src/config/import/gitlab/component-include.js';
import { gitlabServer, projectPathProblem } from '../../../../../src/config/import/gitlab/project-include.js';
import { remoteUrlProblem } from '../../../../../src/config/import/gitlab/remote-include.js';

describe('the GitLab server', () => {
  it.each([
    [{}, {}, 'https://gitlab.com'],
    [{ remoteUrl: 'git@gitlab.example.com:group/app.git' }, {}, 'https://gitlab.example.com'],
    [{ remoteUrl: 'ssh://git@git.corp:2222/group/app' }, {}, 'https://git.corp'],
    [{ remoteUrl: 'https://git.corp:8443/group/app.git' }, {}, 'https://git.corp:8443'],
    [{ remoteUrl: 'https://github.com/acme/app.git' }, {}, 'https://gitlab.com'],
    [{ remoteUrl: '/srv/git/app.git' }, {}, 'https://gitlab.com'],
    [{ remoteUrl: 'git@gitlab.example.com:group/app.git' }, { LOCALCI_GITLAB_URL: 'https://mirror.corp/gitlab/' }, 'https://mirror.corp/gitlab'],
  ])('origin %j, env %j → %s', (git, env, server) => {
    expect(gitlabServer(git, env)).toBe(server);
  });
});

describe('names checked before they reach git, a folder or the network', () => {
  it('takes group/project paths and refuses anything that could leave the cache or read as an option', () => {
    expect(projectPathProblem('group/sub/app')).toBeUndefined();
    for (const bad of ['app', 'group/..', 'group/-x', 'group/app.git', '../etc/passwd', 'group/a b']) expect(projectPathProblem(bad), bad).toBeDefined();
  });

  it('fetches http and https URLs without credentials only', () => {
    expect(remoteUrlProblem('https://example.com/ci.yml')).toBeUndefined();
    expect(remoteUrlProblem('file:///etc/passwd')).toMatch(/http and https only/);
    expect(remoteUrlProblem('https://user:token@example.com/ci.yml')).toMatch(/user or password/);
  });

  it('reads component paths, with the server host put in', () => {
    expect(parseComponent(withServerHost('$CI_SERVER_FQDN/group/sub/comp/lint@1.0', 'git.corp'))).toEqual({ host: 'git.corp', project: 'group/sub/comp', name: 'lint', version: '1.0' });
    expect(parseComponent('gitlab.com/group/lint@1.0')).toMatch(/is not <host>/);
    expect(parseComponent('user@evil/group/comp/lint@1.0')).toMatch(/will not fetch from/);
    expect(parseComponent('gitlab.com/group/comp/lint')).toMatch(/no @<version>/);
  });

  it('resolves ~latest and partial versions to the highest release tag, other versions as they are', () => {
    const tags = () => ['0.9.0', '1.0.0', '1.2.0', '1.10.1', '2.0.0-rc.1', 'v-nope'];
    expect(resolveVersion('~latest', tags)).toBe('1.10.1');
    expect(resolveVersion('1', tags)).toBe('1.10.1');
    expect(resolveVersion('1.2', tags)).toBe('1.2.0');
    expect(resolveVersion('1.2.0', () => ({ error: 'not asked' }))).toBe('1.2.0');
    expect(resolveVersion('main', () => ({ error: 'not asked' }))).toBe('main');
    expect(resolveVersion('3', tags)).toEqual({ error: 'no release tag fits 3' });
    expect(resolveVersion('~latest', () => ({ error: 'offline' }))).toEqual({ error: 'could not list the project\'s releases for ~latest: offline' });
  });
});
