/**
 * Round trip: `ci export github|gitlab` of the example config and of the `ci init` templates,
 * read back by the importers, gives the same jobs: names, images, needs, env, secrets,
 * services, caches, artifacts, time limits, `when`, allowed failures and the commands each
 * job runs in order. What a CI file cannot say is a warning of the export, not a silent change.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportGithub } from '../../../../src/config/export/github-workflow.js';
import { exportGitlab } from '../../../../src/config/export/gitlab-ci.js';
import { artifactSources, imageReference, jobCaches, jobSteps } from '../../../../src/config/export/exported-job.js';
import { loadPipeline } from '../../../../src/config/load.js';
import { detectProject } from '../../../../src/init/detect.js';
import { renderConfig } from '../../../../src/init/render.js';
import type { Job, Pipeline } from '../../../../src/model/pipeline.js';
import { REPO_ROOT } from '../../../helpers/repo-root.js';
import { tempProject } from '../../../unit/config/temp-project.js';

const SLOW = { timeout: 60_000 };
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** What both sides must agree on; `commands` are checked separately (importers wrap them). */
function view(pipeline: Pipeline, job: Job, caches = job.cache) {
  return {
    name: job.name,
    image: imageReference(job.image) ?? 'built',
    needs: [...job.needs].sort(),
    services: job.services.map((service) => ({ name: service.name, image: imageReference(service.image) })),
    artifacts: job.artifacts,
    artifactsExclude: job.artifactsExclude ?? [],
    artifactsWhen: job.artifactsWhen ?? 'on-success',
    receives: artifactSources(pipeline, job).map((from) => from.name).sort(),
    cache: caches,
    timeoutMs: job.timeoutMs,
    allowFailure: job.allowFailure,
    when: job.when,
    environment: job.environment,
  };
}

async function roundTrip(pipeline: Pipeline, format: 'github' | 'gitlab'): Promise<{ back: Pipeline; warnings: string[]; text: string }> {
  const exported = (format === 'github' ? exportGithub : exportGitlab)(pipeline, 'ci.config.ts');
  const file = format === 'github' ? '.github/workflows/localci.yml' : '.gitlab-ci.yml';
  const root = tempProject({ [file]: exported.text });
  return { back: (await loadPipeline({ cwd: root, env: {} })).pipeline, warnings: exported.warnings, text: exported.text };
}

function expectSameJobs(original: Pipeline, back: Pipeline, format: 'github' | 'gitlab'): void {
  const built = new Set(original.jobs.filter((job) => job.image.kind === 'build').map((job) => job.name));
  // GitLab names the instances of a `parallel: matrix` job by their values alone: `unit: [18]`.
  const named = (name: string) => (format === 'gitlab' ? gitlabName(original, name) : name);
  const mine = original.jobs.map((job) => {
    const seen = { ...view(original, job, jobCaches(original, job)), ...(built.has(job.name) ? { image: 'built' } : {}) };
    return { ...seen, name: named(job.name), needs: seen.needs.map(named).sort(), receives: seen.receives.map(named).sort() };
  });
  const theirs = back.jobs.map((job) => ({ ...view(back, job), ...(built.has(job.name) ? { image: 'built' } : {}) }));
  if (format === 'gitlab') {
    // GitLab services have no ports or health command; the job variables reach them too.
    for (const job of [...mine, ...theirs]) job.environment = undefined;
  }
  expect(theirs).toEqual(mine);
  for (const job of original.jobs) {
    const twin = back.jobs.find((candidate) => candidate.name === named(job.name))!;
    // Every variable and secret arrives (importers add the CI's own variables).
    expect(twin.env).toMatchObject(job.env);
    if (format === 'github') expect(twin.secrets).toEqual(job.secrets);
    if (format === 'gitlab') expect(twin.retry.max).toBe(Math.min(job.retry.max, 2));
    const services = Object.fromEntries(twin.services.map((service) => [service.name, service]));
    for (const service of job.services) {
      expect(services[service.name]!.env).toMatchObject(service.env);
      if (format === 'github') expect([services[service.name]!.ports, services[service.name]!.healthcheck]).toEqual([service.ports, service.healthcheck]);
    }
    expectCommands(jobSteps(original, job), twin, format);
  }
}

