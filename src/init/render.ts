/**
 * Turns a Detection into the text of a commented `ci.config.ts`, from the
 * templates in `templates/` with plain `{{NAME}}` placeholders.
 */
import { readFile } from 'node:fs/promises';
import type { DependencyCacheConfig, InstallConfig } from '../config/types.js';
import type { Detection, InitEnvironment, InitJob } from './detect.js';
import { packageFile } from '../util/package-root.js';

const TEMPLATES = packageFile('templates/');

/** Replaces every `{{NAME}}`; a placeholder without a value is a bug in the template. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template placeholder ${whole} has no value`);
    return value;
  });
}

export async function renderConfig(detection: Detection): Promise<string> {
  const template = await readFile(new URL(`ci.config.${detection.kind}.ts.tmpl`, TEMPLATES), 'utf8');
  const environments = detection.environment ? renderEnvironment(await readFile(new URL('ci.environments.ts.tmpl', TEMPLATES), 'utf8'), detection.environment) : '';
  return fillTemplate(template, {
    DETECTED: detection.findings.join('; '),
    IMAGE: escape(detection.image),
    ENV: renderEnv(detection.env),
    INSTALL: renderInstall(detection.install),
    JOBS: detection.jobs.map(renderJob).join('\n'),
    ENVIRONMENTS: environments,
  });
}

function renderEnvironment(template: string, environment: InitEnvironment): string {
  return fillTemplate(template, {
    ENV: key(environment.name),
    DOCKERFILE: escape(environment.dockerfile),
    PORTS: environment.ports.join(', ') + (environment.portGuessed ? ' /* no EXPOSE in the Dockerfile: set the port the app listens on */' : ''),
    SMOKE: `'${escape(environment.smoke)}'`,
  });
}

function renderJob(job: InitJob): string {
  const lines = [`    ${key(job.name)}: {`];
  if (job.needs && job.needs.length > 0) lines.push(`      needs: ${list(job.needs)},`);
  lines.push(`      steps: ${list(job.steps)},`);
  if (job.cache && job.cache.length > 0) {
    lines.push('      // Kept on a volume between runs.');
    lines.push(`      cache: ${renderCaches(job.cache)},`);
  }
  if (job.artifacts && job.artifacts.length > 0) {
    lines.push('      // Copied out after the job passes and into the jobs that need it.');
    lines.push(`      artifacts: ${list(job.artifacts)},`);
  }
  lines.push('    },');
  return lines.join('\n');
}

function renderInstall(install: InstallConfig | undefined): string {
  if (install === undefined) return '';
  const steps = install.steps.map((step) => (typeof step === 'string' ? step : step.run));
  const lines = [
    '  // Installed once per image and lock file; the paths become a read-only layer under every job.',
    '  // An unchanged lock file: no install at all. The download cache stays on a volume.',
    '  install: {',
    `    steps: ${list(steps)},`,
    `    inputs: ${list(install.inputs)},`,
    `    paths: ${list(install.paths)},`,
  ];
  if (install.cache && install.cache.length > 0) lines.push(`    cache: ${renderCaches(install.cache)},`);
  lines.push('  },');
  return lines.join('\n') + '\n';
}

function renderCaches(caches: readonly DependencyCacheConfig[]): string {
  return `[${caches.map((cache) => `{ key: '${escape(cache.key)}', paths: ${list(cache.paths)} }`).join(', ')}]`;
}

function renderEnv(env: Record<string, string> | undefined): string {
  if (env === undefined || Object.keys(env).length === 0) return "  // Variables for every job, such as `env: { NODE_ENV: 'test' }`.\n";
  return `  env: { ${Object.entries(env).map(([name, value]) => `${key(name)}: '${escape(value)}'`).join(', ')} },\n`;
}

function list(values: readonly string[]): string {
  return `[${values.map((value) => `'${escape(value)}'`).join(', ')}]`;
}

function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${escape(name)}'`;
}

/** The inside of a single-quoted TS string. */
function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
