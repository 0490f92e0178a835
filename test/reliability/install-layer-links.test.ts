/**
 * Links out of the workspace in an install layer. A package manager links a dependency that
 * lives outside the project (npm's `file:` folder): the install must still pass, the layer
 * must not keep a link that points out of /workspace (its host folder is read by every later
 * run), and the user hears which links were left out. Links inside the layer stay links.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { createBusyboxProject } from '../helpers/busybox-project.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { statePath } from '../helpers/local-state.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { jobLines } from '../e2e/sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const INSTALL = [
  'mkdir -p deps/pkg deps/.bin',
  'echo dep > deps/pkg/index.js',
  'ln -s ../pkg/index.js deps/.bin/tool',
  'ln -s /etc/passwd deps/absolute',
  'ln -s ../../tmp/linked-folder deps/linked',
  'ln -s ../../../../home deps/.bin/climbing',
].join(' && ');

/** Every link below a folder, relative, as `path -> target`. */
function linksBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isSymbolicLink())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('an install layer with links that point out of the workspace', () => {
  it('leaves those links out with a warning naming them, keeps the others, and the jobs run on it', async () => {
    const repo = await createBusyboxProject(
      { check: { steps: ['cat deps/.bin/tool', 'ls -a deps deps/.bin | tr "\\n" " "'] } },
      { files: { 'deps.lock': 'v1\n', '.gitignore': 'deps/\n' }, config: { install: { steps: [INSTALL], inputs: ['deps.lock'], paths: ['deps/'] } } },
    );
    const cold = await runCli(['run'], { cwd: repo, env: { CI: 'true' } });
    expect(cold.exitCode, cold.all).toBe(0);
    expect(cold.all).toMatch(/^warning .*job "install": left out 3 links pointing out of \/workspace, not kept in its layer: /m);
    for (const link of ['deps/absolute -> /etc/passwd', 'deps/linked -> ../../tmp/linked-folder', 'deps/.bin/climbing -> ../../../../home']) expect(cold.all).toContain(link);
    expect(cold.all).toContain('(such as a `file:` folder)');
    const seen = jobLines(cold.stdout, 'check').filter((line) => !/^[▶$✓✗]/u.test(line));
    expect(seen[0]).toBe('dep');
    expect(seen[1]).toContain('tool');
    expect(seen[1]).not.toMatch(/absolute|linked|climbing/);

    // The kept layer on the host: only the inside link.
    const layers = readdirSync(statePath(repo, 'layers'));
    expect(layers).toHaveLength(1);
    expect(linksBelow(statePath(repo, 'layers', layers[0]!, 'tree'))).toEqual(['deps/.bin/tool']);

    // The next run uses the layer as it is: no install, same view.
    const again = await runCli(['run', '--no-cache', 'check'], { cwd: repo, env: { CI: 'true' } });
    expect(again.exitCode, again.all).toBe(0);
    expect(again.stdout).not.toMatch(/^\[install\]\s+▶ started/m);
    expect(jobLines(again.stdout, 'check')).toContain('dep');
  });
});
