/** Rewrites every image reference of a normalized pipeline through the image map, keeping what was written. */
import type { ImageRef, Job, Pipeline } from '../../model/pipeline.js';
import type { ImageMap } from './image-map.js';

export function mapPipelineImages(pipeline: Pipeline, map: ImageMap): Pipeline {
  if (map.rules.length === 0) return pipeline;
  const mapRef = (ref: ImageRef): ImageRef => {
    if (ref.kind !== 'name') return ref;
    const mapped = map.resolve(ref.name);
    return mapped === undefined || mapped.image === ref.name ? ref : { kind: 'name', name: mapped.image, mappedFrom: ref.name, mappedBy: mapped.rule.origin };
  };
  const mapJob = (job: Job): Job => ({
    ...job,
    image: mapRef(job.image),
    steps: job.steps.map((step) => (step.container === undefined ? step : { ...step, container: { ...step.container, image: mapRef(step.container.image) } })),
    services: job.services.map((service) => ({ ...service, image: mapRef(service.image) })),
  });
  return { ...pipeline, ...(pipeline.image ? { image: mapRef(pipeline.image) } : {}), jobs: pipeline.jobs.map(mapJob) };
}
