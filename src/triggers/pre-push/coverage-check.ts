/**
 * The hook's coverage check: the run that just passed against the gate and a baseline. The
 * baseline is the newest run of a commit the push replaces on the remote (what the branch has
 * now), else the branch's previous run of another commit: never a run of this commit, so
 * pushing a refused commit again is compared like the first time.
 */
import type { CoverageGate } from '../../config/types.js';
import { previousWithCoverage } from '../../history/coverage-trend.js';
import { runCoverageSide } from '../../history/run-coverage-files.js';
import { listRuns, type StoredRun } from '../../history/run-store.js';
import { judgeCoverage, type CoverageVerdict } from '../../test-reports/coverage-gate.js';

export async function checkPushCoverage(gate: CoverageGate, root: string, runId: string, replaces: readonly string[]): Promise<CoverageVerdict> {
  const runs = await listRuns(root);
  const run = runs.find((candidate) => candidate.id === runId);
  const others = runs.filter((candidate) => candidate === run || candidate.record.commit !== run?.record.commit);
  const measured = (candidate: StoredRun) => candidate.record.coverage !== undefined && !candidate.record.dirty && candidate.status !== 'running';
  const before = run && (others.find((candidate) => replaces.includes(candidate.record.commit ?? '') && measured(candidate)) ?? previousWithCoverage(others, run));
  return judgeCoverage(gate, run && (await runCoverageSide(run)), before && (await runCoverageSide(before)));
}
