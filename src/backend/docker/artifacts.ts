/**
 * Artifacts move through the Docker API only (no bind mounts): copied out of a
 * finished container into the run's folder, and packed from there into the
 * containers of the jobs that need them.
 */
import { existsSync } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import picomatch from 'picomatch';
import tar from 'tar-fs';
import { diskFullError } from '../../errors.js';
import { WORKSPACE_DIR } from '../../source/snapshot.js';
import { removeTree } from '../../state/safe-remove.js';
import { unsafeLinkProblem, unsafeLinks, type ArtifactLink } from './artifact-links.js';
import { parseArtifactPattern, workspacePathOf, type ArtifactPattern } from './artifact-pattern.js';

/** Copies a host folder that mirrors the workspace (artifacts, a layer) into the container's workspace. */
export async function putLayer(container: Docker.Container, hostDir: string): Promise<void> {
  if (!existsSync(hostDir)) return;
  const pack = tar.pack(hostDir, {
    map: (header) => {
    header.name = path.posix.join(WORKSPACE_DIR.slice(1), header.name);
    return header;
    },
  });
  // tar-fs streams are streamx streams; dockerode only pipes them, which they support.
  await container.putArchive(pack as unknown as NodeJS.ReadableStream, { path: '/' });
}

/** Where artifacts are read from: a stopped container, or files a remote task sent back (swarm/shipped-files.ts). */
export interface ArchiveSource {
  /** A tar of the path whose first entry is the path's own name; an error with statusCode 404 when it does not exist. */
  getArchive(options: { path: string }): Promise<NodeJS.ReadableStream>;
}

/** tar-fs hands tar-stream's headers through; its types leave out the link target. */
type EntryHeader = tar.Headers & { linkname?: string };

/** What copying a job's artifacts out found. */
export interface ArtifactCopy {
  /** Declared patterns that matched nothing. */
  missing: string[];
  /** Links left out because they point out of the workspace (only with `outsideLinks: 'leave-out'`). */
  leftOut: ArtifactLink[];
}

export interface ArtifactOptions {
  /** Workspace paths (globs) of files not to copy. */
  exclude?: readonly string[];
  /**
   * A link that points out of the workspace: `fail` (artifacts) fails the copy; `leave-out`
   * (an install layer, where a package manager links a dependency that lives outside the
   * project) removes the link from the copy and reports it. Either way no such link is kept.
   */
  outsideLinks?: 'fail' | 'leave-out';
  /** Ctrl-C gives the copy up (a large artifact would otherwise hold the run until it is in); what was copied goes. */
  signal?: AbortSignal;
}

/**
 * Copies each declared artifact (a path, or a glob such as `dist/*.js` or `**\/*.js`) out of
 * the stopped container into `hostDir`, which mirrors /workspace, leaving out files that match
 * an `exclude` glob (workspace paths). Any failure (a link that
 * points out of the workspace, a full disk) removes `hostDir` whole: half an artifact folder
 * is worse than none, since a later job or a cache restore would trust it.
 */
export async function getArtifacts(container: ArchiveSource, patterns: readonly string[], hostDir: string, options: ArtifactOptions = {}): Promise<ArtifactCopy> {
  const missing: string[] = [];
  const links: ArtifactLink[] = [];
  const exclude = options.exclude ?? [];
  const excluded = exclude.length > 0 ? picomatch([...exclude], { dot: true }) : undefined;
  let leftOut: ArtifactLink[] = [];
  // The pattern being copied when a copy fails: a full disk names the artifact that did not fit.
  let current: string | undefined;
  try {
    for (const pattern of patterns) {
      current = pattern;
      const found = await copyArtifact(container, parseArtifactPattern(pattern), hostDir, { links, excluded, signal: options.signal });
      if (!found) missing.push(pattern);
    }
    current = undefined;
    if (options.outsideLinks === 'leave-out') leftOut = await removeLinks(hostDir, unsafeLinks(links));
    const unsafe = unsafeLinkProblem(links.filter((link) => !leftOut.includes(link)));
    if (unsafe) throw new Error(unsafe);
  } catch (error) {
    await removeTree(hostDir, path.dirname(hostDir));
    const doing = current === undefined ? `copying artifacts to ${hostDir}` : `copying the artifact "${current}" to ${hostDir}`;
    throw diskFullError(error, doing) ?? error;
  }
  return { missing, leftOut };
}

/** Unlinks the copied links themselves (never what they point at). */
async function removeLinks(hostDir: string, links: readonly ArtifactLink[]): Promise<ArtifactLink[]> {
  for (const link of links) await unlink(path.join(hostDir, link.path));
  return [...links];
}

interface PatternCopy {
  /** Collects the links copied, checked once every pattern is in. */
  links: ArtifactLink[];
  excluded?: (workspacePath: string) => boolean;
  signal?: AbortSignal;
}

/** Copies one pattern's files; false when it matched nothing. Links are collected, checked at the end. */
async function copyArtifact(container: ArchiveSource, artifact: ArtifactPattern, hostDir: string, copy: PatternCopy): Promise<boolean> {
  const { links, excluded, signal } = copy;
  signal?.throwIfAborted();
  let stream: NodeJS.ReadableStream;
  try {
    stream = await container.getArchive({ path: path.posix.join(WORKSPACE_DIR, artifact.base) });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
  await mkdir(hostDir, { recursive: true });
  let copied = 0;
  // tar-fs checks links one at a time with a bare "is not a valid symlink"; they are checked
  // together once every pattern is in (unsafeLinkProblem), with a message that says why.
  const options: tar.ExtractOptions & { validateSymlinks: boolean } = {
    validateSymlinks: false,
    map: (header: EntryHeader) => {
      header.name = workspacePathOf(artifact.base, header.name);
      // A hard link names another entry of the same archive: it moves with it.
      if (header.type === 'link' && header.linkname) header.linkname = workspacePathOf(artifact.base, header.linkname);
      return header;
    },
    ignore: (_name: string, header?: EntryHeader) => {
      const name = header?.name ?? '';
      // The fetched root folder is the artifact folder itself; for a glob, only what it matches.
      const wanted = artifact.wanted ? name !== '' && artifact.wanted(name) : true;
      // `exclude` leaves out files; folders stay so the files under them that are not excluded still land.
      const keep = wanted && !(header?.type !== 'directory' && excluded?.(name));
      if (!keep) return true;
      copied += 1;
      if (header?.type === 'symlink') links.push({ pattern: artifact.pattern, path: name, target: header.linkname ?? '' });
      return false;
    },
  };
  await pipeline(stream, tar.extract(hostDir, options), { signal });
  return copied > 0;
}
