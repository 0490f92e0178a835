/** `ci --version` and `ci list` (TypeScript config) wall times against bare `node -e 0`. */
import { execa } from 'execa';
import { makeProject } from '../project.js';
import { timeRepeated } from '../measure.js';
import type { BenchRow } from '../row.js';

export async function startupBench(cli: string, samples = 20): Promise<BenchRow[]> {
  const project = makeProject({
    'ci.config.ts': `import { defineConfig } from 'localci';\nexport default defineConfig({ image: 'localci-test/busybox:latest', jobs: { build: { steps: ['true'] }, test: { needs: ['build'], steps: ['true'] } } });\n`,
  });
  const node = await timeRepeated(samples, () => execa(process.execPath, ['-e', '0']));
  const version = await timeRepeated(samples, () => execa(process.execPath, [cli, '--version']));
  const list = await timeRepeated(samples, () => execa(process.execPath, [cli, 'list'], { cwd: project }));
  return [
    { name: 'node -e 0 (reference)', value: node.medianMs, unit: 'ms' },
    { name: 'ci --version', value: version.medianMs, unit: 'ms', goal: '≤ 120 ms', ratio: version.medianMs / node.medianMs, ok: version.medianMs <= 120 },
    { name: 'ci list (ci.config.ts)', value: list.medianMs, unit: 'ms', goal: '≤ 250 ms', ratio: list.medianMs / node.medianMs, ok: list.medianMs <= 250 },
  ];
}
