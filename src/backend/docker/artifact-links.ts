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
