/**
 * One stable text per image reference, used as the key of image ids (run.json
 * `images`, job cache keys): the name itself, or the whole build spec, so two
 * jobs with the same spec share one entry and any difference separates them.
 */
import type { ImageRef } from './pipeline.js';

export type BuildSpec = Extract<ImageRef, { kind: 'build' }>;

export function imageKey(image: ImageRef): string {
  if (image.kind === 'name') return image.name;
  const args = Object.entries(image.args).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = args.length > 0 ? `?${new URLSearchParams(args).toString()}` : '';
  return `build:${image.dockerfile}${image.target ? `#${image.target}` : ''}@${image.context}${query}`;
}
