/**
 * A job printing 200 MB of log lines: localci must stream it (bounded memory)
 * at a speed close to `docker run` writing the same output to /dev/null.
 */
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { makeProject } from '../project.js';
import { BENCH_IMAGE } from './pipeline.js';
import type { BenchRow } from '../row.js';

const BYTES = 200_000_000;
const PRINT = `yes 'localci log throughput line: the quick brown fox jumps over the lazy dog' | head -c ${BYTES}`;

export async function logBench(cli: string): Promise<BenchRow[]> {
  const project = makeProject({
    'ci.config.json': JSON.stringify({ image: BENCH_IMAGE, pull: 'never', jobs: { noisy: { steps: [PRINT] } } }),
  });
  const rawStart = performance.now();
  await execa('docker', ['run', '--rm', '--entrypoint', 'sh', BENCH_IMAGE, '-c', PRINT], { stdout: 'ignore' });
  const rawMs = performance.now() - rawStart;

  const start = performance.now();
  const child = execa(process.execPath, [cli, 'run', '--plain'], { cwd: project, env: { CI: 'true', NO_COLOR: '1' }, stdout: 'ignore', reject: false });
  let peakKb = 0;
  const poll = setInterval(() => (peakKb = Math.max(peakKb, residentKb(child.pid))), 25);
  const result = await child;
  clearInterval(poll);
  const ms = performance.now() - start;
  if (result.exitCode !== 0) throw new Error(`log job failed: ${String(result.stderr).slice(-1000)}`);
  const ratio = ms / rawMs;
  const peakMb = peakKb / 1024;
  return [
    { name: '200 MB log, docker run > /dev/null', value: rawMs, unit: 'ms' },
    { name: '200 MB log, ci run --plain > /dev/null', value: ms, unit: 'ms', goal: '≤ 1.5× docker run', ratio, ok: ratio <= 1.5 },
    { name: '200 MB log, ci peak RSS', value: peakMb, unit: 'MB', goal: '≤ 150 MB', ok: peakMb <= 150 },
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
