/**
 * A workflow shaped like the ones real JavaScript projects have, through the built CLI on
 * real Docker: setup-node pinned by commit SHA with a Node version matrix across an OS
 * matrix (the macOS legs are listed as not runnable), its `cache: npm` install step run as
 * localci's install layer, pnpm through pnpm/action-setup, a codecov step skipped with a
 * warning, nick-fields/retry, `if:` guards on the repository owner from the `origin` remote,
 * and workflow commands (group header, mask in every sink, annotations, stop-commands).
 *
 * Only node:20 exists on this machine (no registry is reachable): the `22.x` leg's
 * `node:22` is pointed at the same local image through the image map (LOCALCI_IMAGES), so it
 * shows how a leg's image is chosen, not a second Node. pnpm comes from the npm registry
 * through corepack, with its signature check off (a registry mirror may serve metadata
 * without signatures).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo, git } from '../helpers/git-repo.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { jobLines } from './sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const SECRET = 'hunter22-made-in-job';

const WORKFLOW = `
name: CI
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    name: Node \${{ matrix.node-version }} on \${{ matrix.os }}
    runs-on: \${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest, macos-latest]
        node-version: [20, 22.x]
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - uses: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0
        with:
          node-version: \${{ matrix.node-version }}
          cache: npm
      - run: npm ci
      - run: npm test
      - uses: codecov/codecov-action@v5
  pnpm:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: pnpm/action-setup@v4
        with:
          version: 9.15.9
      - run: echo "pnpm $(pnpm --version)"
  report:
    if: github.repository_owner == 'acme' && github.event_name == 'push'
    runs-on: ubuntu-latest
    steps:
      - uses: nick-fields/retry@v3
        with:
          max_attempts: 2
          retry_wait_seconds: 0
          timeout_minutes: 5
          command: test -f /tmp/tried || { touch /tmp/tried; echo first try fails; exit 1; }
      - run: |
          echo "::group::Details"
          echo inside the group
          echo "::endgroup::"
          v="hunter22-made-$(echo in)-job"
          echo "::add-mask::$v"
          echo "value is $v"
          echo "::error file=src/index.js,line=3,col=5,title=Lint::no semicolon near $v"
          echo "::add-matcher::.github/eslint.json"
          echo "::stop-commands::pause-1"
          echo "::warning::read as plain text"
          echo "::pause-1::"
          echo "::notice::built \${{ github.repository }} at \${{ github.ref_name }}"
  fork-only:
    if: github.repository_owner != 'acme'
    runs-on: ubuntu-latest
    steps:
      - run: echo never here
`;

/** A dependency from a tarball in the repository, so `npm ci` installs offline. */
async function vendoredLibrary(): Promise<string> {
  const source = makeTempDir('lib');
  await execa('sh', ['-c', 'printf \'{"name":"greeter","version":"1.0.0","main":"index.js"}\' > package.json && echo "module.exports = () => \\"hello from node_modules\\";" > index.js'], { cwd: source });
  const { stdout } = await execa('npm', ['pack', '--silent', '--pack-destination', source], { cwd: source });
  return readFileSync(path.join(source, stdout.trim()), 'latin1');
}

async function project(): Promise<string> {
  const pkg = { name: 'widget', version: '1.0.0', private: true, scripts: { test: 'node -e "console.log(require(\'greeter\')(), process.version)"' }, dependencies: { greeter: 'file:vendor/greeter-1.0.0.tgz' } };
  const repo = await createGitRepo({ '.github/workflows/ci.yml': WORKFLOW, 'package.json': JSON.stringify(pkg, null, 2), '.gitignore': 'node_modules/\n' });
  const tarball = await vendoredLibrary();
  const vendor = path.join(repo, 'vendor');
  await execa('mkdir', ['-p', vendor]);
  await execa('sh', ['-c', 'cat > vendor/greeter-1.0.0.tgz'], { cwd: repo, input: Buffer.from(tarball, 'latin1') });
  await execa('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund', '--offline'], { cwd: repo });
  await git(repo, 'remote', 'add', 'origin', 'https://github.com/acme/widget.git');
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-qm', 'widget');
  return repo;
}

/** Every file under `dir`, for checking that no sink kept a masked value. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

const ENV = { LOCALCI_IMAGES: 'node:22=node:20', COREPACK_INTEGRITY_KEYS: '0' };

describe('a real-world-shaped GitHub workflow', () => {
  it('plans every leg, runs the Linux ones with the install layer, pnpm and workflow commands', async () => {
    const repo = await project();
    const listed = await runCli(['list'], { cwd: repo, env: ENV });
    expect(listed.exitCode, listed.all).toBe(0);
    expect(listed.stdout).toMatch(/Node 20 on ubuntu-latest\s+node:20\s/);
    expect(listed.stdout).toMatch(/Node 22\.x on ubuntu-latest\s+node:20 \(node:22\)|Node 22\.x on ubuntu-latest\s+\S*node:20/);
    expect(listed.stdout).toMatch(/NOT RUNNABLE LOCALLY\nNode 20 on macos-latest\s+runs on macos-latest, which has no container image/);
    expect(listed.stdout).not.toContain('fork-only');
    expect(listed.stderr.split('\n').filter((line) => line.includes('codecov'))).toHaveLength(1);
    expect(listed.stderr).toMatch(/jobs\.test\.steps\[2\]: approximated: `npm ci` runs in localci's install layer/);

    const report = path.join(repo, 'report.html');
    const result = await runCli(['run', '--report', report, '--env', 'COREPACK_INTEGRITY_KEYS=0'], { cwd: repo, env: ENV, timeoutMs: 240_000 });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toMatch(/^\[install\]\s+▶ started/m);
    for (const leg of ['Node 20 on ubuntu-latest', 'Node 22.x on ubuntu-latest']) expect(jobLines(result.stdout, leg).join('\n')).toMatch(/hello from node_modules v20\./);
    expect(jobLines(result.stdout, 'pnpm').join('\n')).toContain('pnpm 9.15.9');
    const lines = jobLines(result.stdout, 'report');
    expect(lines).toContain('retry: attempt 2 of 2 in 0s');
    expect(lines).toContain('▸ Details');
    expect(lines.filter((line) => !line.startsWith('$ ')).join('\n')).not.toMatch(/::(end)?group::/);
    expect(lines).toContain('value is ••••');
    expect(lines).toContain('::warning::read as plain text');
    expect(result.stdout).not.toContain('add-matcher');
    expect(result.stdout).toMatch(/Annotations\n\s+error\s+report: src\/index\.js:3:5: Lint: no semicolon near ••••\n\s+notice\s+report: built acme\/widget at main/);
    expect(result.all).not.toContain(SECRET);

    const shown = await runCli(['show', '--json'], { cwd: repo });
    expect(shown.stdout).toContain('no semicolon near ••••');
    // Logs, the run record, its event journal, the result cache: everything localci keeps for the project.
    expect(JSON.parse(shown.stdout).dir).toContain(path.join(repo, '.git', 'localci'));
    for (const file of [...filesUnder(path.join(repo, '.git', 'localci')), report]) expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET);
    expect(readFileSync(report, 'utf8')).toMatch(/<details class="fold"><summary>Details<\/summary><pre class="log">[^<]*inside the group/);
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
  }, 300_000);
});
