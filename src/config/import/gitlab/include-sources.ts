/**
 * Includes from outside the project: `remote`, `project`, `template` and
 * `component`. Each is read from `--include-dir` when a copy is there, else
 * fetched into the user's cache (project and component with git, remote over
 * HTTP; templates come with a GitLab server and are not fetched). What cannot
 * be read is one warning naming what is missing and how to supply it; the
 * pipeline is planned without it and the jobs needing what it defines are
 * listed as unavailable later.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { GitFacts } from '../importer.js';
import { fileInside, inside } from './include-local.js';
import { componentFiles, fetchComponent, parseComponent, withServerHost } from './component-include.js';
import { fetchProject, gitlabServer } from './project-include.js';
import { fetchRemoteInclude } from './remote-include.js';
import type { Warnings } from './warnings.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface SourceContext {
  includeDir?: string;
  git: GitFacts;
  env: Env;
  warnings: Warnings;
}

/** A file to read (`base`: where its own `local` includes start), or an include that cannot be read and why. */
export type Found = { file: string; base?: string } | { missing: string; warning: string };

/** Where an include is written, for its warnings. */
export interface IncludeSite {
  file: string;
  at: Array<string | number>;
}

/** A fetched file, or why it could not be fetched. */
type Fetched = { file: string; base?: string; stale?: string } | { error: string };

interface Wanted {
  /** How messages name it: `project group/tools:/ci/a.yml`. */
  what: string;
  /** Names of a copy in --include-dir, the first one said in the hint. */
  copies: string[];
  /** Undefined: not fetched, for the reason in `unfetched`. */
  fetch?: () => Fetched | Promise<Fetched>;
  unfetched?: string;
}

export function remoteSource(url: string, site: IncludeSite, context: SourceContext): Promise<Found> {
  // A user and password in the URL never reach a message.
  const what = url.replace(/\/\/[^/@\s]*@/, '//');
  return locate({ what, copies: remoteCopies(url), fetch: () => fetchRemoteInclude(url, context.env) }, site, context);
}

export function templateSource(name: string, site: IncludeSite, context: SourceContext): Promise<Found> {
  return locate({ what: `template ${name}`, copies: [name], unfetched: 'templates come with a GitLab server and are not fetched' }, site, context);
}

export function projectSource(project: string, ref: string | undefined, name: string, site: IncludeSite, context: SourceContext): Promise<Found> {
  const what = `project ${project}:${name}${ref === undefined ? '' : `@${ref}`}`;
  const fetch = (): Fetched => {
    const fetched = fetchProject({ server: gitlabServer(context.git, context.env), project, ...(ref === undefined ? {} : { ref }) }, context.env);
    if ('error' in fetched) return fetched;
    const file = fileInside(name, fetched.tree, `include ${what}`, site.file);
    if (file === undefined) return { error: `${project} has no file ${name} at ${ref ?? 'its default branch'}` };
    return { file, base: fetched.tree, ...(fetched.stale === undefined ? {} : { stale: fetched.stale }) };
  };
  return locate({ what, copies: [path.posix.join(project, name)], fetch }, site, context);
}

export function componentSource(component: string, site: IncludeSite, context: SourceContext): Promise<Found> {
  const server = gitlabServer(context.git, context.env);
  const serverHost = hostOf(server);
  const filled = withServerHost(component, serverHost ?? 'gitlab.com');
  const name = filled.replace(/@.*$/, '');
  const fetch = (): Fetched => {
    const parsed = parseComponent(filled);
    if (typeof parsed === 'string') return { error: `the component ${parsed}` };
    const fetched = fetchComponent(parsed, parsed.host === serverHost ? server : `https://${parsed.host}`, context.env);
    if ('error' in fetched) return fetched;
    const file = componentFiles(parsed.name).map((candidate) => fileInside(candidate, fetched.tree, `include component ${component}`, site.file)).find((found) => found !== undefined);
    if (file === undefined) return { error: `${parsed.project} has no ${componentFiles(parsed.name).join(' or ')} at ${fetched.ref ?? parsed.version}` };
    return { file, base: fetched.tree, ...(fetched.stale === undefined ? {} : { stale: fetched.stale }) };
  };
  return locate({ what: `component ${filled}`, copies: [`${name}.yml`, `${name}/template.yml`, name], fetch }, site, context);
}

function hostOf(server: string): string | undefined {
  try {
    return new URL(server).host;
  } catch {
    return undefined;
  }
}

/** The first copy in --include-dir, else the fetched file, else what is missing and how to supply it. */
async function locate(wanted: Wanted, site: IncludeSite, context: SourceContext): Promise<Found> {
  const relative = wanted.copies.map((copy) => copy.replace(/^\/+/, ''));
  const { includeDir } = context;
  if (includeDir !== undefined) {
    const found = relative.map((copy) => path.resolve(includeDir, copy)).find((copy) => inside(copy, includeDir) && existsSync(copy) && statSync(copy).isFile());
    if (found !== undefined) return { file: found };
  }
  const reasons = includeDir === undefined ? [] : [`no copy in ${includeDir}`];
  if (wanted.fetch === undefined) reasons.push(wanted.unfetched ?? 'not fetched');
  else {
    const fetched = await wanted.fetch();
    if (!('error' in fetched)) {
      if (fetched.stale !== undefined) context.warnings.add(site.file, site.at, `${wanted.what}: ${fetched.stale}`);
      return { file: fetched.file, ...(fetched.base === undefined ? {} : { base: fetched.base }) };
    }
    reasons.push(`could not fetch it: ${fetched.error}`);
  }
  return {
    missing: wanted.what,
    warning: `not read: ${wanted.what} (${reasons.join('; ')}); the pipeline is planned without it, and jobs that need what it defines are listed as unavailable. To use it, save a copy as ${relative[0]} in a folder and pass --include-dir <folder>`,
  };
}

/** A remote file's copy in --include-dir is found by its file name, or by host and path. */
function remoteCopies(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [path.posix.basename(parsed.pathname), `${parsed.host}${parsed.pathname}`];
  } catch {
    return [url];
  }
}
