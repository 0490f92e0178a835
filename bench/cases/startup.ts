/** `ci --version` and `ci list` (TypeScript config) wall times against bare `node -e 0`. */
import { execa } from 'execa';
import { makeProject } from '../project.js';
import { timeRepeated } from '../measure.js';
import { compared, type BenchRow } from '../row.js';

export async function startupBench(cli: string, samples = 20): Promise<BenchRow[]> {
  const project = makeProject({
    'ci.config.ts': `import { defineConfig } from 'localci';\nexport default defineConfig({ image: 'localci-test/busybox:latest', jobs: { build: { steps: ['true'] }, test: { needs: ['build'], steps: ['true'] } } });\n`,
  });
  const node = await timeRepeated(samples, () => execa(process.execPath, ['-e', '0']));
  const version = await timeRepeated(samples, () => execa(process.execPath, [cli, '--version']));
  const list = await timeRepeated(samples, () => execa(process.execPath, [cli, 'list'], { cwd: project }));
  const reference = { label: '`node -e 0`', value: node.medianMs };
  return [
    { ...compared('`ci --version`', version.medianMs, reference, samples), goal: '≤ 120 ms', ok: version.medianMs <= 120 },
    { ...compared('`ci list` (ci.config.ts)', list.medianMs, reference, samples), goal: '≤ 250 ms', ok: list.medianMs <= 250 },
  ];
}
