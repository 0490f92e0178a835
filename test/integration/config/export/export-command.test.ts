/**
 * `ci export` through the built CLI on real folders: where it writes, `--check` for the
 * pre-push hook, links it refuses, and a GitHub workflow read, exported and read again.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../helpers/cli.js';
import { makeTempDir } from '../../../helpers/tmp-dir.js';
import { tempProject } from '../../../unit/config/temp-project.js';

const SLOW = { timeout: 60_000 };
const CONFIG = `export default {
  image: 'alpine:3.20',
  jobs: {
    build: { steps: ['mkdir -p dist && echo hi > dist/a.txt'], artifacts: ['dist/'] },
    test: { needs: ['build'], steps: ['cat dist/a.txt'], secrets: ['TOKEN'] },
  },
};
`;

describe('ci export', SLOW, () => {
  it('writes the workflow, then --check passes until the config changes', async () => {
    const root = tempProject({ 'ci.config.ts': CONFIG });
    const written = await runCli(['export', 'github'], { cwd: root });
    expect(written.exitCode, written.all).toBe(0);
    expect(written.stdout).toContain('wrote .github/workflows/localci.yml');
    const text = readFileSync(path.join(root, '.github/workflows/localci.yml'), 'utf8');
    expect(text).toContain('TOKEN: ${{ secrets.TOKEN }}');
    expect(text).toMatch(/download-artifact@v4\n\s+with:\n\s+name: build\n\s+path: dist/);
    expect((await runCli(['export', 'github', '--check'], { cwd: root })).exitCode).toBe(0);
    writeFileSync(path.join(root, 'ci.config.ts'), CONFIG.replace('cat dist/a.txt', 'cat dist/a.txt && true'));
    const stale = await runCli(['export', 'github', '--check'], { cwd: root });
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toMatch(/localci\.yml is out of date with ci\.config\.ts/);
    expect(readFileSync(path.join(root, '.github/workflows/localci.yml'), 'utf8')).toBe(text);
    const missing = await runCli(['export', 'gitlab', '--check'], { cwd: root });
    expect([missing.exitCode, missing.stderr]).toEqual([1, expect.stringMatching(/\.gitlab-ci\.yml does not exist/)]);
  });

  it('prints with --output -, refuses unknown formats and folders that are links', async () => {
    const root = tempProject({ 'ci.config.ts': CONFIG });
    const printed = await runCli(['export', 'gitlab', '--output', '-'], { cwd: root });
    expect(printed.exitCode).toBe(0);
    expect(printed.stdout).toMatch(/^test:\n(.*\n)*\s+needs:\n\s+- build/m);
    expect(printed.stderr).toMatch(/secrets TOKEN: set them as masked CI\/CD variables/);
    const unknown = await runCli(['export', 'jenkins'], { cwd: root });
    expect([unknown.exitCode, unknown.stderr]).toEqual([2, expect.stringMatching(/unknown format/)]);
    const outside = makeTempDir('export-target');
    symlinkSync(outside, path.join(root, '.github'));
    const linked = await runCli(['export', 'github'], { cwd: root });
    expect([linked.exitCode, linked.stderr]).toEqual([2, expect.stringMatching(/\.github is a link; not writing/)]);
    mkdirSync(path.join(root, 'ci'));
    symlinkSync(path.join(outside, 'target.yml'), path.join(root, 'ci', 'gitlab.yml'));
    expect((await runCli(['export', 'gitlab', '--output', 'ci/gitlab.yml'], { cwd: root })).exitCode).toBe(0);
    expect(() => readFileSync(path.join(outside, 'target.yml'))).toThrow();
  });

  it('a workflow read, exported and read again plans the same jobs', async () => {
    const root = tempProject({
      '.github/workflows/ci.yml': `on: push
jobs:
  build:
    name: Build it
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: mkdir -p out && echo hi > out/a.txt
      - uses: actions/upload-artifact@v4
        if: always()
        with: { name: out, path: "out/\\n!out/*.map" }
  test:
    needs: build
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node: [20, 22]
    container: node:\${{ matrix.node }}
    env: { TOKEN: "\${{ secrets.TOKEN }}" }
    steps:
      - uses: actions/download-artifact@v4
        with: { name: out }
      - run: cat out/a.txt
  ship:
    if: github.event_name == 'workflow_dispatch'
    needs: test
    environment: production
    runs-on: ubuntu-latest
    steps:
      - run: echo ship
`,
    });
    const plan = async (cwd: string) => {
      const listed = await runCli(['list', '--json'], { cwd });
      expect(listed.exitCode, listed.all).toBe(0);
      return (JSON.parse(listed.stdout) as { jobs: Array<Record<string, unknown>> }).jobs;
    };
    const before = await plan(root);
    expect(before.map((job) => [job.name, job.needs])).toEqual([
      ['Build it', []],
      ['test (20)', ['Build it']],
      ['test (22)', ['Build it']],
      ['ship', ['test (20)', 'test (22)']],
    ]);
    expect(before.find((job) => job.name === 'ship')!.notes).toEqual(expect.arrayContaining([expect.stringMatching(/deploys to production/), 'manual']));
    const exported = await runCli(['export', 'github', '--output', '-'], { cwd: root });
    expect(exported.exitCode, exported.all).toBe(0);
    const again = tempProject({ '.github/workflows/ci.yml': exported.stdout });
    expect(await plan(again)).toEqual(before);
    const config = async (cwd: string) => JSON.parse((await runCli(['config'], { cwd })).stdout) as { jobs: Array<Record<string, unknown>> };
    // Each job receives the same artifacts: ship's download names the one upstream job that has any.
    const receives = (job: Record<string, unknown>) => job.artifactsFrom ?? (job.name === 'ship' ? ['Build it'] : undefined);
    const pick = (job: Record<string, unknown>) => {
      const { name, artifacts, artifactsExclude, artifactsWhen, secrets, environment, when } = job;
      return { name, artifacts, artifactsExclude, artifactsWhen, receives: receives(job), secrets, environment, when };
    };
    const [first, second] = [await config(root), await config(again)];
    expect(second.jobs.map(pick)).toEqual(first.jobs.map(pick));
    expect(first.jobs[0]).toMatchObject({ artifacts: ['out/'], artifactsExclude: ['out/*.map'], artifactsWhen: 'always' });
    expect(first.jobs[1]).toMatchObject({ artifactsFrom: ['Build it'], secrets: ['TOKEN'] });
  });
});
