/**
 * `npm run bench [case…]`: prints the performance table and writes bench/results.json.
 * Needs the Docker engine and fixture images (`npm run setup`); the cases that compare
 * with gitlab-ci-local install it on first use (bench/setup-gitlab-ci-local.sh).
 * `npm run bench large` runs only the large-tree comparison, and so on.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dagBench } from './cases/dag.js';
import { githubImportBench } from './cases/github-import.js';
import { importBench } from './cases/import.js';
import { largeTreeBench } from './cases/large-tree.js';
import { logBench } from './cases/log-throughput.js';
import { npmCacheBench } from './cases/npm-cache.js';
import { pipelineBench } from './cases/pipeline.js';
import { realProjectBench } from './cases/real-project.js';
import { scaleBench } from './cases/scale.js';
import { startupBench } from './cases/startup.js';
import { swarmBench } from './cases/swarm.js';
import { uiPaintBench } from './cases/ui-paint.js';
import { untrackedBench } from './cases/untracked.js';
import { watchBench } from './cases/watch.js';
import { removeProjects } from './project.js';
import type { BenchRow } from './row.js';
import { formatTable } from './table.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'ci.js');

const cases: Record<string, () => Promise<BenchRow[]>> = {
  startup: () => startupBench(cli),
  pipeline: () => pipelineBench(cli),
  dag: () => dagBench(cli),
  'github-import': () => githubImportBench(cli),
  logs: () => logBench(cli),
  watch: () => watchBench(cli),
  'npm-cache': () => npmCacheBench(cli),
  large: () => largeTreeBench(cli),
  untracked: () => untrackedBench(cli),
  real: () => realProjectBench(cli),
  import: () => importBench(),
  ui: () => uiPaintBench(cli),
  scale: () => scaleBench(cli),
  swarm: () => swarmBench(cli),
};

const only = process.argv.slice(2);
const unknown = only.filter((name) => !(name in cases));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown case ${unknown.join(', ')}; cases: ${Object.keys(cases).join(', ')}\n`);
  process.exit(2);
}

const rows: BenchRow[] = [];
const started = performance.now();
try {
  for (const [name, run] of Object.entries(cases)) {
    if (only.length > 0 && !only.includes(name)) continue;
    const caseStart = performance.now();
    process.stderr.write(`bench: ${name}…\n`);
    rows.push(...(await run()));
    process.stderr.write(`bench: ${name} took ${((performance.now() - caseStart) / 1000).toFixed(0)} s\n`);
  }
} finally {
  removeProjects();
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
process.stdout.write(`\nMachine: ${machine}; whole bench ${((performance.now() - started) / 1000).toFixed(0)} s\n\n${formatTable(rows)}`);
writeFileSync(path.join(root, 'bench', 'results.json'), JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2) + '\n');
