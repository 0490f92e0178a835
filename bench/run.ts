/**
 * `npm run bench`: prints the performance table and writes bench/results.json.
 * Needs the Docker engine and fixture images (`npm run setup`).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { logBench } from './cases/log-throughput.js';
import { npmCacheBench } from './cases/npm-cache.js';
import { pipelineBench } from './cases/pipeline.js';
import { startupBench } from './cases/startup.js';
import { watchBench } from './cases/watch.js';
import { removeProjects } from './project.js';
import type { BenchRow } from './row.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'ci.js');

const cases: Record<string, () => Promise<BenchRow[]>> = {
  startup: () => startupBench(cli),
  pipeline: () => pipelineBench(cli),
  logs: () => logBench(cli),
  watch: () => watchBench(cli),
  'npm-cache': () => npmCacheBench(cli),
};

const only = process.argv.slice(2);
const rows: BenchRow[] = [];
try {
  for (const [name, run] of Object.entries(cases)) {
    if (only.length > 0 && !only.includes(name)) continue;
    process.stderr.write(`bench: ${name}…\n`);
    rows.push(...(await run()));
  }
} finally {
  removeProjects();
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const format = (row: BenchRow) => {
  const value = row.unit === 'MB' ? `${row.value.toFixed(1)} MB` : `${Math.round(row.value)} ms`;
  const ratio = row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`;
  const verdict = row.ok === undefined ? '' : row.ok ? 'ok' : 'MISSED';
  return `| ${row.name} | ${value} | ${ratio} | ${row.goal ?? ''} | ${verdict} |`;
};
process.stdout.write(`\nMachine: ${machine}\n\n| measurement | median | ratio | goal | |\n|---|---|---|---|---|\n${rows.map(format).join('\n')}\n`);
writeFileSync(path.join(root, 'bench', 'results.json'), JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2) + '\n');
