/**
 * The sentences a Swarm user sees when the cluster is not ready (exit 3): each
 * says what is wrong and the command that fixes it.
 */
import { EnvironmentError } from '../../errors.js';

/** What `GET /info` says about the engine's part in a swarm. */
export interface SwarmState {
  LocalNodeState?: string;
  ControlAvailable?: boolean;
  Nodes?: number;
}

/** Undefined when the engine manages a swarm; otherwise why localci cannot use it. */
export function notAManager(where: string, swarm: SwarmState | undefined): EnvironmentError | undefined {
  const state = swarm?.LocalNodeState ?? 'inactive';
  if (state === 'active' && swarm?.ControlAvailable) return undefined;
  if (state === 'active') {
    return new EnvironmentError(
      `The Docker engine at ${where} is a worker of its swarm, not a manager: jobs can only be sent to a manager.`,
      'Point DOCKER_HOST (or `docker context use`) at a manager node; `docker node ls` there lists the nodes.',
    );
  }
  return new EnvironmentError(
    `The Docker engine at ${where} is not a swarm manager (swarm state: ${state}), so \`backend: 'swarm'\` has nowhere to run jobs.`,
    'Run `docker swarm init` on it (and `docker swarm join` on the other machines), point DOCKER_HOST at a manager, or use `--backend docker`.',
  );
}

export function noRegistry(): EnvironmentError {
  return new EnvironmentError(
    "No registry is configured for the swarm: its nodes pull each job's image from one.",
    "Set `registry: 'host:port'` in the config or LOCALCI_REGISTRY to a registry that the manager can push to and every node can pull from.",
  );
}

export function nodeLost(node: string, job: string, state: string): EnvironmentError {
  return new EnvironmentError(
    `The swarm node ${node} that ran job "${job}" was lost mid-run (node ${state}).`,
    'Check the node with `docker node ls` on the manager; run again once it is back, or drain it (`docker node update --availability drain`).',
  );
}

export function noSuitableNode(job: string, constraints: readonly string[], detail: string): EnvironmentError {
  const wanted = constraints.length === 0 ? '' : ` (it needs ${constraints.join(', ')})`;
  return new EnvironmentError(
    `No node of the swarm can run job "${job}"${wanted}: ${detail}.`,
    'Label a node with `docker node update --label-add key=value <node>`, or change the job\'s `runsOn`, `cpus` or `memory`.',
  );
}
