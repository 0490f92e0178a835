/**
 * gitlab-ci-local, the tool localci is compared with: installed outside the
 * repository by setup-gitlab-ci-local.sh (never a dependency of localci), run on a
 * project's `.gitlab-ci.yml`, checked for having really run every job, and
 * followed by removal of anything it left in Docker.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { benchCacheDir } from './cache-dir.js';

const SETUP = path.join(path.dirname(fileURLToPath(import.meta.url)), 'setup-gitlab-ci-local.sh');

export const GCL_LABEL = 'gitlab-ci-local 4.60';

let entry: Promise<string> | undefined;

/** Installs gitlab-ci-local and its helper image on first use (a minute or two, once per machine). */
export function gitlabCiLocal(): Promise<string> {
  entry ??= execa('bash', [SETUP], { stderr: 'inherit', env: { LOCALCI_BENCH_CACHE_DIR: benchCacheDir() } }).then(({ stdout }) => stdout.trim().split('\n').at(-1)!);
  return entry;
}

export interface GclExpectation {
  jobs: readonly string[];
  /** Text every job's output must contain (what its steps print when they really ran). */
  output?: (job: string) => string;
}

/**
 * One whole-pipeline run of gitlab-ci-local in `project`; resolves with its wall time.
 * Pull policy if-not-present (its default, spelled out): the local busybox image and
 * helper image are used, never pulled. Its default clean-up of containers and volumes
 * at the end of the run stays on and is timed, as localci's is.
 */
export async function runGitlabCiLocal(project: string, expect: GclExpectation): Promise<number> {
  const script = await gitlabCiLocal();
  const before = await gclVolumes();
  try {
    const start = performance.now();
    // Run from the project folder: gitlab-ci-local refuses an absolute --cwd.
    const result = await execa(process.execPath, [script, '--no-color', '--pull-policy', 'if-not-present'], { cwd: project, reject: false });
    const wallMs = performance.now() - start;
    checkRan(result.exitCode, result.stdout, result.stderr, expect);
    return wallMs;
  } finally {
    await removeLeftovers(before);
  }
}

/** Exit 0 alone would also pass a pipeline that ran nothing; its per-job lines prove the work. */
function checkRan(exitCode: number | undefined, stdout: string, stderr: string, expect: GclExpectation): void {
  const missing = expect.jobs.filter((job) => {
    const lines = stdout.split('\n').filter((line) => line.startsWith(`${job} `));
    const passed = new RegExp(`PASS\\s+${escapeRegExp(job)}\\s*$`, 'm').test(stdout);
    return !passed || (expect.output !== undefined && !lines.some((line) => line.includes(expect.output!(job))));
  });
  if (exitCode !== 0 || missing.length > 0) {
    throw new Error(`gitlab-ci-local exited ${exitCode}; jobs without proof of running: ${missing.join(', ') || 'none'}\n${stderr.slice(-1500)}\n${stdout.slice(-2500)}`);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** gitlab-ci-local names its volumes `gcl-<job>-<id>-build|tmp`; its containers have no names or labels. */
async function gclVolumes(): Promise<Set<string>> {
  const { stdout } = await execa('docker', ['volume', 'ls', '-q', '--filter', 'name=^gcl-']);
  return new Set(stdout.split('\n').filter(Boolean));
}

/**
 * gitlab-ci-local removes its containers and volumes itself, except when a job or
 * the run breaks. Exactly its leftovers go: the `gcl-*` volumes that are new since
 * the run began, and the containers that mount them (every container it makes for a
 * job mounts the job's volumes), never anything else on the engine.
 */
async function removeLeftovers(before: ReadonlySet<string>): Promise<void> {
  const volumes = [...(await gclVolumes())].filter((name) => !before.has(name));
  if (volumes.length === 0) return;
  const users = await Promise.all(volumes.map((name) => execa('docker', ['ps', '-aq', '--filter', `volume=${name}`])));
  const containers = [...new Set(users.flatMap(({ stdout }) => stdout.split('\n').filter(Boolean)))];
  if (containers.length > 0) await execa('docker', ['rm', '-fv', ...containers], { reject: false });
  await execa('docker', ['volume', 'rm', '-f', ...volumes], { reject: false });
}
