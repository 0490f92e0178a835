/**
 * The build context of an image built from the project's Dockerfile, with the
 * same source semantics as a job's workspace: only files of the run's source
 * tree (so git-ignored files are never sent), under the context folder, minus
 * `.dockerignore` entries. The Dockerfile itself is always sent, as docker does.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import dockerignore from '@balena/dockerignore';
import tar from 'tar-fs';
import type { SourceTree } from '../../source/source-tree.js';

/** Where a Dockerfile outside the context folder (or one localci changed) is placed inside the context tar. */
export const OUTSIDE_DOCKERFILE = '.localci.Dockerfile';

export interface BuildContext {
  /** Absolute folder the context files are read from. */
  dir: string;
  /** Paths relative to `dir`, with `/`, sorted. */
  files: string[];
  /** The Dockerfile's path inside the context tar (the API's `dockerfile` parameter). */
  dockerfile: string;
  dockerfileContent: Buffer;
  /** Files that are not the project's, added to the tar under these names (build-network.ts). */
  extraEntries?: Array<{ name: string; content: Buffer }>;
}

/** Thrown when the build cannot even start; the job fails with this message. */
export class BuildInputError extends Error {}

export async function buildContext(tree: SourceTree, spec: { context: string; dockerfile: string }): Promise<BuildContext> {
  const context = path.posix.normalize(spec.context).replace(/\/+$/, '');
  const prefix = context === '.' ? '' : `${context}/`;
  const dir = path.join(tree.dir, context);
  const inContext = tree.files.filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length));

  const dockerfilePath = path.posix.normalize(spec.dockerfile);
  const dockerfileContent = await readFile(path.join(tree.dir, dockerfilePath)).catch((error: NodeJS.ErrnoException) => {
    throw new BuildInputError(error.code === 'ENOENT' ? `Dockerfile not found: ${spec.dockerfile}` : `cannot read ${spec.dockerfile}: ${error.message}`);
  });
  const relative = dockerfilePath.startsWith(prefix) ? dockerfilePath.slice(prefix.length) : undefined;
  // Outside the context (or git-ignored), it is added to the tar under a name of its own.
  const dockerfile = relative !== undefined && inContext.includes(relative) ? relative : OUTSIDE_DOCKERFILE;

  let files = inContext;
  if (inContext.includes('.dockerignore')) {
    // A CommonJS module typed as an ES default export: `.default` is the factory both to tsc and at run time.
    const rules = dockerignore.default().add(await readFile(path.join(dir, '.dockerignore'), 'utf8'));
    // Like docker: the Dockerfile and .dockerignore always reach the builder.
    files = inContext.filter((file) => file === dockerfile || file === '.dockerignore' || !rules.ignores(file));
  }
  return { dir, files: files.sort(), dockerfile, dockerfileContent };
}

/** The context as a tar stream, entries owned by root like a CI checkout. */
export function packContext(context: BuildContext): Readable {
  const added = [...(context.dockerfile === OUTSIDE_DOCKERFILE ? [{ name: OUTSIDE_DOCKERFILE, content: context.dockerfileContent }] : []), ...(context.extraEntries ?? [])];
  const pack = tar.pack(context.dir, {
    entries: context.files,
    map: (header) => ({ ...header, uid: 0, gid: 0 }),
    finalize: added.length === 0,
    finish:
      added.length === 0
        ? undefined
        : (stream) => {
            for (const { name, content } of added) stream.entry({ name, mode: 0o644, uid: 0, gid: 0, size: content.length }, content);
            stream.finalize();
          },
  });
  // tar-fs packs into a streamx stream; dockerode wants a Node stream it can pipe into the request.
  return pack.pipe(new PassThrough());
}
