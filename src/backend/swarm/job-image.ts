/**
 * A job's image on the swarm: its image with the job's workspace stacked on
 * it, built on the manager and pushed to the registry, named by the hash of
 * what went into it. A node pulls only the layers it lacks: the image's own
 * once, then the workspace layer of each job it runs.
 */
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import type Docker from 'dockerode';
import type { JobRequest } from '../backend.js';
import { EnvironmentError } from '../../errors.js';
import { runLabels, type RunIdentity } from '../docker/labels.js';
import { jobContext, packContext } from './job-context.js';
import { retryWhileInUse } from './when-free.js';

interface ProgressEvent {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

export interface JobImage {
  /** `registry/localci/project:job-<hash>`, as the task's spec names it. */
  reference: string;
  /** Its id on the manager: the push gave it a digest name too, which its tag's removal would leave. */
  id: string;
}

/** Builds the job's image on the manager and pushes it; an unreachable registry is an environment error (exit 3). */
export async function publishJobImage(docker: Docker, identity: RunIdentity, request: JobRequest, baseImage: string, repository: string): Promise<JobImage> {
  const { dockerfile, parts } = jobContext(request, baseImage);
  const hash = createHash('sha256').update(baseImage).update('\0');
  // Hashed as it streams past, in a transform: a 'data' listener would let bytes flow before the upload reads them.
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const context = packContext(dockerfile, parts).pipe(hashing);
  const built = await docker.buildImage(context as unknown as NodeJS.ReadableStream, {
    labels: runLabels(identity, request.job.name),
    rm: true,
    forcerm: true,
    // No build cache: jobs building at once would share intermediate images that removing one job's image takes away.
    nocache: true,
  });
  const events = await follow(docker, built).catch((error: unknown) => {
    throw new EnvironmentError(`The job image of "${request.job.name}" could not be built on the swarm's manager: ${reason(error)}`, `Check that the image ${baseImage} is on the manager.`);
  });
  const id = events.find((event) => event.aux?.ID)?.aux?.ID;
  if (!id) throw new EnvironmentError(`The job image of "${request.job.name}" was built but the manager did not say its id.`);
  const tag = `job-${hash.digest('hex').slice(0, 32)}`;
  await docker.getImage(id).tag({ repo: repository, tag });
  const reference = `${repository}:${tag}`;
  await push(docker, reference, `the job image of "${request.job.name}"`);
  return { reference, id };
}

async function push(docker: Docker, reference: string, what: string): Promise<void> {
  try {
    // The engine wants the auth header even for a registry without log-in; its own credentials are not ours to send.
    await follow(docker, await docker.getImage(reference).push({ authconfig: {} }));
  } catch (error) {
    throw new EnvironmentError(
      `Could not push ${what} to the registry ${reference.split('/')[0]}: ${reason(error)}`,
      "Check that the registry is up and that the manager may push to it (a plain-HTTP registry must be in the engine's insecure-registries); every node must be able to pull from it too.",
    );
  }
}

/** Pushes a named image as it is (a sidecar's), tagged by its id: pushed once however many jobs use it. */
export async function publishNamedImage(docker: Docker, name: string, repository: string): Promise<string> {
  const id = (await docker.getImage(name).inspect()).Id;
  const tag = `image-${id.replace(/^sha256:/, '').slice(0, 32)}`;
  await docker.getImage(id).tag({ repo: repository, tag });
  const reference = `${repository}:${tag}`;
  await push(docker, reference, name);
  return reference;
}

/** Removes the manager's copy of a job image once its task's container is gone (the registry keeps it). */
export function forgetJobImage(docker: Docker, image: JobImage): Promise<void> {
  return retryWhileInUse(() => docker.getImage(image.id).remove({ force: true, noprune: false }));
}

function follow(docker: Docker, stream: NodeJS.ReadableStream): Promise<ProgressEvent[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: ProgressEvent[]) => {
      const failed = output?.find((event) => event.error);
      if (error) reject(error);
      else if (failed) reject(new Error(failed.errorDetail?.message ?? failed.error));
      else resolve(output);
    });
  });
}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^\(HTTP code \d+\) [\w ]+ - /, '').trim();
}
