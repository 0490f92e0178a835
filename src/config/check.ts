/**
 * Checks that relate parts of a schema-valid config to each other: needs
 * name real jobs, the graph has no cycle, stages are declared, every job has
 * an image, hooks name real jobs, matrix placeholders resolve. All problems
 * are collected; nothing stops at the first.
 *
 * Stage rule (a choice; GitLab would silently put the job in `test`): once
 * `stages` is set, a job without `stage` must list `needs`, because otherwise
 * its place in the order would be a guess.
 */
import { topologicalOrder } from '../plan/graph.js';
import { checkMatrixJob } from './check-matrix.js';
import { jobFileName } from '../model/job-files.js';
import { jobNames, type JobNames } from './job-names.js';
import type { KeyPath } from './key-path.js';
import { directNeeds } from './needs.js';
import { closestMatch } from './suggest.js';
import type { JobConfig, PipelineConfig } from './types.js';

/** Records one problem; `path` is relative to the config root. */
export type Report = (path: KeyPath, message: string, hint?: string) => void;

export interface CheckOutput {
  /** Remarks that do not stop the run, as `path: message`. */
  warnings: Array<{ path: KeyPath; message: string }>;
}

export function checkConfig(config: PipelineConfig, report: Report): CheckOutput {
  const warnings: CheckOutput['warnings'] = [];
  const names = jobNames(config.jobs);
  checkStages(config, report);
  for (const [name, job] of Object.entries(config.jobs)) {
    const at: KeyPath = ['jobs', name];
    checkJobStage(config, name, job, report);
    checkJobReferences(name, 'needs', job.needs, names, report);
    checkJobReferences(name, 'artifactsFrom', job.artifactsFrom, names, report);
    if (job.image === undefined && config.image === undefined) {
      report([...at, 'image'], 'no image for this job', 'set `image` at the top level or on the job');
    }
    if (job.environment !== undefined && config.environments !== undefined && !(job.environment in config.environments)) {
      warnings.push({ path: [...at, 'environment'], message: `\`${job.environment}\` is not declared in \`environments\`` });
    }
    checkMatrixJob(config, name, job, report);
  }
  checkNameCollisions(names, report);
  checkCycles(config, names, report);
  config.hooks?.prePush?.jobs?.forEach((reference, index) => {
    if (names.baseOf.has(reference)) return;
    report(['hooks', 'prePush', 'jobs', index], `\`${reference}\` is not a job`, unknownJobHint(reference, names));
  });
  return { warnings };
}

function checkStages(config: PipelineConfig, report: Report): void {
  const seen = new Set<string>();
  config.stages?.forEach((stage, index) => {
    if (seen.has(stage)) report(['stages', index], `duplicate stage \`${stage}\``, 'list each stage once');
    seen.add(stage);
  });
}

function checkJobStage(config: PipelineConfig, name: string, job: JobConfig, report: Report): void {
  const stages = config.stages;
  const at: KeyPath = ['jobs', name, 'stage'];
  if (job.stage !== undefined) {
    if (stages === undefined || stages.length === 0) {
      report(at, `\`${job.stage}\` is not a declared stage`, `declare the stages in order at the top level: \`stages: ['${job.stage}', …]\``);
    } else if (!stages.includes(job.stage)) {
      const match = closestMatch(job.stage, stages);
      report(at, `\`${job.stage}\` is not a declared stage`, match ? `did you mean \`${match}\`?` : `declared stages: ${stages.join(', ')}`);
    }
  } else if (stages !== undefined && stages.length > 0 && job.needs === undefined) {
    const unique = [...new Set(stages)];
    report(at, 'required when `stages` is set', `add \`stage: '${unique[0]}'\` (one of: ${unique.join(', ')}), or list the job's \`needs\``);
  }
}

/** `needs` and `artifactsFrom` name other jobs. */
function checkJobReferences(name: string, key: 'needs' | 'artifactsFrom', references: readonly string[] | undefined, names: JobNames, report: Report): void {
  references?.forEach((reference, index) => {
    const at: KeyPath = ['jobs', name, key, index];
    if (names.baseOf.get(reference) === name) report(at, key === 'needs' ? 'a job cannot need itself' : 'a job cannot take its own artifacts', `remove \`${reference}\` from its ${key}`);
    else if (!names.baseOf.has(reference)) report(at, `\`${reference}\` is not a job`, unknownJobHint(reference, names));
  });
}

function unknownJobHint(reference: string, names: JobNames): string {
  const match = closestMatch(reference, names.expansions.keys());
  return match ? `did you mean \`${match}\`?` : `jobs: ${[...names.expansions.keys()].join(', ')}`;
}

/**
 * A job literally named `unit (node=18)` next to a matrix job `unit` would make names
 * ambiguous; names that differ only in case would share their log and artifact folder on a
 * case-insensitive disk (every other difference gets its own file: model/job-files.ts).
 */
function checkNameCollisions(names: JobNames, report: Report): void {
  const byFile = new Map<string, string>();
  for (const [base, expanded] of names.expansions) {
    for (const name of expanded) {
      if (name !== base && names.expansions.has(name)) {
        report(['jobs', name], `the name collides with an expansion of the matrix job \`${base}\``, 'rename one of the jobs');
      }
      const file = jobFileName(name).toLowerCase();
      const other = byFile.get(file);
      if (other !== undefined && other !== name) {
        report(['jobs', base], `\`${other}\` and \`${name}\` differ only in case, so they would share one log file and artifact folder`, 'rename one of the jobs');
      }
      byFile.set(file, name);
    }
  }
}

/**
 * Cycles on the graph of base names (a matrix job stands for all its
 * expansions, so a cycle between expansions is a cycle between bases).
 * After each cycle found, its closing edge is dropped and the search runs
 * again, so independent cycles are all reported.
 */
function checkCycles(config: PipelineConfig, names: JobNames, report: Report): void {
  const edges = new Map<string, string[]>();
  for (const [base, needs] of directNeeds(config, names)) {
    edges.set(base, [...new Set(needs.map((name) => names.baseOf.get(name)!))].filter((dep) => dep !== base));
  }
  const nodes = Object.keys(config.jobs);
  for (let found = 0; found < nodes.length; found++) {
    const result = topologicalOrder(nodes, edges);
    if (result.ok) return;
    const cycle = result.cycle;
    const first = cycle[0]!;
    const via = config.jobs[first]?.needs === undefined ? 'stage' : 'needs';
    report(['jobs', first, via], `cycle ${cycle.join(' → ')}`, 'remove one of these needs so the jobs can run in order');
    const from = cycle[cycle.length - 2]!;
    const to = cycle[cycle.length - 1]!;
    edges.set(from, (edges.get(from) ?? []).filter((dep) => dep !== to));
  }
}
