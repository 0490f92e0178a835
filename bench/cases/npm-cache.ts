/**
 * `npm ci` inside a job, cold (empty dependency cache) against warm (the
 * `~/.npm` volume of an earlier run with the same lock file). Needs the npm
 * registry, reached the way the host reaches it.
 */
import { execa } from 'execa';
import { ciRun } from '../ci.js';
import { commitAll, makeProject } from '../project.js';
import { mustRun, timeRepeated } from '../measure.js';
import { compared, type BenchRow } from '../row.js';

const KEY = `bench-npm-${process.pid}`;

export async function npmCacheBench(cli: string, samples = 3): Promise<BenchRow[]> {
  const project = makeProject({
    'package.json': JSON.stringify({ name: 'bench-npm', version: '1.0.0', private: true, dependencies: { 'is-number': '7.0.0', semver: '7.6.3' } }),
    'ci.config.json': JSON.stringify({ image: 'node:20', jobs: { install: { cache: [{ key: `${KEY}-{{ hashFiles("package-lock.json") }}`, paths: ['~/.npm'] }], steps: ['npm ci --no-audit --no-fund'] } } }),
  });
  await mustRun('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], { cwd: project });
  commitAll(project, 'lock');
  const run = () => ciRun(cli, project, ['--no-cache']);
  try {
    const cold = await timeRepeated(samples, async () => {
      await dropVolumes();
      await run();
    }, 0);
    const warm = await timeRepeated(samples, run, 1);
    return [compared('`npm ci` in a job, warm `~/.npm` volume', warm.medianMs, { label: 'empty dependency cache', value: cold.medianMs }, samples)];
  } finally {
    await dropVolumes();
  }
}

async function dropVolumes(): Promise<void> {
  const { stdout } = await execa('docker', ['volume', 'ls', '-q', '--filter', 'label=localci.cache']);
  const ours = [];
  for (const name of stdout.split('\n').filter(Boolean)) {
    const { stdout: key } = await execa('docker', ['volume', 'inspect', '-f', '{{ index .Labels "localci.cache" }}', name]);
    if (key.startsWith(KEY)) ours.push(name);
  }
  if (ours.length > 0) await execa('docker', ['volume', 'rm', '-f', ...ours]);
}
