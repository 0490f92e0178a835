/**
 * Stand-ins for what a `.gitlab-ci.yml` includes from outside the project, on this machine only:
 * GitLab projects as bare repositories in a temp folder that git reaches instead of
 * https://gitlab.com/ (`url.<base>.insteadOf` in GIT_CONFIG_* variables), and a loopback HTTP
 * server for `include: remote`. The env also gives localci its own cache folder. Servers are
 * closed by `closeIncludeServers` (call it after each test).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { commitFiles, createGitRepo, git, GIT_ENV } from './git-repo.js';
import { makeTempDir } from './tmp-dir.js';

export interface GitlabHosts {
  /** For the CLI or the importer: git config pointing gitlab.com at `dir`, and a cache folder of its own. */
  env: Record<string, string>;
  cache: string;
  dir: string;
  /** Makes `<dir>/<project>.git` holding `files` (and symbolic `links`: path → target) on `main`, tagged `tag` when given; returns the commit. */
  addProject(project: string, files: Record<string, string>, options?: { tag?: string; links?: Record<string, string> }): Promise<string>;
  /** A new commit of an added project writing `files`, tagged `tag`, pushed to its bare repository. */
  release(project: string, files: Record<string, string>, tag: string): Promise<void>;
}

export function gitlabHosts(): GitlabHosts {
  const dir = makeTempDir('gitlab-hosts');
  const cache = makeTempDir('cache');
  const sources = new Map<string, string>();
  const env = { ...GIT_ENV, XDG_CACHE_HOME: cache, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `url.file://${dir}/.insteadOf`, GIT_CONFIG_VALUE_0: 'https://gitlab.com/' };
  return {
    env,
    cache,
    dir,
    async addProject(project, files, { tag, links = {} } = {}) {
      const source = await createGitRepo(files);
      for (const [name, target] of Object.entries(links)) symlinkSync(target, path.join(source, name));
      await git(source, 'add', '-A');
      await git(source, 'commit', '-q', '-m', 'initial');
      if (tag !== undefined) await git(source, 'tag', tag);
      const bare = path.join(dir, `${project}.git`);
      mkdirSync(path.dirname(bare), { recursive: true });
      await git(dir, 'clone', '-q', '--bare', source, bare);
      sources.set(project, source);
      return (await git(source, 'rev-parse', 'HEAD')).trim();
    },
    async release(project, files, tag) {
      const source = sources.get(project)!;
      await commitFiles(source, files, tag);
      await git(source, 'tag', tag);
      await git(source, 'push', '-q', '--tags', path.join(dir, `${project}.git`), 'main');
    },
  };
}

const servers: http.Server[] = [];

/** Serves `files` (path → text) on 127.0.0.1, 404 for anything else; `requests` lists the paths asked for. */
export async function includeServer(files: Record<string, string>): Promise<{ base: string; requests: string[] }> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const wanted = request.url ?? '';
    requests.push(wanted);
    const text = files[wanted];
    response.writeHead(text === undefined ? 404 : 200, { 'content-type': 'text/plain' });
    response.end(text ?? 'not found');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

export async function closeIncludeServers(): Promise<void> {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
}
