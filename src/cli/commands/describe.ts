/** Short human descriptions of a pipeline shared by the listing commands. */
import path from 'node:path';
import { importerFor } from '../../config/import/registry.js';
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
      return `Pipeline inferred from ${path.basename(file) === 'package.json' ? `the scripts in ${file}` : file} (no ci.config.ts found; \`ci init\` writes one).`;
    case 'package.json':
      return `Pipeline from the "ci" key of ${file}.`;
    case 'import': {
      const label = importerFor(pipeline.source.format ?? '')?.label ?? pipeline.source.format;
      const more = (pipeline.source.files?.length ?? 1) - 1;
      return `Pipeline from ${file} (${label}${more > 0 ? `, with ${more} more file${more === 1 ? '' : 's'}` : ''}; no ci.config.ts).`;
    }
    default:
      return `Pipeline from ${file}.`;
  }
}