function gitlabName(pipeline: Pipeline, name: string): string {
  const job = pipeline.jobs.find((candidate) => candidate.name === name);
  return job?.matrix === undefined ? name : `${job.baseName}: [${Object.values(job.matrix).join(', ')}]`;
}

/** The commands run in order: GitHub keeps one step each (name, when, limit); GitLab joins them into its script. */
function expectCommands(steps: Job['steps'], twin: Job, format: 'github' | 'gitlab'): void {
  if (format === 'github') {
    const own = twin.steps.filter((step) => step.name !== 'job outputs');
    expect(own.map((step) => [step.name, step.when, step.timeoutMs])).toEqual(steps.map((step) => [step.name, step.when, step.timeoutMs]));
    steps.forEach((step, index) => {
      expect(own[index]!.run).toContain(`printf '%s' ${quote(step.run)}`);
      expect(own[index]!.run.includes('continue-on-error')).toBe(step.allowFailure === true);
    });
    return;
  }
  const text = twin.steps.map((step) => step.run).join('\n');
  let from = 0;
  for (const step of steps) {
    const at = text.indexOf(`\n${step.run}`, from);
    expect(at, `${twin.name}: ${step.run}`).toBeGreaterThanOrEqual(from);
    from = at + step.run.length;
  }
}

describe('ci export round trip', SLOW, () => {
  it.each(['github', 'gitlab'] as const)('the example config → %s → the same jobs, warning about what the file cannot say', async (format) => {
    const root = tempProject({ 'ci.config.ts': readFileSync(path.join(REPO_ROOT, 'ci.config.example.ts'), 'utf8') });
    const original = (await loadPipeline({ cwd: root, env: {} })).pipeline;
    const { back, warnings, text } = await roundTrip(original, format);
    expectSameJobs(original, back, format);
    // The matrix job is one job with a matrix, as a person would write it, not one job per leg.
    if (format === 'gitlab') expect(text).toContain('  parallel:\n    matrix:\n      - node:\n          - "18"');
    if (format === 'github') expect(text).toContain("  unit:\n    name: unit (node=${{ matrix.node }})\n    strategy:\n      fail-fast: false\n      matrix:\n        node:\n          - \"18\"");
    expect(warnings.join('\n')).toMatch(/e2e image: the image is built from a Dockerfile/);
    if (format === 'github') expect(warnings.join('\n')).toMatch(/^unit: retry: GitHub Actions does not retry/m);
    else expect(warnings.join('\n')).toMatch(/secrets NPM_TOKEN: set them as masked CI\/CD variables/);
  });

  const projects: Record<string, Record<string, string>> = {
    node: { 'package.json': JSON.stringify({ name: 'app', scripts: { lint: 'eslint .', test: 'vitest run', build: 'tsc' } }), 'package-lock.json': '{}', Dockerfile: 'FROM node:20\nEXPOSE 3000\n' },
    python: { 'pyproject.toml': '[project]\nname = "app"\n', 'requirements.txt': 'pytest\n' },
    go: { 'go.mod': 'module example.com/app\n\ngo 1.22\n' },
    generic: { 'README.md': 'hello\n' },
  };
  it('covers every ci init template (a new template needs a project here)', () => {
    const kinds = readdirSync(path.join(REPO_ROOT, 'templates')).flatMap((name) => /^ci\.config\.(\w+)\.ts\.tmpl$/.exec(name)?.[1] ?? []);
    expect(Object.keys(projects).sort()).toEqual(kinds.sort());
  });
  for (const [kind, files] of Object.entries(projects)) {
    it.each(['github', 'gitlab'] as const)(`the ${kind} template of ci init → %s → the same jobs`, async (format) => {
      const root = tempProject(files);
      const detection = await detectProject(root);
      expect(detection.kind).toBe(kind);
      const written = tempProject({ ...files, 'ci.config.ts': await renderConfig(detection) });
      const original = (await loadPipeline({ cwd: written, env: {} })).pipeline;
      expect(original.jobs.length).toBeGreaterThan(0);
      const { back, warnings } = await roundTrip(original, format);
      expectSameJobs(original, back, format);
      expect(warnings).toEqual([]);
    });
  }
});
