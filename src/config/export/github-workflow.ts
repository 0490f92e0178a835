/**
 * A pipeline → one GitHub Actions workflow that runs the same jobs: each job
 * in a container of its image, with its needs, services, env, secrets (from
 * the repository's secrets of the same names), caches (`actions/cache`),
 * artifacts (`upload-artifact`, and `download-artifact` in the jobs that
 * receive them), time limits, `when` and allowed failures. Steps run with
 * `sh -e` as localci runs them. The GitHub Actions importer reads the file
 * back to the same jobs (docs/export.md).
 */
import path from 'node:path';
import { stringify } from 'yaml';
import type { Job, Pipeline, Service, Step } from '../../model/pipeline.js';
import { matrixOf, writeJobs } from './fold-matrix.js';
import { artifactSources, commonWarnings, HEADER, imageReference, jobCaches, jobSteps, minutes, type ExportResult } from './exported-job.js';

type Mapping = Record<string, unknown>;

const CHECKOUT = 'actions/checkout@v4';
const CACHE = 'actions/cache@v4';
const UPLOAD = 'actions/upload-artifact@v4';
const DOWNLOAD = 'actions/download-artifact@v4';
const RUNNER = 'ubuntu-latest';

const STATUS: Record<string, string> = { always: '${{ always() }}', 'on-failure': '${{ failure() }}' };

export function exportGithub(pipeline: Pipeline, source: string): ExportResult {
  const { jobs, warnings } = writeJobs(pipeline.jobs, {
    ids: jobIds,
    write: (job, ids, say) => githubJob(pipeline, job, ids, say),
    placeholder: (key) => `\${{ matrix.${key} }}`,
    // `fail-fast: false`: localci does not cancel the other legs when one fails.
    withMatrix: ({ name, ...rest }, legs) => ({ name, strategy: { 'fail-fast': false, matrix: matrixOf(legs) }, ...rest }),
  });
  const manual = pipeline.jobs.some((job) => job.when === 'manual');
  const workflow: Mapping = {
    name: 'localci',
    on: manual ? { push: null, pull_request: null, workflow_dispatch: null } : { push: null, pull_request: null },
    defaults: { run: { shell: 'sh' } },
    jobs,
  };
  const text = `# ${HEADER(source)}\n${stringify(workflow, { lineWidth: 0, nullStr: '', aliasDuplicateObjects: false })}`;
  return { text, warnings };
}

function githubJob(pipeline: Pipeline, job: Job, ids: Map<string, string>, say: (message: string) => void): Mapping {
  commonWarnings(job, say);
  const id = ids.get(job.name)!;
  const out: Mapping = {};
  if (id !== job.name) out.name = job.name;
  out['runs-on'] = RUNNER;
  const image = imageReference(job.image);
  if (image !== undefined) out.container = image;
  if (job.needs.length > 0) out.needs = [...new Set(job.needs.map((name) => ids.get(name)!))];
  if (job.when === 'manual') out.if = "${{ github.event_name == 'workflow_dispatch' }}";
  else if (STATUS[job.when] !== undefined) out.if = STATUS[job.when];
  if (job.environment !== undefined) out.environment = job.environment;
  const env: Mapping = { ...job.env };
  for (const secret of job.secrets) env[secret] = `\${{ secrets.${secret} }}`;
  if (Object.keys(env).length > 0) out.env = env;
  const services = job.services.filter((service) => service.image.kind === 'name');
  if (services.length > 0) out.services = Object.fromEntries(services.map((service) => [service.name, githubService(service, say)]));
  if (job.timeoutMs !== undefined) out['timeout-minutes'] = minutes(job.timeoutMs);
  if (job.allowFailure) out['continue-on-error'] = true;
  if (job.allowFailureExitCodes !== undefined) say('allowFailure.exitCodes: any failing exit code is allowed');
  if (job.retry.max > 0) say(`retry: GitHub Actions does not retry a job; a failure fails the job at once`);
  if (job.changes !== undefined) say('rules.changes: the job runs on every push (GitHub has no per-job path filter)');
  out.steps = [
    { uses: CHECKOUT },
    ...artifactSources(pipeline, job).map((from) => downloadStep(from, ids)),
    ...jobCaches(pipeline, job).map((cache) => ({ uses: CACHE, with: { path: cache.paths.join('\n'), key: cacheKey(cache.key) } })),
    ...jobSteps(pipeline, job).map(githubStep),
    ...(job.artifacts.length > 0 ? [uploadStep(job, id)] : []),
  ];
  return out;
}

