/** `ci list`: the jobs as a DAG in run order: name, image, needs, and how they run. */
import path from 'node:path';
import type { Job, Pipeline } from '../../model/pipeline.js';
import { topologicalOrder } from '../../plan/graph.js';
import { ExitCode, LocalciError } from '../../errors.js';
import type { GlobalOptions } from '../global-options.js';
import { loadForCommand } from '../load.js';
import { stdoutColors } from '../terminal.js';
import { describeSource, imageName } from './describe.js';

export async function listCommand(options: GlobalOptions): Promise<number> {
  const { pipeline, unsupported = [], unavailable = [] } = await loadForCommand(options, true);
  if (options.strict && unsupported.length > 0) {
    // The warnings were printed above, one per key; the error says what --strict made of them.
    const count = `${unsupported.length} key${unsupported.length === 1 ? '' : 's'}`;
    throw new LocalciError(
      `--strict: ${count} of ${path.relative(process.cwd(), pipeline.source.file) || pipeline.source.file} ${unsupported.length === 1 ? 'is' : 'are'} ignored or approximated (the warnings above).`,
      ExitCode.usage,
      'Change them, or leave out --strict to run the pipeline as localci reads it.',
    );
  }
  const jobs = runOrder(pipeline);
  if (options.json) {
    const rows = jobs.map((job) => ({ name: job.name, image: imageName(job), needs: job.needs, stage: job.stage, notes: notes(job) }));
    process.stdout.write(JSON.stringify({ source: pipeline.source, jobs: rows, unavailable }, null, 2) + '\n');
    return ExitCode.ok;
  }
  const colors = stdoutColors();
  const nameWidth = Math.max(3, ...jobs.map((job) => job.name.length));
  const imageWidth = Math.max(5, ...jobs.map((job) => imageName(job).length));
  const lines = [
    colors.dim(describeSource(pipeline)),
    '',
    colors.bold(`${'JOB'.padEnd(nameWidth)}  ${'IMAGE'.padEnd(imageWidth)}  NEEDS`),
    ...jobs.map((job) => {
      const needs = job.needs.length > 0 ? job.needs.join(', ') : colors.dim('—');
      const extra = notes(job);
      return `${job.name.padEnd(nameWidth)}  ${imageName(job).padEnd(imageWidth)}  ${needs}${extra.length > 0 ? colors.dim(`  (${extra.join(', ')})`) : ''}`;
    }),
  ];
  if (unavailable.length > 0) {
    const width = Math.max(...unavailable.map((job) => job.name.length));
    lines.push('', colors.bold('NOT RUNNABLE LOCALLY'), ...unavailable.map((job) => `${job.name.padEnd(width)}  ${colors.dim(job.reason)}`));
  }
  process.stdout.write(lines.join('\n') + '\n');
  return ExitCode.ok;
}

function runOrder(pipeline: Pipeline): Job[] {
  const byName = new Map(pipeline.jobs.map((job) => [job.name, job]));
  const order = topologicalOrder([...byName.keys()], new Map(pipeline.jobs.map((job) => [job.name, job.needs])));
  return order.ok ? order.order.map((name) => byName.get(name)!) : pipeline.jobs;
}

function notes(job: Job): string[] {
  const result: string[] = [];
  if (job.environment) result.push(`deploys to ${job.environment}; runs with --deploy`);
  if (job.when === 'manual') result.push('manual');
  if (job.when === 'always' || job.when === 'on-failure') result.push(`when ${job.when}`);
  if (job.allowFailure) result.push('failure allowed');
  return result;
}
