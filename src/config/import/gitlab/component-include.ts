/**
 * `include: component: <host>/<group>/<project>/<name>@<version>`: a CI/CD
 * component is a file of a project, `templates/<name>.yml` or
 * `templates/<name>/template.yml`, at a version. The project is fetched like a
 * project include (project-include.ts). The version is a tag, a branch or a
 * commit SHA; `~latest` and a partial version (`1`, `1.2`) are the highest
 * release tag that fits, looked up with `git ls-remote`. `$CI_SERVER_FQDN` (or
 * `$CI_SERVER_HOST`) in the path is the project's GitLab server.
 */
import semver from 'semver';
import type { SnapshotOutcome } from '../git-snapshot.js';
import { remoteTags } from '../git-snapshot.js';
import { fetchProject, isHost } from './project-include.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface ComponentName {
  host: string;
  project: string;
  name: string;
  version: string;
}

/** `$CI_SERVER_FQDN/group/project/name@1.0` with the server's host put in. */
export function withServerHost(component: string, serverHost: string): string {
  return component.replace(/\$\{?CI_SERVER_(?:FQDN|HOST)\}?/g, serverHost);
}

/** The component's parts (its server's host put in first); a string on what is wrong with it. */
export function parseComponent(filled: string): ComponentName | string {
  const at = filled.lastIndexOf('@');
  if (at <= 0) return 'has no @<version>';
  const parts = filled.slice(0, at).split('/');
  const version = filled.slice(at + 1);
  if (parts.length < 4) return 'is not <host>/<group>/<project>/<name>';
  if (!isHost(parts[0]!)) return `names a server localci will not fetch from (${parts[0]})`;
  const name = parts.at(-1)!;
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(name)) return `names a component localci cannot look for (${name})`;
  return { host: parts[0]!, project: parts.slice(1, -1).join('/'), name, version };
}

/** Where the component's file may be in its project, in GitLab's order. */
export function componentFiles(name: string): string[] {
  return [`templates/${name}.yml`, `templates/${name}/template.yml`];
}

/** The project at the version the component names, fetched or from the cache; `{ error }` says why not. */
export function fetchComponent(component: ComponentName, server: string, env: Env, now = Date.now()): SnapshotOutcome & { ref?: string } {
  const ref = resolveVersion(component.version, () => remoteTags(`${server}/${component.project}.git`, env));
  if (typeof ref !== 'string') return ref;
  const fetched = fetchProject({ server, project: component.project, ref }, env, now);
  return 'error' in fetched ? fetched : { ...fetched, ref };
}

/** `~latest`, `1`, `1.2`: the highest release tag that fits; anything else is the ref itself. */
export function resolveVersion(version: string, tags: () => string[] | { error: string }): string | { error: string } {
  const range = version === '~latest' ? '*' : /^\d+(\.\d+)?$/.test(version) ? `${version}.x` : undefined;
  if (range === undefined) return version;
  const listed = tags();
  if (!Array.isArray(listed)) return { error: `could not list the project's releases for ${version}: ${listed.error}` };
  const best = semver.maxSatisfying(listed.filter((tag) => semver.valid(tag) !== null), range);
  return best ?? { error: `no release tag fits ${version}` };
}
