/**
 * Remarks about a valid config that do not stop a run. Kept few on purpose:
 * a warning printed on every run stops being read.
 */
import { checkImageName, isMutableReference } from './image-ref.js';
import type { KeyPath } from './key-path.js';
import { placeholdersIn } from './matrix.js';
import type { ImageSpec, PipelineConfig } from './types.js';

/** Images without a tag or with `latest`: two runs a week apart may use different images. */
export function imageWarnings(config: PipelineConfig): Array<{ path: KeyPath; message: string }> {
  const images: Array<{ path: KeyPath; image: ImageSpec | undefined }> = [{ path: ['image'], image: config.image }];
  for (const [name, job] of Object.entries(config.jobs)) {
    images.push({ path: ['jobs', name, 'image'], image: job.image });
    for (const [service, spec] of Object.entries(job.services ?? {})) {
      images.push({ path: ['jobs', name, 'services', service, 'image'], image: spec.image });
    }
  }
  return images.flatMap(({ path, image }) => {
    // Matrix templates are judged by what they expand to, which is the user's choice per value.
    if (typeof image !== 'string' || placeholdersIn(image).length > 0) return [];
    const parsed = checkImageName(image);
    if (!parsed.ok || !isMutableReference(parsed.parts)) return [];
    return [{ path, message: `\`${image}\` uses a mutable tag; pin a version for reproducible runs` }];
  });
}
