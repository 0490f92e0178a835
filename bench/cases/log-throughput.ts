/**
 * A job printing 200 MB of log lines: localci must stream it (bounded memory)
 * at a speed close to `docker run` writing the same output to /dev/null.
 */
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { CI_ENV } from '../ci.js';
import { makeProject } from '../project.js';
import { localciConfig, BENCH_IMAGE } from '../pipelines.js';
import { compared, type BenchRow } from '../row.js';

const BYTES = 200_000_000;
const PRINT = `yes 'localci log throughput line: the quick brown fox jumps over the lazy dog' | head -c ${BYTES}`;

export async function logBench(cli: string): Promise<BenchRow[]> {
  const project = makeProject({
    'ci.config.json': localciConfig({ noisy: { steps: [PRINT] } }),
  });
  const rawStart = performance.now();
  await execa('docker', ['run', '--rm', '--entrypoint', 'sh', BENCH_IMAGE, '-c', PRINT], { stdout: 'ignore' });
  const rawMs = performance.now() - rawStart;

  const start = performance.now();
  const child = execa(process.execPath, [cli, 'run', '--plain'], { cwd: project, env: CI_ENV, stdout: 'ignore', reject: false });
  let peakKb = 0;
  const poll = setInterval(() => (peakKb = Math.max(peakKb, residentKb(child.pid))), 25);
  const result = await child;
  clearInterval(poll);
  const ms = performance.now() - start;
  if (result.exitCode !== 0) throw new Error(`log job failed: ${String(result.stderr).slice(-1000)}`);
  const row = compared('200 MB of log lines, `ci run --plain > /dev/null`', ms, { label: '`docker run > /dev/null`', value: rawMs }, 1);
  const peakMb = peakKb / 1024;
  return [
    { ...row, goal: '≤ 1.5×', ok: row.ratio! <= 1.5 },
    { name: '200 MB of log lines, CLI peak RSS', value: peakMb, unit: 'MB', runs: 1, goal: '≤ 150 MB', ok: peakMb <= 150 },
  ];
}

function residentKb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}
