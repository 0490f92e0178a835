/**
 * What to say when an image is neither here nor pullable: an imported CI file
 * names the versions CI runs (`node:18`, `node:22`, a matrix of them), while
 * this machine often has one of its own. The image rules (LOCALCI_IMAGES) run
 * the jobs in that one; the hint names a local image of the same repository
 * when there is one, so it can be pasted as it is.
 */
import type Docker from 'dockerode';
import { repositoryOf } from '../../config/image-ref.js';
import { imagesRule } from '../../config/images/image-map-sources.js';

/** A local image of the same repository as `name` (the newest tag first), or undefined. */
export async function localStandIn(docker: Docker, name: string): Promise<string | undefined> {
  const repository = repositoryOf(name);
  try {
    const images = await docker.listImages({ filters: JSON.stringify({ reference: [repository] }) });
    const tags = images
      .sort((a, b) => b.Created - a.Created)
      .flatMap((image) => image.RepoTags ?? [])
      .filter((tag) => tag !== name && repositoryOf(tag) === repository);
    return tags[0];
  } catch {
    // Only a hint: an engine that cannot list its images gets the generic one.
    return undefined;
  }
}

/**
 * `or run them in node:20, which is here: LOCALCI_IMAGES='node:*=node:20'` (a placeholder when no
 * image of that repository is here). `names`: missing images of one repository.
 */
export async function standInHint(docker: Docker, names: readonly string[]): Promise<string> {
  const standIn = await localStandIn(docker, names[0]!);
  const them = names.length > 1 ? 'them' : 'it';
  return standIn === undefined
    ? `or run ${them} in an image you have: ${imagesRule(names, '<image>')}`
    : `or run ${them} in ${standIn}, which is here: ${imagesRule(names, standIn)}`;
}
