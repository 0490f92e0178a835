/**
 * One run's install layers (plan/install-jobs.ts makes the install jobs). Each
 * install job's key is what decides its result: the image id, the content of
 * its `inputs` (the lock file), its steps, paths, caches and variables. A key
 * with a complete layer is known before the run starts and nothing installs;
 * otherwise the install runs like a job, its paths are copied out into a temp
 * folder of the layer store and renamed into place once complete, and every
 * job that needs it mounts the layer under its workspace, read-only.
 */
import type { Backend, JobExit, JobIO, JobRequest, WorkspaceLayer } from '../backend/backend.js';
import { sha256 } from '../cache/file-digests.js';
import { InstallLayers } from '../cache/install-layers.js';
import { imageKey } from '../model/image-ref.js';
import type { InstallJob, PlanWithInstalls } from '../plan/install-jobs.js';
import type { SourceTree } from '../source/source-tree.js';
import { globMatcher } from '../util/glob-matcher.js';
import type { JobResult } from './events.js';
import { watchInstallOutput } from './install-hints.js';

const KEY_VERSION = 1;

export interface RunInstalls {
  /** Layer keys by install job name; an install whose image has no id yet has none. */
  keys: ReadonlyMap<string, string>;
  /** Install jobs whose layer exists: they do not run. */
  known: ReadonlyMap<string, JobResult>;
  /** Whether `job` is an install job. */
  isInstall(job: string): boolean;
  /** The layer `job` mounts, once its install has passed (or was known). */
  layerFor(job: string): WorkspaceLayer | undefined;
  /** False while the install `job` needs is still to come: its container can't be made ahead yet. */
  ready(job: string): boolean;
  /** Runs an install job into a new layer. */
  run(request: JobRequest, backend: Backend, io: JobIO, signal: AbortSignal): Promise<JobExit>;
  /** Trims the layers to their size cap when this run added one (never one this run used). */
  settle(): Promise<void>;
}

export interface InstallInputs {
  root: string;
  runId: string;
  planned: PlanWithInstalls;
  imageIds: ReadonlyMap<string, string>;
  tree: Pick<SourceTree, 'files' | 'entries'>;
}

/** The layer key of an install: everything that can change what it puts in the layer. */
export function installKey(install: InstallJob, imageId: string, tree: Pick<SourceTree, 'files' | 'entries'>): string {
  const { job } = install;
  const inputs = tree.files.filter(globMatcher(job.inputs)).sort().map((file) => `${file}\0${tree.entries.get(file)?.key ?? ''}`);
  const definition = { steps: job.steps.map((step) => step.run), paths: job.artifacts, cache: job.cache, env: job.env };
  return sha256(JSON.stringify({ v: KEY_VERSION, image: imageId, definition, inputs })).slice(0, 32);
}

export async function openRunInstalls(inputs: InstallInputs): Promise<RunInstalls> {
  const { installs, installOf } = inputs.planned;
  const layers = installs.size > 0 ? await InstallLayers.open(inputs.root) : undefined;
  const keys = new Map<string, string>();
  const dirs = new Map<string, string>();
  const known = new Map<string, JobResult>();
  for (const [name, install] of installs) {
    const imageId = inputs.imageIds.get(imageKey(install.job.image));
    if (imageId === undefined || !layers) continue;
    const key = installKey(install, imageId, inputs.tree);
    keys.set(name, key);
    const dir = await layers.lookup(key);
    if (dir === undefined) continue;
    dirs.set(name, dir);
    known.set(name, { job: name, status: 'cached', reason: `install layer ${key.slice(0, 12)}: ${install.job.inputs.join(', ')} unchanged`, durationMs: 0, attempts: 0, imageId });
  }
  let added = false;
  return {
    keys,
    known,
    isInstall: (job) => installs.has(job),
    layerFor: (job) => {
      const install = installOf.get(job);
      const dir = install === undefined ? undefined : dirs.get(install);
      return dir === undefined ? undefined : { dir, kind: 'install', name: keys.get(install!)!, placement: 'below-source' };
    },
    ready: (job) => {
      const install = installOf.get(job);
      return install === undefined || dirs.has(install);
    },
    run: async (request, backend, io, signal) => {
      const name = request.job.name;
      const key = keys.get(name);
      // Without an image id (it could not be resolved) there is no key to keep a layer under.
      if (key === undefined || !layers) return { exitCode: 1, reason: 'the install image has no id to key its layer by' };
      const started = Date.now();
      const { temp, tree } = await layers.begin(key, inputs.runId);
      let kept = false;
      try {
        const output = watchInstallOutput(io);
        const exit = await backend.runJob({ ...request, layers: [], artifactsOut: tree, outsideLinks: 'leave-out' }, output.io, signal);
        if (exit.exitCode !== 0 && !signal.aborted) output.warnIfKnown();
        if (exit.exitCode !== 0 || signal.aborted) return exit;
        const image = installs.get(name)!.image;
        dirs.set(name, await layers.commit(temp, { key, image, imageId: exit.imageId ?? inputs.imageIds.get(image) ?? '', runId: inputs.runId, createdAt: new Date().toISOString(), durationMs: Date.now() - started }));
        kept = true;
        added = true;
        io.log('system', `install layer ${key.slice(0, 12)} kept: the next runs with the same ${request.job.inputs.join(', ')} skip the install`);
        return exit;
      } finally {
        if (!kept) await layers.discard(temp).catch(() => undefined);
      }
    },
    settle: async () => {
      if (added && layers) await layers.prune({ keep: new Set(keys.values()) });
    },
  };
}
