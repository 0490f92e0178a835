/**
 * Artifacts move through the Docker API only (no bind mounts): copied out of a
 * finished container into the run's folder, and packed from there into the
 * containers of the jobs that need them.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import picomatch from 'picomatch';
import tar from 'tar-fs';
import { diskFullError } from '../../errors.js';
import { WORKSPACE_DIR } from '../../source/snapshot.js';
import { removeTree } from '../../state/safe-remove.js';

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

/**
 * Copies each declared artifact (a path, or a glob such as `dist/*.js`) out of
 * the stopped container. Returns the patterns that matched nothing.
 */
export async function getArtifacts(container: Docker.Container, patterns: readonly string[], hostDir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const pattern of patterns) {
    const clean = pattern.replace(/\/+$/, '');
    const scan = picomatch.scan(clean);
    const base = scan.isGlob ? scan.base : clean;
    const parent = path.posix.dirname(base);
    let stream: NodeJS.ReadableStream;
    try {
      stream = await container.getArchive({ path: path.posix.join(WORKSPACE_DIR, base || '.') });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) {
        missing.push(pattern);
        continue;
      }
      throw error;
    }
    const target = path.join(hostDir, parent === '.' ? '' : parent);
    await mkdir(target, { recursive: true });
    const matches = scan.isGlob ? picomatch(clean, { dot: true }) : undefined;
    try {
      await pipeline(
        stream,
        tar.extract(target, {
          // The archive's top entry is the base folder's own name; paths inside are relative to it.
          ignore: matches
            ? (name: string, header?: { type?: string }) => header?.type !== 'directory' && !matches(workspaceRelative(hostDir, name))
            : undefined,
        }),
      );
    } catch (error) {
      const diskFull = diskFullError(error, `copying the artifact "${pattern}" to ${hostDir}`);
      if (!diskFull) throw error;
      // Half an artifact folder is worse than none: a later job or a cache restore would trust it.
      await removeTree(hostDir, path.dirname(hostDir));
      throw diskFull;
    }
  }
  return missing;
}

/** The artifact folder mirrors /workspace, so a path relative to it is the workspace path. */
function workspaceRelative(hostDir: string, absolute: string): string {
  return path.relative(hostDir, absolute).split(path.sep).join('/');
}
