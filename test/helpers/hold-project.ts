/**
 * Holds a project's runs still: every container of the project is paused (`docker pause`) as
 * soon as it starts, until the hold is released. A test that needs two runs to overlap holds
 * the project until the second run has started, so the first cannot have ended: the overlap
 * happens by construction instead of by the machine being quick enough. The runs do not
 * notice beyond taking longer.
 */
import { execa } from 'execa';
import { onTestFinished } from 'vitest';
import { isProjectOf } from './ownership.js';

export interface ProjectHold {
  /** Unpauses every container the hold paused; later starts go on unpaused. */
  release(): Promise<void>;
}

export async function holdProject(projectDir: string): Promise<ProjectHold> {
  const label = 'label=localci.project';
  const format = '{{.ID}}\t{{index .Actor.Attributes "localci.project"}}';
  const paused = new Set<string>();
  const pauseIfOurs = async (line: string) => {
    const [id = '', project = ''] = line.split('\t');
    if (id === '' || !isProjectOf(projectDir, project)) return;
    // A container that has just exited cannot be paused, nor needs to be.
    const result = await execa('docker', ['pause', id], { reject: false });
    if (result.exitCode === 0) paused.add(id);
  };
  // Every start from now on, replayed from this moment even if the events connection is slow.
  const since = String(Math.floor(Date.now() / 1000) - 1);
  const events = execa('docker', ['events', '--since', since, '--filter', label, '--filter', 'type=container', '--filter', 'event=start', '--format', format], {
    buffer: false,
    reject: false,
  });
  const pending: Array<Promise<void>> = [];
  let partial = '';
  events.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) pending.push(pauseIfOurs(line));
  });
  // And the containers already running.
  const { stdout } = await execa('docker', ['ps', '--no-trunc', '--filter', label, '--format', '{{.ID}}\t{{.Label "localci.project"}}']);
  await Promise.all(stdout.split('\n').map(pauseIfOurs));

  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    events.kill();
    await events;
    await Promise.all(pending);
    await Promise.all([...paused].map((id) => execa('docker', ['unpause', id], { reject: false })));
  };
  // A test that fails while holding must not leave the run frozen.
  onTestFinished(release);
  return { release };
}
