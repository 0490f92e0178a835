/** Temporary git projects for the benchmark, removed when the benchmark ends. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execaSync } from 'execa';

const created: string[] = [];

/** A fresh folder under the system temp dir, removed by `removeProjects`. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'localci-bench-'));
  created.push(dir);
  return dir;
}

export function makeProject(files: Record<string, string>): string {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  writeFiles(dir, files);
  commitAll(dir, 'bench');
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
}

/** Git with a fixed identity, so commits work on machines without a configured user. */
export function git(dir: string, ...args: string[]): string {
  return execaSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localci.invalid', ...args], { cwd: dir }).stdout;
}

export function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', message);
}

export function removeProjects(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
