/**
 * `ci report [run] [-o file.html] [--junit file.xml]`: the HTML report (and,
 * on request, JUnit XML) of a stored run, the newest by default. The same
 * writers serve `ci run --report/--junit`, so both give the same files.
 */
import path from 'node:path';
import { ExitCode } from '../../errors.js';
import { selectRun } from '../../history/find-run.js';
import { listRuns } from '../../history/run-store.js';
import { requireProjectState } from '../../state/find-project-state.js';
import { writeHtmlReport } from '../../report/html-report.js';
import { writeJunitFile } from '../../report/junit-reporter.js';
import type { GlobalOptions } from '../global-options.js';
import { commandCwd } from '../load.js';

export interface ReportOptions extends GlobalOptions {
  output?: string;
  junit?: string;
}

export async function reportCommand(runId: string | undefined, options: ReportOptions): Promise<number> {
  const cwd = commandCwd(options);
  const { root } = await requireProjectState(cwd);
  const run = await selectRun(root, await listRuns(root), { run: runId, commit: options.commit });
  const project = path.basename(root);
  const htmlFile = options.output !== undefined ? path.resolve(cwd, options.output) : options.junit === undefined ? path.join(run.dir, 'report.html') : undefined;
  if (htmlFile) {
    await writeHtmlReport(run, htmlFile, project);
    process.stdout.write(`${htmlFile}\n`);
  }
  if (options.junit !== undefined) {
    const junitFile = path.resolve(cwd, options.junit);
    await writeJunitFile(run, junitFile, project);
    process.stdout.write(`${junitFile}\n`);
  }
  if (run.status === 'running') process.stderr.write(`note: run ${run.id} is still running; the report shows it as far as it got.\n`);
  return ExitCode.ok;
}
