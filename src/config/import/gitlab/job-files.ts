/** `artifacts` and `cache` of a GitLab job as localci artifacts and dependency caches. */
import type { ArtifactsConfig, DependencyCacheConfig, ReportsConfig } from '../../types.js';
import { isMapping } from './deep-merge.js';
import { warn, warnUnknownKeys, type JobContext } from './job-context.js';
import { expandText } from './variables.js';

const ARTIFACTS_WHEN: Record<string, ArtifactsConfig['when']> = { on_success: 'on-success', on_failure: 'on-failure', always: 'always' };

export function jobArtifacts(value: unknown, context: JobContext): ArtifactsConfig | undefined {
  if (!isMapping(value)) return undefined;
  warnUnknownKeys(context, value, ['artifacts'], ['paths', 'exclude', 'when', 'reports'], 'ignored: artifacts are kept with the run in localci');
  if (isMapping(value.reports)) warnUnknownKeys(context, value.reports, ['artifacts', 'reports'], ['dotenv', 'junit', 'coverage_report'], 'ignored: localci reads JUnit and coverage reports only');
  // A dotenv report is an artifact too: it reaches the later jobs that read it (dotenv.ts).
  const paths = [...strings(value.paths), ...dotenvReports(value)].map((text) => expandText(text, context.variables));
  if (paths.length === 0) return undefined;
  const exclude = strings(value.exclude).map((text) => expandText(text, context.variables));
  const when = typeof value.when === 'string' ? ARTIFACTS_WHEN[value.when] : undefined;
  if (typeof value.when === 'string' && when === undefined) warn(context, ['artifacts', 'when'], `ignored: unknown value \`${value.when}\`; kept after a pass`);
  return { paths, ...(exclude.length > 0 ? { exclude } : {}), ...(when && when !== 'on-success' ? { when } : {}) };
}

/** `artifacts: reports: junit / coverage_report` as the test results and coverage localci reads from the job. */
export function jobReports(artifacts: unknown, context: JobContext): ReportsConfig | undefined {
  if (!isMapping(artifacts) || !isMapping(artifacts.reports)) return undefined;
  const { junit, coverage_report: coverage } = artifacts.reports;
  const reports: ReportsConfig = {};
  const files = strings(junit).map((text) => expandText(text, context.variables));
  if (files.length > 0) reports.junit = files;
  if (isMapping(coverage) && typeof coverage.path === 'string') {
    if (coverage.coverage_format !== undefined && coverage.coverage_format !== 'cobertura') {
      warn(context, ['artifacts', 'reports', 'coverage_report', 'coverage_format'], `ignored: ${String(coverage.coverage_format)} coverage is not read (Cobertura, lcov and istanbul are)`);
    } else reports.coverage = expandText(coverage.path, context.variables);
  }
  return Object.keys(reports).length > 0 ? reports : undefined;
}

/** The files of `artifacts: reports: dotenv:`, as written. */
export function dotenvReports(artifacts: unknown): string[] {
  return isMapping(artifacts) && isMapping(artifacts.reports) ? strings(artifacts.reports.dotenv) : [];
}

export function jobCaches(value: unknown, context: JobContext): DependencyCacheConfig[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  const caches = list.flatMap((entry, index): DependencyCacheConfig[] => {
    const at = Array.isArray(value) ? ['cache', index] : ['cache'];
    if (!isMapping(entry)) return [];
    warnUnknownKeys(context, entry, at, ['key', 'paths', 'policy'], 'ignored');
    if (entry.policy === 'pull' || entry.policy === 'push') warn(context, [...at, 'policy'], 'approximated: the cache is read and written (pull-push)');
    const paths = strings(entry.paths).map((text) => expandText(text, context.variables));
    if (paths.length === 0) return [];
    return [{ key: cacheKey(entry.key, [...at, 'key'], context), paths }];
  });
  return caches.length > 0 ? caches : undefined;
}

/** A key, `{ files, prefix }` (a hash of the files' content) or nothing (`default`, as in GitLab). */
function cacheKey(key: unknown, at: Array<string | number>, context: JobContext): string {
  if (isMapping(key)) {
    warnUnknownKeys(context, key, at, ['files', 'prefix'], 'ignored');
    const files = strings(key.files).map((file) => JSON.stringify(file)).join(', ');
    const prefix = key.prefix === undefined ? '' : `${expandText(String(key.prefix), context.variables)}-`;
    return files === '' ? `${prefix}default` : `${prefix}{{ hashFiles(${files}) }}`;
  }
  const text = key === undefined || key === null ? '' : expandText(String(key), context.variables).trim();
  return text === '' ? 'default' : text;
}

function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String).filter((text) => text.trim() !== '');
}
