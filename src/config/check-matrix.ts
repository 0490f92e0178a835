/**
 * Matrix checks: the matrix is not oversized, every `${{ … }}` in the
 * places that are substituted names a key of the job's matrix, and image
 * names are still valid Docker references once the values are filled in.
 */
import type { Report } from './check.js';
import { checkImageName } from './image-ref.js';
import type { KeyPath } from './key-path.js';
import { MAX_MATRIX_JOBS, combinationCount, combinations, expandedName, placeholdersIn, substitute } from './matrix.js';
import { closestMatch } from './suggest.js';
import type { ImageSpec, JobConfig, PipelineConfig } from './types.js';

interface Template {
  path: KeyPath;
  text: string;
}

export function checkMatrixJob(config: PipelineConfig, name: string, job: JobConfig, report: Report): void {
  const keys = Object.keys(job.matrix ?? {});
  if (job.matrix && combinationCount(job.matrix) > MAX_MATRIX_JOBS) {
    report(['jobs', name, 'matrix'], `expands to ${combinationCount(job.matrix)} jobs; the limit is ${MAX_MATRIX_JOBS}`, 'split the job or drop some values');
    return;
  }
  for (const template of templates(config, name, job)) {
    for (const use of placeholdersIn(template.text)) {
      // Inherited top-level text is reported where it is written, naming the job that uses it.
      const inherited = template.path[0] !== 'jobs' ? ` (in job \`${name}\`)` : '';
      if (use.key === undefined) {
        report(template.path, `\`\${{ ${use.expression} }}\` is not supported${inherited}`, 'only `${{ matrix.<key> }}` is replaced');
      } else if (!keys.includes(use.key)) {
        const match = closestMatch(use.key, keys);
        const hint = match ? `did you mean \`matrix.${match}\`?` : keys.length > 0 ? `matrix keys: ${keys.join(', ')}` : `add \`matrix: { ${use.key}: [...] }\` to the job`;
        report(template.path, `\`matrix.${use.key}\` is not a key of the job's matrix${inherited}`, hint);
      }
    }
  }
  checkExpandedImage(config, name, job, report);
}

/** Each expansion's image name must be valid once substituted (`node:${{ matrix.v }}` with v = `20 `). */
function checkExpandedImage(config: PipelineConfig, name: string, job: JobConfig, report: Report): void {
  const image = job.image ?? config.image;
  if (job.matrix === undefined || typeof image !== 'string' || placeholdersIn(image).length === 0) return;
  const path: KeyPath = job.image === undefined ? ['image'] : ['jobs', name, 'image'];
  for (const values of combinations(job.matrix)) {
    const result = checkImageName(substitute(image, values));
    if (!result.ok) {
      report(path, `${result.message} in \`${expandedName(name, values)}\``, result.hint);
      return;
    }
  }
}

/** The strings of a job in which `${{ matrix.key }}` is replaced, with the path where each is written. */
function templates(config: PipelineConfig, name: string, job: JobConfig): Template[] {
  const at: KeyPath = ['jobs', name];
  const result: Template[] = [];
  const image = job.image ?? config.image;
  if (image !== undefined) result.push(...imageTemplates(image, job.image === undefined ? ['image'] : [...at, 'image']));
  for (const [key, value] of Object.entries(config.env ?? {})) {
    if (job.env?.[key] === undefined) result.push({ path: ['env', key], text: value });
  }
  for (const [key, value] of Object.entries(job.env ?? {})) result.push({ path: [...at, 'env', key], text: value });
  job.steps.forEach((step, index) => {
    if (typeof step === 'string') result.push({ path: [...at, 'steps', index], text: step });
    else {
      result.push({ path: [...at, 'steps', index, 'run'], text: step.run });
      if (step.name !== undefined) result.push({ path: [...at, 'steps', index, 'name'], text: step.name });
    }
  });
  for (const [serviceName, service] of Object.entries(job.services ?? {})) {
    const base: KeyPath = [...at, 'services', serviceName];
    result.push(...imageTemplates(service.image, [...base, 'image']));
    for (const [key, value] of Object.entries(service.env ?? {})) result.push({ path: [...base, 'env', key], text: value });
  }
  job.cache?.forEach((cache, index) => {
    result.push({ path: [...at, 'cache', index, 'key'], text: cache.key });
    cache.paths.forEach((p, i) => result.push({ path: [...at, 'cache', index, 'paths', i], text: p }));
  });
  return result;
}

function imageTemplates(image: ImageSpec, path: KeyPath): Template[] {
  if (typeof image === 'string') return [{ path, text: image }];
  const result: Template[] = [];
  if (image.target !== undefined) result.push({ path: [...path, 'target'], text: image.target });
  for (const [key, value] of Object.entries(image.args ?? {})) result.push({ path: [...path, 'args', key], text: value });
  return result;
}
