/**
 * One declared artifact (`dist/`, `report.xml`, `*.txt`, `**\/*.js`) as the copy out of a
 * container needs it: which workspace path to fetch, and which entries of that fetch to keep,
 * named as workspace paths. The archive the engine returns starts with the fetched folder's own
 * name (`workspace/` for the root, `dist/` for `dist`); every entry is renamed to its workspace
 * path here, so a pattern behaves the same at the root as in a sub-folder.
 */
import path from 'node:path';
import picomatch from 'picomatch';

export interface ArtifactPattern {
  /** As declared, for messages. */
  pattern: string;
  /** Workspace-relative path to fetch: the pattern's folder part for a glob, the path itself otherwise; `''` is the root. */
  base: string;
  /** For a glob, whether a workspace path is wanted; without one everything fetched is. */
  wanted?: (workspacePath: string) => boolean;
}

export function parseArtifactPattern(pattern: string): ArtifactPattern {
  const clean = relativePath(pattern);
  const scan = picomatch.scan(clean);
  if (!scan.isGlob) return { pattern, base: clean };
  const matcher = picomatch(clean, { dot: true });
  return { pattern, base: relativePath(scan.base), wanted: (workspacePath) => matcher(workspacePath) };
}

/**
 * The workspace path of an archive entry fetched for `base`: its first component (the fetched
 * folder's or file's own name) becomes `base`. `''` is the fetched root itself.
 */
export function workspacePathOf(base: string, entryName: string): string {
  const [, ...rest] = entryName.split('/').filter((part) => part !== '');
  return path.posix.join(base || '.', ...rest).replace(/^\.$/, '');
}

/** `./dist/` and `dist` name the same path; `.` is the root (`''`). */
function relativePath(value: string): string {
  const normal = path.posix.normalize(value.replace(/\/+$/, '') || '.');
  return normal === '.' ? '' : normal.replace(/^\.\//, '');
}
