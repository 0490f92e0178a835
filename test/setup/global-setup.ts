/**
 * Global setup of the e2e project: runs once per vitest run, before any e2e file.
 * Makes sure a Docker engine answers (installing and starting it on a fresh machine) and the
 * fixture images exist, then checks the CLI has been built, and starts installing the Debian
 * packages some files need, in the background. dockerd is left running afterwards: starting it
 * again costs seconds and other tools on the machine may use it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { BUILT_CLI, REPO_ROOT } from '../helpers/repo-root.js';
import { installTestPackagesInBackground } from './test-packages.js';

const SETUP_DIR = path.join(REPO_ROOT, 'test', 'setup');

export default async function setup(): Promise<() => Promise<void>> {
  if (!existsSync(BUILT_CLI)) {
    throw new Error(`e2e tests drive the built CLI, and ${path.relative(REPO_ROOT, BUILT_CLI)} is missing: run npm run build first`);
  }
  await runScript('ensure-docker.sh', 'Docker is not usable, so the e2e tests cannot run');
  await runScript('fixture-images.sh', 'Could not build the fixture images the e2e tests run in');
  // After the images: their set-up may need apt too, and the files need the images first.
  const packages = installTestPackagesInBackground();
  const startedAt = Date.now();
  // Vitest ignores a named `teardown` export when there is a default export; return it instead.
  return async () => {
    // An install still going when the files are done is let finish: a killed dpkg leaves a mess.
    await packages;
    await teardown(startedAt);
  };
}

/**
 * Images and dockerd stay for the next run. The dependency-cache volumes the tests' projects made
 * go: each belongs to a temporary project no later run will see again. Only volumes made since
 * this run started are touched (a developer's own caches on the same engine stay), and only those
 * no container uses (docker refuses the others).
 */
export async function teardown(startedAt: number): Promise<void> {
  const listed = await execa('docker', ['volume', 'ls', '--quiet', '--filter', 'label=localci.cache'], { reject: false });
  const names = listed.stdout.split('\n').filter((name) => name !== '');
  if (names.length === 0) return;
  const inspected = await execa('docker', ['volume', 'inspect', '--format', '{{.Name}} {{.CreatedAt}}', ...names], { reject: false });
  const made = inspected.stdout
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([name, created]) => name && created && Date.parse(created) >= startedAt - 1000)
    .map(([name]) => name!);
  if (made.length > 0) await execa('docker', ['volume', 'rm', ...made], { reject: false });
}

async function runScript(name: string, failure: string): Promise<void> {
  // Progress and errors go straight to the terminal; nothing is read from the script.
  // The node running the tests comes first on PATH: it is the one copied into the node image.
  const result = await execa('bash', [path.join(SETUP_DIR, name)], {
    env: { PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` },
    stdin: 'ignore',
    stdout: 'inherit',
    stderr: 'inherit',
    reject: false,
  });
  if (result.exitCode !== 0) {
    throw new Error(`${failure}: test/setup/${name} exited with ${result.exitCode ?? result.signal} (its output is above).`);
  }
}
