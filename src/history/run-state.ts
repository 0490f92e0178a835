/**
 * What a stored run is *now*. run.json says `running` until the run writes its
 * end; a process that was killed (kill -9, a crash, a closed laptop lid that
 * never came back) cannot, so a record still saying `running` whose process is
 * gone was interrupted.
 */
import type { RunStatus } from '../run/events.js';
import type { RunRecord } from '../run/run-record.js';

export type RunState = RunStatus | 'running';

export function effectiveStatus(record: Pick<RunRecord, 'status' | 'pid'>, alive: (pid: number) => boolean): RunState {
  if (record.status !== 'running') return record.status;
  if (record.pid === process.pid) return 'running';
  return Number.isInteger(record.pid) && record.pid > 0 && alive(record.pid) ? 'running' : 'interrupted';
}
