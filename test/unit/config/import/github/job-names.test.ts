/** Job names, deploy and manual jobs, and artifacts between jobs of an imported workflow. */
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../../../../src/config/load.js';
import { tempProject } from '../../temp-project.js';

const load = (text: string, env: Record<string, string> = {}) => loadPipeline({ cwd: tempProject({ '.github/workflows/ci.yml': text }), env });
const SLOW = { timeout: 30_000 };

describe('jobs as GitHub shows them', SLOW, () => {
  it('names jobs by `name:` (matrix legs add their values unless the name reads the matrix), else by id', async () => {
    const { pipeline } = await load(`on: push
jobs:
  build:
    name: Build
    runs-on: ubuntu-latest
    steps: [{ run: x }]
  test:
    name: Test
    needs: build
    strategy: { matrix: { node: [20, 22] } }
    runs-on: ubuntu-latest
    steps: [{ run: x }]
  lint:
    name: Lint on \${{ matrix.os }}
    strategy: { matrix: { os: [ubuntu-22.04] } }
    runs-on: \${{ matrix.os }}
    steps: [{ run: x }]
  twin:
    name: Build
    runs-on: ubuntu-latest
    steps: [{ run: x }]
`);
    expect(pipeline.jobs.map((job) => [job.name, job.needs])).toEqual([
      ['Build', []],
      ['Test (20)', ['Build']],
      ['Test (22)', ['Build']],
      ['Lint on ubuntu-22.04', []],
      ['twin', []],
    ]);
  });

  it('a job with an environment deploys; one only started by hand is manual', async () => {
    const text = `on: [push, workflow_dispatch]
jobs:
  ship:
    if: github.event_name == 'workflow_dispatch'
    environment: { name: production, url: https://example.com }
    runs-on: ubuntu-latest
    steps: [{ run: x }]
  nightly:
    if: github.event_name == 'schedule'
    runs-on: ubuntu-latest
    steps: [{ run: x }]
  main-only:
    if: github.ref == 'refs/heads/nowhere'
    runs-on: ubuntu-latest
    steps: [{ run: x }]
`;
    const { pipeline } = await load(text);
    expect(pipeline.jobs.map((job) => [job.name, job.when, job.environment])).toEqual([['ship', 'manual', 'production']]);
    const dispatched = await load(text, { LOCALCI_GITHUB_EVENT: 'workflow_dispatch' });
    expect(dispatched.pipeline.jobs.map((job) => [job.name, job.when])).toEqual([['ship', 'on-success']]);
  });

  it('upload-artifact: `!` lines exclude, `if: always()` keeps them after a failure; named downloads choose the jobs', async () => {
    const { pipeline, unsupported = [] } = await load(`on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: x
      - uses: actions/upload-artifact@v4
        if: always()
        with: { name: dist, path: "dist/\\n!dist/**/*.map" }
  b:
    runs-on: ubuntu-latest
    outputs: { v: "\${{ steps.s.outputs.v }}" }
    steps:
      - id: s
        run: echo v=1 >> "$GITHUB_OUTPUT"
      - uses: actions/upload-artifact@v4
        with: { name: logs, path: logs/ }
  c:
    needs: [a, b]
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with: { name: dist }
      - run: echo \${{ needs.b.outputs.v }}
  d:
    needs: [a, b]
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
      - run: x
`);
    const job = (name: string) => pipeline.jobs.find((candidate) => candidate.name === name)!;
    expect(job('a')).toMatchObject({ artifacts: ['dist/'], artifactsExclude: ['dist/**/*.map'], artifactsWhen: 'always' });
    // b's outputs travel as an artifact, so c still receives b's even though it downloads only dist.
    expect(job('c').artifactsFrom).toEqual(['a', 'b']);
    expect(job('d').artifactsFrom).toBeUndefined();
    expect(unsupported.join('\n')).not.toMatch(/upload-artifact is applied to the whole job/);
  });
});
