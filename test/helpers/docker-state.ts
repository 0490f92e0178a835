/**
 * What localci left on the Docker engine, through the docker CLI rather than the product's
 * own code, so a bug in the product's clean-up cannot hide itself.
 *
 * Without a filter, only this test file's objects count (see ownership.ts): another e2e file
 * may be mid-run on the same engine. `{ all: true }` means every localci object there is.
 */
import { execa } from 'execa';
import { isOurs, isProjectOf } from './ownership.js';

export interface LocalciFilter {
  /** Exactly the objects of one run (`localci.run=<id>`). */
  run?: string;
  /** Exactly the objects of one project (`localci.project=<id>`). */
  project?: string;
  /** Every object with a `localci.run` label, whoever created it. */
  all?: boolean;
  /**
   * Every object labelled with the project at this folder, whichever run made it and whether
   * or not it belongs to a run (`localci.project=<name>-<hash of the folder>`).
   */
  projectDir?: string;
  /** The engine to ask (a DOCKER_HOST value); default: the one the docker CLI uses. */
  host?: string;
}

export interface LocalciObjects {
  containers: string[];
  networks: string[];
  volumes: string[];
}

type Kind = keyof LocalciObjects;

// One list command per kind; each prints "<id>\t<localci.pid>\t<localci.project>" per object.
const LIST: Record<Kind, string[]> = {
  containers: ['ps', '-a', '--no-trunc'],
  networks: ['network', 'ls', '--no-trunc'],
  volumes: ['volume', 'ls'],
};
const ID_FIELD: Record<Kind, string> = { containers: '.ID', networks: '.ID', volumes: '.Name' };

export async function localciObjects(filter: LocalciFilter = {}): Promise<LocalciObjects> {
  const [containers, networks, volumes] = await Promise.all([
    list('containers', filter),
    list('networks', filter),
    list('volumes', filter),
  ]);
  return { containers, networks, volumes };
}

/** Force-removes the selected objects (a safety net for afterEach); returns what it removed. */
export async function removeLocalciObjects(filter: LocalciFilter = {}): Promise<LocalciObjects> {
  const found = await localciObjects(filter);
  // Containers first: networks and volumes cannot go while a container uses them.
  if (found.containers.length > 0) await remove(filter.host, ['rm', '-f', '-v', ...found.containers]);
  if (found.networks.length > 0) await remove(filter.host, ['network', 'rm', ...found.networks]);
  if (found.volumes.length > 0) await remove(filter.host, ['volume', 'rm', '-f', ...found.volumes]);
  return found;
}

/** The CLI may still be removing the same objects: one already gone is not an error. */
async function remove(host: string | undefined, args: string[]): Promise<void> {
  const result = await execa('docker', args, { reject: false, env: engineEnv(host) });
  const problems = result.stderr.split('\n').filter((line) => line !== '' && !/No such|not found/i.test(line));
  if (result.exitCode !== 0 && problems.length > 0) {
    throw new Error(`docker ${args.slice(0, 2).join(' ')} failed: ${problems.join('; ')}`);
  }
}

async function list(kind: Kind, filter: LocalciFilter): Promise<string[]> {
  const { projectDir } = filter;
  // A project's objects need not carry a run label (dependency-cache volumes do not).
  const base = projectDir === undefined ? 'label=localci.run' : 'label=localci.project';
  const filters = ['--filter', filter.run ? `label=localci.run=${filter.run}` : base];
  if (filter.project) filters.push('--filter', `label=localci.project=${filter.project}`);
  const format = `{{${ID_FIELD[kind]}}}\t{{.Label "localci.pid"}}\t{{.Label "localci.project"}}`;
  const { stdout } = await execa('docker', [...LIST[kind], ...filters, '--format', format], { env: engineEnv(filter.host) });
  const scoped = filter.all === true || filter.run !== undefined || filter.project !== undefined;
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'))
    .filter(([, pid = '', project = '']) => (projectDir === undefined ? scoped || isOurs({ pid, project }) : isProjectOf(projectDir, project)))
    .map(([id = '']) => id)
    .sort();
}

function engineEnv(host: string | undefined): Record<string, string> | undefined {
  return host === undefined ? undefined : { DOCKER_HOST: host };
}
