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
  // Vitest ignores a named `teardown` export when there is a default export; return it instead.
  return async () => {
    // An install still going when the files are done is let finish: a killed dpkg leaves a mess.
    await packages;
    await teardown();
  };
}

export async function teardown(): Promise<void> {
  // Nothing: images, caches and dockerd stay for the next run (each test cleans up its own).
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
