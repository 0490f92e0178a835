/**
 * Makes every image a run needs present before the first job starts, pulling
 * per policy with progress. No registry is assumed: an image that is neither
 * local nor pullable is an environment error naming the image (exit 3).
 */
import type Docker from 'dockerode';
import { EnvironmentError } from '../../errors.js';
import type { ImageRef, Job } from '../../model/pipeline.js';
import type { PullPolicy } from '../../config/types.js';
import { standInHint } from './image-stand-in.js';

export type ImageProgress = (image: string, state: 'checking' | 'pulling' | 'ready', detail?: string) => void;

/** Pull policy per image name; the strictest policy of the jobs using it wins. */
export function imagesToPrepare(jobs: readonly Job[]): Map<string, PullPolicy> {
  const rank: Record<PullPolicy, number> = { never: 0, 'if-missing': 1, always: 2 };
  const images = new Map<string, PullPolicy>();
  for (const job of jobs) {
    const names = jobImages(job)
      .filter((image) => image.kind === 'name')
      .map((image) => image.name);
    for (const name of names) {
      const current = images.get(name);
      if (current === undefined || rank[job.pull] > rank[current]) images.set(name, job.pull);
    }
  }
  return images;
}

/** Every image a job runs in: its own, its services', its container steps'. */
export function jobImages(job: Job): ImageRef[] {
  return [job.image, ...job.services.map((service) => service.image), ...job.steps.flatMap((step) => (step.container === undefined ? [] : [step.container.image]))];
}

export async function ensureImage(docker: Docker, name: string, policy: PullPolicy, progress: ImageProgress): Promise<string> {
  progress(name, 'checking');
  const local = policy === 'always' ? undefined : await inspectId(docker, name);
  if (local !== undefined) {
    progress(name, 'ready');
    return local;
  }
  if (policy === 'never') {
    throw new EnvironmentError(`Image "${name}" is not on this machine and the pull policy is "never".`, `Build or load it first (docker build -t ${name} . / docker load).`);
  }
  try {
    await pull(docker, name, (detail) => progress(name, 'pulling', detail));
  } catch (error) {
    const fallback = policy === 'always' ? await inspectId(docker, name) : undefined;
    if (fallback !== undefined) return fallback;
    const reason = error instanceof Error ? error.message.replace(/^\(HTTP code \d+\) [\w ]+ - /, '').trim() : String(error);
    throw new EnvironmentError(
      `Image "${name}" is not on this machine and could not be pulled: ${reason}`,
      `Check the image name, log in to its registry, build/load it locally (docker pull ${name}), ${await standInHint(docker, [name])}.`,
    );
  }
  const id = await inspectId(docker, name);
  if (id === undefined) throw new EnvironmentError(`Image "${name}" was pulled but cannot be found.`);
  progress(name, 'ready');
  return id;
}

/** The id of a local image, or undefined when the engine has none by that name. */
export async function inspectId(docker: Docker, name: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(name).inspect()).Id;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
}

/** Pulls with a one-line progress summary: layers done and bytes downloaded. */
async function pull(docker: Docker, name: string, onProgress: (detail: string) => void): Promise<void> {
  const stream = await docker.pull(name);
  const layers = new Map<string, { current: number; total: number; done: boolean }>();
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: PullEvent[]) => {
        const failed = output?.find((event) => event.error);
        if (error || failed) reject(error ?? new Error(failed!.error));
        else resolve();
      },
      (event: PullEvent) => {
        if (!event.id) return;
        const layer = layers.get(event.id) ?? { current: 0, total: 0, done: false };
        if (event.progressDetail?.total) Object.assign(layer, event.progressDetail);
        if (event.status === 'Pull complete' || event.status === 'Already exists') layer.done = true;
        layers.set(event.id, layer);
        const done = [...layers.values()].filter((entry) => entry.done).length;
        const bytes = [...layers.values()].reduce((sum, entry) => sum + entry.current, 0);
        onProgress(`${done}/${layers.size} layers, ${(bytes / 1e6).toFixed(1)} MB`);
      },
    );
  });
}
