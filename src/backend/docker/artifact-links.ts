/**
 * Symbolic links inside a job's artifacts. The artifacts land in a host folder that later jobs,
 * the result cache and watch sessions read, so a link may only point at a path inside the
 * workspace mirror, written relative, and not through another link of the same artifacts (a
 * chain of links that each look harmless can still climb out). Anything else fails the job with
 * a message naming the artifact, the link and why.
 */
import path from 'node:path';
import { WORKSPACE_DIR } from '../../source/snapshot.js';

export interface ArtifactLink {
  /** The declared artifact pattern the link was copied for. */
  pattern: string;
  /** Workspace path of the link. */
  path: string;
  /** What the link points at, as written in it. */
  target: string;
}

/** Why the first unsafe link is refused, or nothing when every link stays inside the workspace. */
export function unsafeLinkProblem(links: readonly ArtifactLink[]): string | undefined {
  const linkPaths = new Set(links.map((link) => link.path));
  const problems = links.flatMap((link) => {
    const why = whyUnsafe(link, linkPaths);
    return why === undefined ? [] : [`artifact "${link.pattern}": ${link.path} -> ${link.target} ${why}`];
  });
  if (problems.length === 0) return undefined;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more unsafe link${problems.length > 2 ? 's' : ''})` : '';
  return `${problems[0]}${more}; links in artifacts must be relative and stay inside ${WORKSPACE_DIR}`;
}

/** The links that would be refused, for a copy that leaves them out instead. */
export function unsafeLinks(links: readonly ArtifactLink[]): ArtifactLink[] {
  const linkPaths = new Set(links.map((link) => link.path));
  return links.filter((link) => whyUnsafe(link, linkPaths) !== undefined);
}

function whyUnsafe(link: ArtifactLink, linkPaths: ReadonlySet<string>): string | undefined {
  if (path.posix.isAbsolute(link.target)) return 'is an absolute link';
  const walked = path.posix.dirname(link.path).split('/').filter((part) => part !== '.' && part !== '');
  const parts = link.target.split('/').filter((part) => part !== '.' && part !== '');
  for (const [index, part] of parts.entries()) {
    if (part === '..') {
      if (walked.length === 0) return `points outside ${WORKSPACE_DIR}`;
      walked.pop();
      continue;
    }
    walked.push(part);
    const through = walked.join('/');
    if (index < parts.length - 1 && linkPaths.has(through)) return `goes through another link (${through})`;
  }
  return undefined;
}

/** Shown with the links an install layer left out. */
export const LEFT_OUT_HINT = 'A dependency linked from outside the project (such as a `file:` folder) is not there in jobs; if a job needs it, keep it inside the project (a packed tarball, for instance).';

/** One line naming the links left out of a job's copy (the first three, then a count). */
export function leftOutLinksWarning(job: string, links: readonly ArtifactLink[]): string {
  const shown = links.slice(0, 3).map((link) => `${link.path} -> ${link.target}`).join(', ');
  const more = links.length > 3 ? ` (and ${links.length - 3} more)` : '';
  const count = links.length === 1 ? '1 link' : `${links.length} links`;
  return `job "${job}": left out ${count} pointing out of ${WORKSPACE_DIR}, not kept in its layer: ${shown}${more}.`;
}
