/**
 * Whether this run's workspace can be a mounted snapshot folder or must be a
 * tar copied through the API: the folder needs an engine on this machine that
 * can mount an overlay over it. A refusal seen once is remembered for a day,
 * so later runs don't pay for the failed attempt.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectState } from '../../state/project-state.js';
import type { EngineAddress } from './engine-address.js';
import { folderMountBlocker } from './workspace-volumes.js';

const REMEMBER_MS = 24 * 60 * 60 * 1000;
const FILE = 'mount-refused.json';

interface Refusal {
  engine: string;
  message: string;
  at: number;
}

/** Why the workspace must be copied rather than mounted, or undefined when mounting is the way. */
export async function workspaceCopyReason(address: EngineAddress, root: string): Promise<string | undefined> {
  if (process.env.LOCALCI_WORKSPACE === 'copy') return 'LOCALCI_WORKSPACE=copy';
  if (!address.local) return `the engine at ${address.description} is not on this machine`;
  const state = projectState(root);
  const blocker = folderMountBlocker(state.path('workspace'));
  if (blocker) return blocker;
  const refusal = await readFile(state.path('memo', FILE), 'utf8').then((text) => JSON.parse(text) as Refusal, () => undefined);
  if (refusal && refusal.engine === address.description && Date.now() - refusal.at < REMEMBER_MS) {
    return `the engine refused to mount an overlay at ${new Date(refusal.at).toISOString()}: ${refusal.message}`;
  }
  return undefined;
}

export async function rememberMountRefusal(address: EngineAddress, root: string, message: string): Promise<void> {
  const refusal: Refusal = { engine: address.description, message: message.slice(0, 300), at: Date.now() };
  await writeFile(path.join(await projectState(root).folder('memo'), FILE), JSON.stringify(refusal));
}
