/**
 * A Python project with zero config, offline: its requirements are local wheels (no package index
 * is reachable here; the "pytest" one is a stand-in that runs test_ functions), in a Debian
 * python image built on this machine. The install makes the virtualenv once into a layer (with
 * --copies: a layer keeps no link into the image), the test job runs from that layer, and after
 * a one-line edit nothing is installed again.
 */
import { writeFileSync, mkdirSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo, git } from '../helpers/git-repo.js';
import { REPO_ROOT } from '../helpers/repo-root.js';
import { cleanupTempDirs } from '../helpers/tmp-dir.js';
import { wheel } from '../helpers/wheel.js';

const PYTHON_IMAGE = 'localci-test/python:3';

const PYTEST_STAND_IN = `import importlib.util, pathlib, sys, traceback
sys.path.insert(0, ".")
passed = failed = 0
for file in sorted(pathlib.Path(".").glob("test_*.py")):
    spec = importlib.util.spec_from_file_location(file.stem, file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in sorted(dir(module)):
        if name.startswith("test_"):
            try:
                getattr(module, name)()
                passed += 1
            except Exception:
                traceback.print_exc()
                failed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
`;

beforeAll(async () => {
  await execa('bash', [path.join(REPO_ROOT, 'test', 'setup', 'python-image.sh')], { stdout: 'inherit', stderr: 'inherit' });
}, 600_000);

afterAll(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

describe('Python install layer (zero config)', () => {
  it('installs the virtualenv once into a layer the test job runs from; a one-line edit installs nothing', async () => {
    const repo = await createGitRepo({
      'requirements.txt': './wheels/greet-1.0-py3-none-any.whl\n./wheels/pytest-0.0.0-py3-none-any.whl\n',
      'test_greet.py': 'from greet import greet\n\ndef test_greet():\n    assert greet() == "hello from a local wheel"\n',
      '.gitignore': '.venv/\n',
    });
    mkdirSync(path.join(repo, 'wheels'));
    writeFileSync(path.join(repo, 'wheels', 'greet-1.0-py3-none-any.whl'), wheel('greet', '1.0', { 'greet/__init__.py': 'def greet():\n    return "hello from a local wheel"\n' }));
    writeFileSync(path.join(repo, 'wheels', 'pytest-0.0.0-py3-none-any.whl'), wheel('pytest', '0.0.0', { 'pytest/__init__.py': '', 'pytest/__main__.py': PYTEST_STAND_IN }));
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '-qm', 'python project');

    const first = await runCli(['run', '--image', PYTHON_IMAGE], { cwd: repo });
    expect(first.exitCode, first.all).toBe(0);
    expect(first.stdout).toContain('Successfully installed greet-1.0 pytest-0.0.0');
    expect(first.stdout).toMatch(/install layer [0-9a-f]{12} kept/);
    expect(first.stdout).toMatch(/\[test\]\s+1 passed, 0 failed/);

    appendFileSync(path.join(repo, 'test_greet.py'), '\ndef test_edited():\n    assert greet().startswith("hello")\n');
    const edited = await runCli(['run', '--image', PYTHON_IMAGE], { cwd: repo });
    expect(edited.exitCode, edited.all).toBe(0);
    expect(edited.stdout).not.toContain('Successfully installed');
    expect(edited.stdout).toMatch(/\[test\]\s+2 passed, 0 failed/);
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
