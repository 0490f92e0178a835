/**
 * `--junit <file>`: the run as JUnit XML, which CI servers, IDEs and test
 * dashboards all read. One <testsuite> for the run, one <testcase> per job;
 * each job's log (last 2000 lines) in <system-out>, failures carry the last 50
 * lines. Statuses map to what viewers understand: failed → <failure>, timed
 * out → <error>, and skipped, cancelled and allowed failures → <skipped> with
 * the reason, since none of those failed the run.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { jobsOf } from '../history/job-logs.js';
import { readLogTails, type LogTail } from '../history/log-tails.js';
import type { StoredRun } from '../history/run-store.js';
import type { JobResult } from '../run/events.js';
import { describeResult } from './status-text.js';
import { asWritten } from './terminal-text.js';

export const JUNIT_LOG_LINES = 2000;
export const JUNIT_FAILURE_LINES = 50;

export interface JunitInput {
  run: StoredRun;
  jobs: readonly string[];
  logs: ReadonlyMap<string, LogTail>;
  /** `classname` of every test case: viewers group by it. */
  project: string;
  hostname: string;
}

export function renderJunit({ run, jobs, logs, project, hostname }: JunitInput): string {
  const results = new Map(run.record.jobs.map((result) => [result.job, result]));
  const cases = jobs.map((job) => testCase(job, results.get(job), logs.get(job), project, run.status));
  const count = (kind: Outcome['kind']) => cases.filter((entry) => entry.kind === kind).length;
  const totals = { tests: cases.length, failures: count('failure'), errors: count('error'), skipped: count('skipped') };
  const counts = `tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="${seconds(run.durationMs ?? 0)}"`;
  const properties = [
    ['run', run.id],
    ['status', run.status],
    ['trigger', run.record.trigger],
    ['commit', run.record.commit],
    ['branch', run.record.branch],
    ['dirty', run.record.dirty === undefined ? undefined : String(run.record.dirty)],
    ['config-sha256', run.record.configHash],
  ].filter((entry): entry is [string, string] => entry[1] !== undefined);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="localci" ${counts}>`,
    `  <testsuite name="${attr(`localci run ${run.id}`)}" ${counts} timestamp="${timestamp(run.startedAt)}" hostname="${attr(hostname)}">`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`),
    '    </properties>',
    ...cases.map((entry) => entry.xml),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

interface Outcome {
  kind: 'passed' | 'failure' | 'error' | 'skipped';
  xml: string;
}

function testCase(job: string, result: JobResult | undefined, log: LogTail | undefined, project: string, runStatus: string): Outcome {
  const time = result && result.startedAt !== undefined ? result.durationMs : 0;
  const open = `    <testcase name="${attr(job)}" classname="${attr(project)}" time="${seconds(time)}">`;
  const out = log && log.lines.length > 0 ? [`      <system-out>${text(logText(log))}</system-out>`] : [];
  const wrap = (kind: Outcome['kind'], inner: string[]): Outcome => ({ kind, xml: [open, ...inner, ...out, '    </testcase>'].join('\n') });
  if (!result) return wrap('skipped', [`      <skipped message="${attr(`did not finish: the run ${runStatus === 'running' ? 'is still running' : `ended (${runStatus})`}`)}"/>`]);
  const message = attr(describeResult(result, asWritten));
  switch (result.status) {
    case 'passed':
    case 'cached':
      return wrap('passed', []);
    case 'failed':
      return wrap('failure', [`      <failure message="${message}" type="${result.exitCode === undefined ? 'failed' : `exit ${result.exitCode}`}">${text(failureText(log))}</failure>`]);
    case 'timed-out':
      return wrap('error', [`      <error message="${message}" type="timeout">${text(failureText(log))}</error>`]);
    case 'allowed-failure':
    case 'skipped':
    case 'cancelled':
      return wrap('skipped', [`      <skipped message="${message}"/>`]);
  }
}

function logText(log: LogTail): string {
  const note = log.truncated ? [`[localci: earlier lines left out; the whole log: ci logs]`] : [];
  return [...note, ...log.lines].join('\n');
}

/** The last lines before the closing `--- failed …` marker, which the message already says. */
function failureText(log: LogTail | undefined): string {
  const lines = [...(log?.lines ?? [])];
  if (lines.at(-1)?.startsWith('--- ')) lines.pop();
  return lines.slice(-JUNIT_FAILURE_LINES).join('\n');
}

// Terminal colour codes mean nothing in XML; other C0 controls and unpaired surrogates are not
// allowed in XML 1.0 at all, and one of them makes the whole file unreadable to a strict parser.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-_]/g;
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlSafe(value: string): string {
  return value.replace(ANSI, '').replace(NOT_XML, '\ufffd');
}

function text(value: string): string {
  return xmlSafe(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  // Newlines and tabs in attributes are normalised away by parsers unless escaped.
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** The JUnit schema's timestamp: ISO 8601 local time without a zone, as Ant and Maven write it. */
function timestamp(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Reads the stored run's logs and writes the XML to `file` (atomically: a viewer never reads half a file). */
export async function writeJunitFile(run: StoredRun, file: string, project: string): Promise<void> {
  const jobs = await jobsOf(run);
  const logs = await readLogTails(run, jobs, JUNIT_LOG_LINES);
  await writeFileAtomic(file, renderJunit({ run, jobs, logs, project, hostname: os.hostname() }));
}

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, content);
  await rename(temp, file);
}