function githubStep(step: Step): Mapping {
  const out: Mapping = { name: step.name };
  if (step.when !== undefined && STATUS[step.when] !== undefined) out.if = STATUS[step.when];
  out.run = step.run;
  if (step.allowFailure) out['continue-on-error'] = true;
  if (step.timeoutMs !== undefined) out['timeout-minutes'] = minutes(step.timeoutMs);
  return out;
}

function githubService(service: Service, say: (message: string) => void): Mapping {
  const out: Mapping = { image: imageReference(service.image) };
  if (Object.keys(service.env).length > 0) out.env = service.env;
  if (service.ports.length > 0) out.ports = service.ports;
  if (service.healthcheck !== undefined) out.options = `--health-cmd ${JSON.stringify(service.healthcheck)}`;
  if (service.command !== undefined) say(`service ${service.name}: command is not exported (GitHub services run their image's command)`);
  return out;
}

function uploadStep(job: Job, id: string): Mapping {
  const paths = [...job.artifacts, ...(job.artifactsExclude ?? []).map((pattern) => `!${pattern}`)];
  const step: Mapping = { uses: UPLOAD };
  if (job.artifactsWhen !== undefined && STATUS[job.artifactsWhen] !== undefined) step.if = STATUS[job.artifactsWhen];
  step.with = { name: id, path: paths.join('\n') };
  return step;
}

/** upload-artifact stores paths below their common folder, so the download goes back into it. */
function downloadStep(from: Job, ids: Map<string, string>): Mapping {
  const folder = commonFolder(from.artifacts);
  return { uses: DOWNLOAD, with: { name: ids.get(from.name)!, ...(folder === '.' ? {} : { path: folder }) } };
}

function commonFolder(patterns: string[]): string {
  const folders = patterns.map((pattern) => {
    const literal = pattern.split('/').filter((part) => part !== '' && part !== '.');
    const glob = literal.findIndex((part) => /[*?[{]/.test(part));
    const fixed = glob === -1 ? literal : literal.slice(0, glob);
    // A pattern naming a folder (`dist/`) keeps the folder; one naming a file keeps its parent.
    return glob === -1 && !pattern.endsWith('/') ? fixed.slice(0, -1) : fixed;
  });
  const first = folders[0] ?? [];
  let length = 0;
  while (length < first.length && folders.every((parts) => parts[length] === first[length])) length += 1;
  return length === 0 ? '.' : path.posix.join(...first.slice(0, length));
}

/** localci's `{{ hashFiles("a", "b") }}` → GitHub's `${{ hashFiles('a', 'b') }}`. */
function cacheKey(key: string): string {
  return key.replace(/\{\{\s*hashFiles\(([^)]*)\)\s*\}\}/g, (_whole, args: string) => {
    const patterns = [...args.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) => `'${JSON.parse(`"${match[1]}"`).replace(/'/g, "''")}'`);
    return `\${{ hashFiles(${patterns.join(', ')}) }}`;
  });
}

/** GitHub job ids (`[A-Za-z_][A-Za-z0-9_-]*`), unique; a job keeps its name in `name:` when its id differs. */
function jobIds(names: string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of names) {
    const slug = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').replace(/^(?=[0-9-])/, '_') || 'job';
    let id = slug;
    for (let n = 2; taken.has(id.toLowerCase()); n += 1) id = `${slug}-${n}`;
    taken.add(id.toLowerCase());
    ids.set(name, id);
  }
  return ids;
}
