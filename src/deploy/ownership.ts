/**
 * A deploy finds its containers, network and tags by name, and names can be taken by
 * anything on the engine: another project, an older localci, the user's own `docker run`.
 * So every object it is about to remove, rename, stop or re-tag is first checked to carry
 * this project's `localci.project` label; one that does not stops the deploy with a
 * sentence naming it, and is left exactly as it was.
 */
import type Docker from 'dockerode';
import { LABEL } from '../backend/docker/labels.js';

export class ForeignObjectError extends Error {
  constructor(what: string, label: string | undefined) {
    const owner = label === undefined ? 'has no localci.project label' : `belongs to localci.project=${label}`;
    super(`${what} exists but ${owner}, not this project; it was left alone (remove or rename it, or choose other names)`);
    this.name = 'ForeignObjectError';
  }
}

/** The container named `name` if it is this project's; undefined if there is none; ForeignObjectError if it is someone else's. */
export async function findOwnedContainer(docker: Docker, name: string, projectId: string): Promise<Docker.Container | undefined> {
  const info = await docker.getContainer(name).inspect().catch(notFound);
  if (info === undefined) return undefined;
  requireOwner(`container ${name}`, info.Config.Labels?.[LABEL.project], projectId);
  // By id from here on: a rename by someone else cannot redirect what we act on.
  return docker.getContainer(info.Id);
}

/** True if this project's network `name` exists, false if none does; ForeignObjectError if it is someone else's. */
export async function ownedNetworkExists(docker: Docker, name: string, projectId: string): Promise<boolean> {
  const info = (await docker.getNetwork(name).inspect().catch(notFound)) as { Labels?: Record<string, string> } | undefined;
  if (info === undefined) return false;
  requireOwner(`network ${name}`, info.Labels?.[LABEL.project], projectId);
  return true;
}

/**
 * Checks that moving `reference` onto `imageId` takes it from nothing, from the same image,
 * or from an image this project built; a tag on anyone else's image stays where it is.
 */
export async function checkTagMovable(docker: Docker, reference: string, imageId: string, projectId: string): Promise<void> {
  const current = await docker.getImage(reference).inspect().catch(notFound);
  if (current === undefined || current.Id === imageId) return;
  requireOwner(`image tag ${reference}`, current.Config?.Labels?.[LABEL.project], projectId);
}

function requireOwner(what: string, label: string | undefined, projectId: string): void {
  if (label !== projectId) throw new ForeignObjectError(what, label);
}

function notFound(error: { statusCode?: number }): undefined {
  if (error.statusCode === 404) return undefined;
  throw error;
}
