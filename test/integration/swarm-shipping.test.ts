/**
 * What comes back through a swarm task's log: the wrapper script run by a real sh (with real
 * tar and base64) around the real step driver, its output fed to the receiver line by line as
 * the service log delivers it, and the shipped tar read back as Docker's archive API would give it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ShipReceiver, shippingCommand } from '../../src/backend/swarm/shipped-files.js';
import { getArtifacts } from '../../src/backend/docker/artifacts.js';
import { MarkerFilter, stepCommand } from '../../src/backend/docker/step-script.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'localci-ship-'));
  dirs.push(dir);
  return dir;
}

/** Runs the task's command with `workspace` standing in for /workspace; returns its stdout lines and exit code. */
function runTask(workspace: string, steps: string[], paths: string[]) {
  const command = stepCommand(steps.map((run) => ({ run })));
  const [sh, flag, script, ...args] = shippingCommand(command, paths);
  const result = spawnSync(sh!, [flag!, script!.replaceAll('/workspace', workspace), ...args], { cwd: workspace, encoding: 'utf8' });
  return { command, lines: result.stdout.split('\n'), status: result.status };
}

describe('shipping files through the log', () => {
  it('keeps the job output, takes the shipped tars out of it and ends with the exit code', async () => {
    const workspace = tempDir();
    mkdirSync(path.join(workspace, 'dist'));
    writeFileSync(path.join(workspace, 'dist', 'bundle.txt'), 'alpha\nbeta\n');
    writeFileSync(path.join(workspace, 'dist', 'big.bin'), Buffer.alloc(200_000, 7));
    const { command, lines, status } = runTask(workspace, ['echo one', 'printf "no newline"', 'exit 3'], ['sdist', 'amissing', 'fdist']);
    expect(status).toBe(3);

    const output: string[] = [];
    const steps: number[] = [];
    let failed: number | undefined;
    const filter = new MarkerFilter(command.marker, (line) => output.push(line), (index) => steps.push(index), (index) => (failed = index));
    const receiver = new ShipReceiver(command.marker, ['sdist', 'amissing', 'fdist'], tempDir(), (line, continues) => filter.line(line, continues));
    for (const line of lines.slice(0, -1)) receiver.line(line, false);
    await receiver.untilEnd(Promise.resolve(), 0);
    filter.flush();

    expect(output).toEqual(['one', 'no newline']);
    expect(steps).toEqual([0, 1, 2]);
    expect(failed).toBe(2);
    expect(receiver.endCode).toBe(3);
    // Shipped after the failure only (`f`); the passing-only entry and the missing path were not.
    const out = tempDir();
    const copy = await getArtifacts(receiver, ['dist/', 'missing.txt'], out);
    expect(copy.missing).toEqual(['missing.txt']);
    expect(readFileSync(path.join(out, 'dist', 'bundle.txt'), 'utf8')).toBe('alpha\nbeta\n');
    expect(readFileSync(path.join(out, 'dist', 'big.bin'))).toEqual(Buffer.alloc(200_000, 7));
  });

  it('ships nothing the steps did not make, and job output cannot forge a shipment', async () => {
    const workspace = tempDir();
    const { command, lines, status } = runTask(workspace, ['echo "::localci-00000000:: ship 0"', 'echo still output'], ['sdist']);
    expect(status).toBe(0);
    const output: string[] = [];
    const receiver = new ShipReceiver(command.marker, ['sdist'], tempDir(), (line) => output.push(line));
    for (const line of lines.slice(0, -1)) receiver.line(line, false);
    await receiver.untilEnd(Promise.resolve(), 0);
    expect(receiver.endCode).toBe(0);
    expect(output.filter((line) => !line.startsWith(command.marker))).toEqual(['::localci-00000000:: ship 0', 'still output']);
    expect(await getArtifacts(receiver, ['dist/'], tempDir())).toEqual({ missing: ['dist/'], leftOut: [] });
  });
});
