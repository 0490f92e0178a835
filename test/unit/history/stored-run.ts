/** Stored runs for unit tests: records in memory, or written to a temp project's runs folder. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { runsDir, type StoredRun } from '../../../src/history/run-store.js';
import type { RunRecord } from '../../../src/run/run-record.js';

export function makeRecord(runId: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return { schema: 1, runId, trigger: 'run', pid: 1, startedAt: '2026-01-01T10:00:00.000Z', finishedAt: '2026-01-01T10:00:05.000Z', status: 'passed', jobs: [], ...overrides };
}

export function makeRun(record: RunRecord, dir = `/project/.git/localci/node_modules/root-0/runs/${record.runId}`): StoredRun {
  const startedAt = Date.parse(record.startedAt);
  const run: StoredRun = { id: record.runId, dir, record, status: record.status, startedAt };
  if (record.finishedAt) run.durationMs = Date.parse(record.finishedAt) - startedAt;
  return run;
}

/** A temp folder removed when the test that made it ends (a per-call hook: see temp-project.ts). */
export function tempRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'localci-history-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

/** Writes run folders with their run.json (and optional log files); returns each run's folder. */
export function writeRuns(root: string, records: RunRecord[], logs: Record<string, Record<string, string>> = {}): string[] {
  return records.map((record) => {
    const dir = path.join(runsDir(root), record.runId);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'run.json'), JSON.stringify(record));
    for (const [job, text] of Object.entries(logs[record.runId] ?? {})) writeFileSync(path.join(dir, `${job}.log`), text);
    return dir;
  });
}
