/**
 * The step driver is a POSIX sh script: run it with the machine's own `sh` (the
 * same one busybox images carry) to check which steps run, in which order, and
 * the exit code it ends with.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MarkerFilter, stepCommand } from '../../../src/backend/docker/step-script.js';
import type { StepWhen } from '../../../src/config/types.js';

interface DriverStep {
  run: string;
  when?: StepWhen;
  allowFailure?: boolean;
}

function drive(steps: DriverStep[]): { exitCode: number; lines: string[]; started: number[]; failed: number[] } {
  const command = stepCommand(steps);
  const [shell, ...args] = command.entrypoint;
  const child = spawnSync(shell!, [...args, ...command.cmd], { encoding: 'utf8' });
  const lines: string[] = [];
  const started: number[] = [];
  const failed: number[] = [];
  const filter = new MarkerFilter(command.marker, (line) => lines.push(line), (index) => started.push(index), (index) => failed.push(index));
  for (const line of child.stdout.split('\n')) filter.line(line);
  return { exitCode: child.status ?? -1, lines: lines.filter((line) => line !== ''), started, failed };
}

describe('step driver', () => {
  it('stops at the first failing step and exits with its code', () => {
    const result = drive([{ run: 'echo one' }, { run: 'exit 3' }, { run: 'echo never' }]);
    expect(result).toEqual({ exitCode: 3, lines: ['one'], started: [0, 1], failed: [1] });
  });

  it('runs always-steps after a failure, on-failure steps only then, and keeps the first exit code', () => {
    const result = drive([
      { run: 'exit 4' },
      { run: 'echo skipped' },
      { run: 'echo cleanup; exit 9', when: 'always' },
      { run: 'echo after-failure', when: 'on-failure' },
    ]);
    expect(result).toEqual({ exitCode: 4, lines: ['cleanup', 'after-failure'], started: [0, 2, 3], failed: [0] });
  });

  it('skips on-failure steps when everything passed and runs always-steps anyway', () => {
    const result = drive([{ run: 'echo ok' }, { run: 'echo no', when: 'on-failure' }, { run: 'echo yes', when: 'always' }]);
    expect(result).toEqual({ exitCode: 0, lines: ['ok', 'yes'], started: [0, 2], failed: [] });
  });

  it('tells each step the job status so far in LOCALCI_JOB_STATUS (an allowed failure does not count)', () => {
    const result = drive([
      { run: 'echo "$LOCALCI_JOB_STATUS"' },
      { run: 'exit 2', allowFailure: true },
      { run: 'echo "$LOCALCI_JOB_STATUS"; exit 5' },
      { run: 'echo "$LOCALCI_JOB_STATUS"', when: 'always' },
    ]);
    expect(result).toEqual({ exitCode: 5, lines: ['success', 'success', 'failure'], started: [0, 1, 2, 3], failed: [2] });
  });

  it('goes on after an allowed failure as if it passed', () => {
    const result = drive([{ run: 'exit 5', allowFailure: true }, { run: 'echo next' }, { run: 'echo no', when: 'on-failure' }]);
    expect(result).toEqual({ exitCode: 0, lines: ['next'], started: [0, 1], failed: [] });
  });

  it('fails the job when a non-allowed always-step fails after passing steps', () => {
    const result = drive([{ run: 'true' }, { run: 'exit 6', when: 'always' }]);
    expect(result).toMatchObject({ exitCode: 6, failed: [1] });
  });

  it('keeps step text that starts like a flag intact', () => {
    expect(drive([{ run: 'echo a1; echo s0' }]).lines).toEqual(['a1', 's0']);
  });
});
