/**
 * Follows the one task of a one-shot service until it ends: its exit code,
 * or the reason the swarm gives (no node fits, the image could not be pulled),
 * or the news that the node running it is gone. The manager marks a node down
 * once it misses its heartbeats (`docker swarm update --dispatcher-heartbeat`).
 */
import type Docker from 'dockerode';
import { EnvironmentError } from '../../errors.js';
import { nodeLost, noSuitableNode } from './swarm-errors.js';

const POLL_MS = 250;

export interface TaskEnd {
  exitCode: number;
  /** The task's container, which the manager can inspect when it ran there. */
  containerId?: string;
  nodeId?: string;
}

interface TaskInfo {
  ID?: string;
  NodeID?: string;
  CreatedAt?: string;
  DesiredState?: string;
  Status?: { State?: string; Err?: string; ContainerStatus?: { ContainerID?: string; ExitCode?: number } };
}

const ENDED = new Set(['complete', 'failed', 'rejected', 'shutdown', 'orphaned', 'remove']);
const GONE_NODE = new Set(['down', 'disconnected', 'unknown']);

export interface WatchOptions {
  job: string;
  constraints: readonly string[];
  /** Told once when the swarm has picked the node that runs the task, with its name. */
  onPlaced?(node: string): void;
  /** Told once when the task runs (a sidecar with a healthcheck: once it passed). */
  onRunning?(): void;
  /** Told once when the task waits for a node with enough free CPUs or memory. */
  onQueued?(detail: string): void;
}

/** Resolves when the task ended; throws an EnvironmentError when the swarm cannot run it or loses its node. Stops polling when `signal` aborts. */
export async function watchTask(docker: Docker, serviceId: string, options: WatchOptions, signal: AbortSignal): Promise<TaskEnd | undefined> {
  let running = false;
  let placed = false;
  let queued = false;
  while (!signal.aborted) {
    const task = await latestTask(docker, serviceId);
    const state = task?.Status?.State ?? 'new';
    const err = task?.Status?.Err ?? '';
    if (task?.NodeID && (!ENDED.has(state) || !placed)) {
      const node = await nodeState(docker, task.NodeID);
      if (!ENDED.has(state) && GONE_NODE.has(node.state)) throw nodeLost(node.name, options.job, node.state);
      if (!placed) {
        placed = true;
        options.onPlaced?.(node.name);
      }
    }
    if (state === 'running' && !running) {
      running = true;
      options.onRunning?.();
    }
    if (state === 'pending' && /no suitable node/.test(err)) {
      // Constraints no node meets will never be met; full nodes free up as other jobs end.
      if (/constraint/.test(err)) throw noSuitableNode(options.job, options.constraints, err);
      if (!queued) options.onQueued?.(err);
      queued = true;
    }
    if (ENDED.has(state)) return ended(task!, options.job);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return undefined;
}

function ended(task: TaskInfo, job: string): TaskEnd {
  const state = task.Status?.State;
  const exitCode = task.Status?.ContainerStatus?.ExitCode;
  const where = { containerId: task.Status?.ContainerStatus?.ContainerID, nodeId: task.NodeID };
  if (state === 'complete') return { exitCode: 0, ...where };
  if (state === 'failed' && exitCode !== undefined && exitCode !== 0) return { exitCode, ...where };
  if (state === 'shutdown' || state === 'orphaned' || state === 'remove') throw nodeLost(task.NodeID ?? 'unknown', job, `task ${state}`);
  // Rejected, or failed before the container ran: the image could not be pulled, a mount failed.
  throw new EnvironmentError(
    `The swarm could not start job "${job}": ${task.Status?.Err || state}.`,
    'Check that every node can pull from the registry (`docker pull` on the node) and has the resources the job asks for.',
  );
}

async function latestTask(docker: Docker, serviceId: string): Promise<TaskInfo | undefined> {
  const tasks = (await docker.listTasks({ filters: JSON.stringify({ service: [serviceId] }) })) as TaskInfo[];
  return tasks.sort((a, b) => (a.CreatedAt ?? '').localeCompare(b.CreatedAt ?? '')).at(-1);
}

async function nodeState(docker: Docker, nodeId: string): Promise<{ name: string; state: string }> {
  try {
    const node = (await docker.getNode(nodeId).inspect()) as { Description?: { Hostname?: string }; Status?: { State?: string } };
    return { name: `${node.Description?.Hostname ?? nodeId} (${nodeId.slice(0, 12)})`, state: node.Status?.State ?? 'unknown' };
  } catch (error) {
    // A node removed from the swarm (`docker node rm --force`) is gone as well.
    if ((error as { statusCode?: number }).statusCode === 404) return { name: nodeId.slice(0, 12), state: 'down' };
    throw error;
  }
}
