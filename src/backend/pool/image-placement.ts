/**
 * Makes a job's images present on the engine of the pool that runs it. The
 * run's image ids come from one engine, the home (they key the job cache), so
 * every engine runs exactly those images: one it already has, one it pulls and
 * gets the same id for, or one streamed from an engine that has it
 * (`docker save` there → `docker load` here, no registry needed). Jobs on
 * other engines then name their images by id. Images built from the
 * project's Dockerfile are built on the engine itself by its Docker backend.
 */
import type Docker from 'dockerode';
import type { Job } from '../../model/pipeline.js';
import type { PullPolicy } from '../../config/types.js';
import { ensureImage, inspectId } from '../docker/images.js';

export interface PlacementEngine {
  name: string;
  docker(): Promise<Docker>;
  isGone(): boolean;
}

export class ImagePlacement {
  /** Image ids known to be on each engine, by engine index. */
  private readonly present: Array<Set<string>>;
  /** Transfers under way, by engine index and id: two jobs needing the same image share one. */
  private readonly placing = new Map<string, Promise<void>>();

  constructor(
    private readonly engines: readonly PlacementEngine[],
    /** The engine that resolved the run's images. */
    private readonly home: number,
    /** The run's image ids by name, as the home engine resolved them. */
    private readonly ids: ReadonlyMap<string, string>,
  ) {
    this.present = engines.map((_, index) => new Set(index === home ? ids.values() : []));
  }

  /**
   * The job as engine `target` runs it: its named images (and its services') by id, each present
   * there once this resolves. The home engine runs jobs as they are.
   */
  async place(target: number, job: Job, say: (line: string) => void): Promise<Job> {
    if (target === this.home) return job;
    const byId = (name: string) => this.ids.get(name) ?? name;
    const names = [job.image, ...job.services.map((service) => service.image)].flatMap((image) => (image.kind === 'name' ? [image.name] : []));
    await Promise.all(names.filter((name) => this.ids.has(name)).map((name) => this.ensure(target, name, byId(name), job.pull, say)));
    return {
      ...job,
      image: job.image.kind === 'name' ? { kind: 'name', name: byId(job.image.name) } : job.image,
      services: job.services.map((service) => (service.image.kind === 'name' ? { ...service, image: { kind: 'name', name: byId(service.image.name) } } : service)),
    };
  }

  private ensure(target: number, name: string, id: string, policy: PullPolicy, say: (line: string) => void): Promise<void> {
    if (this.present[target]!.has(id)) return Promise.resolve();
    const key = `${target} ${id}`;
    let placing = this.placing.get(key);
    if (!placing) {
      placing = this.bring(target, name, id, policy, say).then(() => void this.present[target]!.add(id));
      placing.catch(() => this.placing.delete(key));
      this.placing.set(key, placing);
    }
    return placing;
  }

  private async bring(target: number, name: string, id: string, policy: PullPolicy, say: (line: string) => void): Promise<void> {
    const docker = await this.engines[target]!.docker();
    if ((await inspectId(docker, id)) !== undefined) return;
    // A registry the engine reaches is the cheapest way, when it still serves this very image.
    if (policy !== 'never' && (await ensureImage(docker, name, 'always', () => undefined).catch(() => undefined)) === id) return;
    const source = this.present.findIndex((ids, index) => index !== target && ids.has(id) && !this.engines[index]!.isGone());
    if (source === -1) throw new Error(`image "${name}" is on no engine of the pool that is still up`);
    say(`copying image ${name} from engine ${this.engines[source]!.name} (docker save → load)`);
    const saved = await (await this.engines[source]!.docker()).getImage(id).get();
    await followLoad(docker, await docker.loadImage(saved));
  }
}

/** Reads `docker load`'s answer to its end: an error shows only there. */
function followLoad(docker: Docker, stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: Array<{ error?: string }>) => {
      const failed = output?.find((event) => event.error);
      if (error || failed) reject(error ?? new Error(failed!.error));
      else resolve();
    });
  });
}
