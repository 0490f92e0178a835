/**
 * The one place a job name becomes a file name: its log (`<file name>.log`), its artifact
 * folder (`artifacts/<file name>/`) and its reports (`reports/<file name>/`) in a run's folder. A name made only of characters that are
 * safe in a file name everywhere is used as it is, so `unit (node=18)` stays readable; any
 * other name (a `/`, a `:`, a `~`, letters outside ASCII) keeps its safe characters and gets a
 * hash of the whole name, so `a/b` and `a_b` can never share a file. `.` and `..` would name
 * folders of the run itself: the config refuses them (config/schema-values.ts), and they are
 * hashed here too. Names that differ only in case are refused by the config check, since a
 * case-insensitive disk would give them one file.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';

const SAFE_NAME = /^[\w .,=()@+-]+$/;
const UNSAFE_CHARS = /[^\w .,=()@+-]+/g;
/** Long names are cut (file names have a limit of 255 bytes) and hashed. */
const MAX_PLAIN_LENGTH = 100;

export function jobFileName(job: string): string {
  if (SAFE_NAME.test(job) && job !== '.' && job !== '..' && job.length <= MAX_PLAIN_LENGTH) return job;
  const readable = job.replace(UNSAFE_CHARS, '_').slice(0, MAX_PLAIN_LENGTH);
  return `${readable}~${createHash('sha256').update(job).digest('hex').slice(0, 10)}`;
}

/**
 * How runs recorded before hashed names named a job's files: every unsafe character run as `_`.
 * Lossy (`a b` and `a_b` met), so only for reading old runs and for typing a name without quotes.
 */
export function legacyJobFileName(job: string): string {
  return job.replace(/[^\w.=()@+-]+/g, '_');
}

/** A job's log file in a run's folder. */
export function jobLogFile(runDir: string, job: string): string {
  return path.join(runDir, `${jobFileName(job)}.log`);
}

/** A job's artifact folder in a run's folder: it mirrors /workspace. */
export function jobArtifactsDir(runDir: string, job: string): string {
  return path.join(runDir, 'artifacts', jobFileName(job));
}

/** A job's test report files copied out of its container (`junit/`, `coverage/`) and what was read from them. */
export function jobReportsDir(runDir: string, job: string): string {
  return path.join(runDir, 'reports', jobFileName(job));
}
