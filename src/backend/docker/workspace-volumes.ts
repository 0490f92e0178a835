/**
 * Each job's own writable view of the run's snapshot folder: an overlay volume
 * (local driver) whose lower layer is the folder and whose upper and work
 * layers are two plain volumes of the engine. What a job writes lands in the
 * engine's storage and goes with the volumes; the folder, the user's files and
 * the other jobs' views never change. Creating the three takes ~15 ms, against
 * seconds for copying a large tree into a container.
 */
import type Docker from 'dockerode';
import type { SourceSnapshot } from '../../source/snapshot.js';
import { WORKSPACE_DIR } from '../../source/snapshot.js';
import { runLabels, type RunIdentity } from './labels.js';

export interface WorkspaceMounts {
  mounts: Docker.MountSettings[];
  /** Volumes to remove once the container is gone, overlay first. */
  volumes: string[];
  /** The read-only layers are layers of the overlay: nothing needs copying in. */
  layersInPlace: boolean;
}

let counter = 0;
/** Mount options must fit in one page; beyond this, layers are copied in instead. */
const MAX_OPTIONS = 3500;

/**
 * `layers`: host folders stacked with the snapshot folder (e.g. upstream artifacts above it,
 * nearest on top; an install layer below it), so a job sees them in place without a copy. They
 * must exist, and not change once the container starts.
 */
export async function workspaceMounts(docker: Docker, identity: RunIdentity, job: string, workspace: SourceSnapshot, layers: { below: readonly string[]; above: readonly string[] }): Promise<WorkspaceMounts> {
  const extras = workspace.extraMounts.map(({ source, target }) => ({ Type: 'bind' as const, Source: source, Target: target, ReadOnly: true }));
  if (workspace.folder === undefined) return { mounts: extras, volumes: [], layersInPlace: false };
  const labels = runLabels(identity, job);
  const base = `localci-${identity.runId}-${(counter += 1)}`;
  const [upper, work] = await Promise.all(['upper', 'work'].map((part) => createVolumeAt(docker, { Name: `${base}-${part}`, Labels: labels })));
  // overlay lists its lower layers top first.
  const stacked = [...[...layers.above].reverse(), workspace.folder, ...[...layers.below].reverse()];
  const withLayers = `lowerdir=${stacked.join(':')},upperdir=${upper},workdir=${work}`;
  const all = [...layers.below, ...layers.above];
  const layersInPlace = all.length > 0 && withLayers.length <= MAX_OPTIONS && !all.some((dir) => folderMountBlocker(dir));
  const name = `${base}-ws`;
  await docker.createVolume({
    Name: name,
    Driver: 'local',
    DriverOpts: { type: 'overlay', device: 'overlay', o: layersInPlace ? withLayers : `lowerdir=${workspace.folder},upperdir=${upper},workdir=${work}` },
    Labels: labels,
  });
  return { mounts: [{ Type: 'volume', Source: name, Target: WORKSPACE_DIR }, ...extras], volumes: [name, `${base}-upper`, `${base}-work`], layersInPlace };
}

/**
 * Creates a plain volume and returns the folder the engine made for it: overlay needs its host
 * path. The API's answer holds it; dockerode's createVolume drops it (an inspect would be one
 * more round trip on the way to the first job).
 */
function createVolumeAt(docker: Docker, options: { Name: string; Labels: Record<string, string> }): Promise<string> {
  const modem = docker.modem as { dial(request: object, callback: (error: unknown, data: unknown) => void): void };
  return new Promise((resolve, reject) =>
    modem.dial({ path: '/volumes/create?', method: 'POST', allowEmpty: true, options, statusCodes: { 200: true, 201: true, 500: 'server error' } }, (error, data) => {
      const mountpoint = (data as { Mountpoint?: string } | undefined)?.Mountpoint;
      if (error || !mountpoint) reject(error ?? new Error(`the engine did not say where volume ${options.Name} lives`));
      else resolve(mountpoint);
    }),
  );
}

/** Why this machine's snapshot folder can't be an overlay's lower layer, if it can't. */
export function folderMountBlocker(folder: string): string | undefined {
  if (process.platform !== 'linux') return 'overlay volumes need a Linux engine on this machine';
  // The local driver passes options comma-separated, with `:` separating lower layers.
  if (/[,:\s]/.test(folder)) return 'the project path holds a comma, colon or space, which overlay options cannot carry';
  return undefined;
}

/** The engine refused to mount a job's overlay (an engine in a VM, a file system overlay can't use…). */
export function isMountFailure(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /failed to mount local volume|error while mounting volume/i.test(message);
}
