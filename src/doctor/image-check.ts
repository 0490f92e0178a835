/**
 * Doctor: is every image the pipeline names on this machine, or can the engine
 * get it? Nothing is pulled: a missing image's registry is only asked for the
 * manifest (`docker manifest inspect`'s question), which says whether a pull
 * would work without downloading any layer.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../backend/docker/connect.js';
import { standInHint } from '../backend/docker/image-stand-in.js';
import { repositoryOf } from '../config/image-ref.js';
import { imagesToPrepare } from '../backend/docker/images.js';
import type { Pipeline } from '../model/pipeline.js';
import { fail, ok, type Check } from './check.js';

const REGISTRY_TIMEOUT_MS = 5000;

export async function checkImages(engine: Engine, pipeline: Pipeline): Promise<Check[]> {
  const unreachable: Array<{ name: string; problem: string }> = [];
  const named = [...imagesToPrepare(pipeline.jobs)].map(async ([name, policy]): Promise<Check | undefined> => {
    const id = await engine.docker
      .getImage(name)
      .inspect()
      .then((info) => info.Id, () => undefined);
    if (id !== undefined) return ok('image', `${name}: present (${id.replace(/^(sha256:)?([0-9a-f]{12}).*$/, 'sha256:$2')})${policy === 'always' ? ', pulled again on every run (pull: always)' : ''}`);
    const load = `build or load it (docker build -t ${name} . / docker load -i image.tar)`;
    if (policy === 'never') return fail('image', `${name}: not on this machine, and its pull policy is "never"`, load);
    const problem = await registryProblem(engine, name);
    if (problem === undefined) return ok('image', `${name}: not present yet, pullable (pulled by the first run that needs it)`);
    unreachable.push({ name, problem });
    return undefined;
  });
  const checks = (await Promise.all(named)).filter((check): check is Check => check !== undefined);
  const missing = await Promise.all(missingGroups(unreachable).map((group) => missingCheck(engine, group)));
  return [...checks, ...missing, ...builtChecks(pipeline)];
}

/** A matrix of versions (`node:18` … `node:26`) missing for one reason is one line, not one per version. */
export function missingGroups(missing: ReadonlyArray<{ name: string; problem: string }>): Array<{ names: string[]; problem: string }> {
  const groups = new Map<string, { names: string[]; problem: string }>();
  for (const { name, problem } of missing) {
    const key = `${repositoryOf(name)}\0${problem}`;
    const group = groups.get(key) ?? { names: [], problem };
    group.names.push(name);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => ({ ...group, names: group.names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) }));
}

async function missingCheck(engine: Engine, { names, problem }: { names: string[]; problem: string }): Promise<Check> {
  const one = names.length === 1;
  const what = one ? `${names[0]}: not present, and its registry cannot provide it` : `${names.join(', ')}: not present, and their registry cannot provide them`;
  const load = one ? `build or load it (docker build -t ${names[0]} . / docker load -i image.tar)` : 'build or load them (docker build -t <name> . / docker load -i image.tar)';
  return fail('image', `${what} (${problem})`, `check the name${one ? '' : 's'}, \`docker login\` to the registry, ${load}, ${await standInHint(engine.docker, names)}`);
}

function builtChecks(pipeline: Pipeline): Check[] {
  const builds = new Map<string, string>();
  for (const job of pipeline.jobs) {
    for (const image of [job.image, ...job.services.map((service) => service.image)]) {
      if (image.kind === 'build') builds.set(`${image.dockerfile}${image.target ? `#${image.target}` : ''}`, image.dockerfile);
    }
  }
  return [...builds].map(([label, dockerfile]) =>
    existsSync(path.resolve(pipeline.root, dockerfile))
      ? ok('image', `${label}: built from the project's Dockerfile at run time`)
      : fail('image', `${label}: ${dockerfile} does not exist`, 'correct the `dockerfile` path (relative to the project root)'),
  );
}

async function registryProblem(engine: Engine, name: string): Promise<string | undefined> {
  const image = engine.docker.getImage(name) as unknown as { distribution(): Promise<unknown> };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${REGISTRY_TIMEOUT_MS / 1000}s`)), REGISTRY_TIMEOUT_MS);
  });
  try {
    await Promise.race([image.distribution(), timeout]);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.replace(/^\(HTTP code \d+\) [\w ]+ - /, '').trim().split('\n')[0];
  } finally {
    clearTimeout(timer);
  }
}
