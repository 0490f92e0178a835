/** Short human descriptions of a pipeline shared by the listing commands. */
import path from 'node:path';
import type { Job, Pipeline } from '../../model/pipeline.js';

export function imageName(job: Pick<Job, 'image'>): string {
  const image = job.image;
  if (image.kind === 'name') return image.name;
  return `build ${image.dockerfile}${image.target ? ` (target ${image.target})` : ''}`;
}

export function describeSource(pipeline: Pipeline): string {
  const file = path.relative(process.cwd(), pipeline.source.file) || pipeline.source.file;
  switch (pipeline.source.kind) {
    case 'inferred':
      return `Pipeline inferred from the scripts in ${file} (no ci.config.ts found; \`ci init\` writes one).`;
    case 'package.json':
      return `Pipeline from the "ci" key of ${file}.`;
    default:
      return `Pipeline from ${file}.`;
  }
}
