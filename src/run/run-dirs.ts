/**
 * A run's folders in the project's state (state/project-state.ts): `runs/<id>/`
 * is kept (logs, artifacts, reports, run.json); `tmp/<id>/` holds its scratch files and
 * is removed when the run ends. A temp folder whose owner process died (a
 * crash, SIGKILL) is reaped later.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectState } from '../state/project-state.js';
import { processAlive } from '../util/process-alive.js';
import { jobArtifactsDir, jobLogFile, jobReportsDir } from '../model/job-files.js';

export interface RunDirs {
  runDir: string;
  tmpDir: string;
  artifactsOf(job: string): string;
  reportsOf(job: string): string;
  logOf(job: string): string;
  removeTmp(): Promise<void>;
}

const OWNER_FILE = 'owner.pid';

export async function createRunDirs(root: string, runId: string): Promise<RunDirs> {
  const state = projectState(root);
  const runDir = await state.folder('runs', runId);
  const tmpDir = await state.folder('temp', runId);
  // A temp folder without its owner file would wait for the reaper: give it back at once.
  await writeFile(path.join(tmpDir, OWNER_FILE), String(process.pid)).catch(async (error: unknown) => {
    await state.remove('temp', runId).catch(() => undefined);
    throw error;
  });
  return {
    runDir,
    tmpDir,
    artifactsOf: (job) => jobArtifactsDir(runDir, job),
    reportsOf: (job) => jobReportsDir(runDir, job),
    logOf: (job) => jobLogFile(runDir, job),
    removeTmp: () => state.remove('temp', runId),
  };
}

/** Removes temp folders of runs whose process is gone. */
export async function reapTempDirs(root: string): Promise<number> {
  const state = projectState(root);
  const base = state.path('temp');
  const entries = await readdir(base).catch(() => [] as string[]);
  let reaped = 0;
  for (const entry of entries) {
    const dir = path.join(base, entry);
    const owner = Number(await readFile(path.join(dir, OWNER_FILE), 'utf8').catch(() => '0'));
    if (owner === process.pid || (owner > 0 && processAlive(owner))) continue;
    // No owner file yet may mean a run that is starting this very moment.
    if (owner === 0 && (await isRecent(dir))) continue;
    await state.remove('temp', entry);
    reaped += 1;
  }
  return reaped;
}

async function isRecent(dir: string): Promise<boolean> {
  const info = await stat(dir).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs < 60_000;
}
