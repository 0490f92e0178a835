/**
 * `ci deploy <env>`: build the production image from the project's Dockerfile
 * (same source semantics as a run: the working tree as git would commit it),
 * tag it with the commit, start it as a candidate on the environment's network,
 * wait until it is healthy, run the smoke steps against it, and only then let
 * it take over from the container serving now. Docker cannot move a published
 * host port from one container to another, so the take-over stops the old
 * container, starts the checked image under the environment's name with the
 * ports, and checks it again; if that fails, the old container is started
 * again. A failed health check or smoke step removes the candidate and leaves
 * the old container serving untouched.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { ImageBuilds } from '../backend/docker/build-image.js';
import { hostBuildNetwork } from '../backend/docker/build-network.js';
import { connectEngine, engineUnreachable, isConnectionError } from '../backend/docker/connect.js';
import { ensureImage } from '../backend/docker/images.js';
import { LABEL } from '../backend/docker/labels.js';
import { normalizeStep } from '../config/normalize.js';
import type { EnvironmentConfig } from '../config/types.js';
import { InterruptedError } from '../errors.js';
import type { BuildSpec } from '../model/image-ref.js';
import type { ImageRef, Pipeline } from '../model/pipeline.js';
import { projectId as projectIdOf } from '../model/project-id.js';
import { writeSnapshot } from '../source/snapshot.js';
import { readSourceTree, releaseSourceTree, type SourceTree } from '../source/source-tree.js';
import { removeTree } from '../state/safe-remove.js';
import { describeCheck, HealthError, waitHealthy, type HealthCheck } from './health.js';
import { deployTags, ENV_LABEL, envNames, parsePorts, shaTag, splitReference, type DeployInfo, type EnvNames, type PortMapping } from './naming.js';
import { checkTagMovable, findOwnedContainer, ForeignObjectError, ownedNetworkExists } from './ownership.js';
import { runSmoke } from './smoke.js';

export interface DeployRequest {
  pipeline: Pipeline;
  env: string;
  isGit: boolean;
  /** Deploy exactly this commit instead of the working tree. */
  commit?: string;
  healthTimeoutMs: number;
  /** Progress lines for the terminal. */
  log(line: string): void;
  /** Ctrl-C: stops before the take-over, removing the candidate; the take-over itself runs to its end. */
  signal?: AbortSignal;
}

export type DeployResult = { ok: true; info: DeployInfo; replaced: boolean } | { ok: false; message: string; details: string[] };

export async function deploy(request: DeployRequest): Promise<DeployResult> {
  const { pipeline, env, log } = request;
  const config = pipeline.environments[env] as EnvironmentConfig;
  const ports = parsePorts(config.run?.ports ?? []);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'localci-deploy-'));
  const reading = readSourceTree({ root: pipeline.root, commit: request.commit, isGit: request.isGit });
  try {
    const [tree, engine] = await Promise.all([reading, connectEngine()]);
    const docker = engine.docker;
    const projectId = projectIdOf(pipeline);
    const builds = new ImageBuilds(docker, projectId, hostBuildNetwork());
    const source = tree.commit ? `${tree.commit.slice(0, 8)}${tree.dirty ? ' with uncommitted changes' : ''}` : 'the project folder';

    // 1. The production image, through the shared (content-tagged, reusable) build.
    const spec: BuildSpec = {
      kind: 'build',
      dockerfile: config.build?.dockerfile ?? 'Dockerfile',
      context: config.build?.context ?? '.',
      args: config.build?.args ?? {},
      ...(config.build?.target === undefined ? {} : { target: config.build.target }),
    };
    log(`building ${spec.dockerfile}${spec.target ? ` (target ${spec.target})` : ''} from ${source}`);
    const built = await buildImage(builds, tree, spec, log);
    if (!built.ok) return built;
    throwIfInterrupted(request.signal);
    const tags = deployTags(projectId, env, shaTag(tree), config.build?.tags);
    const fixedTags = tags.filter((tag) => !tag.followsEnv).map((tag) => tag.reference);
    const envTags = tags.filter((tag) => tag.followsEnv).map((tag) => tag.reference);
    for (const tag of tags) await checkTagMovable(docker, tag.reference, built.id, projectId);
    for (const reference of fixedTags) await docker.getImage(built.id).tag(splitReference(reference));
    if (fixedTags.length > 0) log(`tagged ${fixedTags.join(', ')}`);

    // 2. The candidate, on the environment's network, without host ports yet.
    const names = envNames(projectId, env);
    await ensureNetwork(docker, names.network, projectId, env);
    await tidyLeftovers(docker, names, projectId, log);
    // Checked before anything starts, so a foreign container under the serving name fails the deploy here, not mid-switch.
    await findOwnedContainer(docker, names.container, projectId);
    const check: HealthCheck = { network: names.network, ...(config.run?.healthcheck ? { command: config.run.healthcheck } : {}), ...(ports[0] ? { port: ports[0].container } : {}) };
    const info: DeployInfo = {
      env,
      ...(tree.commit ? { commit: tree.commit } : {}),
      dirty: tree.dirty,
      image: fixedTags[0] ?? envTags[0] ?? built.id,
      imageId: built.id,
      internalUrl: `http://${names.alias}${ports[0] ? `:${ports[0].container}` : ''}`,
      ...(check.command ? { healthcheck: check.command } : {}),
      ...(check.port === undefined ? {} : { port: check.port }),
      deployedAt: new Date().toISOString(),
    };
    const candidate = await createEnvContainer(docker, { name: names.candidate, image: fixedTags[0] ?? built.id, info, config, projectId, network: names.network, ports: [], aliases: [] });
    await candidate.start();
    log(`started ${names.candidate}; waiting until healthy (${describeCheck(check)})`);
    let verdict: Awaited<ReturnType<typeof verifyCandidate>>;
    try {
      verdict = await verifyCandidate(docker, candidate, { request, config, tree, builds, names, check, projectId, ports, scratch });
      throwIfInterrupted(request.signal);
    } catch (error) {
      await candidate.remove({ force: true }).catch(() => undefined);
      throw error;
    }
    if (!verdict.ok) {
      await candidate.remove({ force: true }).catch(() => undefined);
      return verdict;
    }

    // 3. The take-over.
    const replaced = await takeOver(docker, { names, image: fixedTags[0] ?? built.id, info, config, projectId, ports, check, request });
    await candidate.remove({ force: true }).catch(() => undefined);
    if (!replaced.ok) return replaced;
    for (const reference of envTags) await docker.getImage(built.id).tag(splitReference(reference));
    if (envTags.length > 0) log(`tagged ${envTags.join(', ')}`);
    return { ok: true, info: replaced.info, replaced: replaced.replaced };
  } catch (error) {
    if (error instanceof ForeignObjectError) return { ok: false, message: error.message, details: [] };
    if (isConnectionError(error)) throw engineUnreachable((await import('../backend/docker/engine-address.js')).resolveEngineAddress(process.env), error);
    throw error;
  } finally {
    await releaseSourceTree(await reading.catch(() => undefined));
    await removeTree(scratch, scratch).catch(() => undefined);
  }
}

async function buildImage(builds: ImageBuilds, tree: SourceTree, spec: BuildSpec, log: (line: string) => void): Promise<{ ok: true; id: string } | { ok: false; message: string; details: string[] }> {
  const build = await builds.start(tree, spec);
  const outcome = await build.follow((line) => log(`  ${line}`));
  if (outcome.ok) return { ok: true, id: outcome.id };
  if (isConnectionError(outcome.cause)) throw outcome.cause;
  return { ok: false, message: `the image build failed: ${outcome.message}`, details: [] };
}

interface VerifyContext {
  request: DeployRequest;
  config: EnvironmentConfig;
  tree: SourceTree;
  builds: ImageBuilds;
  names: EnvNames;
  check: HealthCheck;
  projectId: string;
  ports: PortMapping[];
  scratch: string;
}

async function verifyCandidate(docker: Docker, candidate: Docker.Container, context: VerifyContext): Promise<DeployResult | { ok: true }> {
  const { request, config, names, check } = context;
  const started = Date.now();
  try {
    await waitHealthy(candidate, check, request.healthTimeoutMs, request.signal);
  } catch (error) {
    if (!(error instanceof HealthError)) throw error;
    return { ok: false, message: `the new ${request.env} container is not healthy: ${error.message}`, details: error.logs.map((line) => `${names.candidate} | ${line}`) };
  }
  request.log(`healthy in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  const steps = (config.smoke ?? []).map((spec) => normalizeStep(spec));
  if (steps.length === 0) return { ok: true };

  const image = await smokeImage(docker, context);
  if (typeof image !== 'string') return image;
  const url = `http://${names.candidate}${context.ports[0] ? `:${context.ports[0].container}` : ''}`;
  request.log(`smoke steps in ${image} with DEPLOY_URL=${url}`);
  const workspace = await writeSnapshot(context.tree, [], path.join(context.scratch, 'workspace.tar'));
  const smoke = await runSmoke({
    docker,
    image,
    steps,
    env: { CI: 'true', LOCALCI: 'true', DEPLOY_ENV: request.env, DEPLOY_URL: url },
    network: names.network,
    workspace,
    projectId: context.projectId,
    envName: request.env,
    onStep: (step) => request.log(`$ ${step.name}`),
    onLine: (line) => request.log(`  ${line}`),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  throwIfInterrupted(request.signal);
  if (smoke.timedOut !== undefined) return { ok: false, message: `smoke ${smoke.timedOut}`, details: [] };
  if (smoke.exitCode !== 0) return { ok: false, message: `a smoke step failed (exit code ${smoke.exitCode})`, details: [] };
  request.log('smoke steps passed');
  return { ok: true };
}

/** The pipeline's image (its top-level `image`, else the first job's), pulled or built when needed. */
async function smokeImage(docker: Docker, context: VerifyContext): Promise<string | DeployResult> {
  const { pipeline } = context.request;
  const ref: ImageRef | undefined = pipeline.image ?? pipeline.jobs[0]?.image;
  if (ref === undefined) return { ok: false, message: 'the pipeline names no image to run the smoke steps in', details: [] };
  if (ref.kind === 'build') {
    const built = await buildImage(context.builds, context.tree, ref, context.request.log);
    return built.ok ? built.id : built;
  }
  await ensureImage(docker, ref.name, pipeline.jobs[0]?.pull ?? 'if-missing', () => undefined);
  return ref.name;
}

interface TakeOverContext {
  names: EnvNames;
  image: string;
  info: DeployInfo;
  config: EnvironmentConfig;
  projectId: string;
  ports: PortMapping[];
  check: HealthCheck;
  request: DeployRequest;
}

async function takeOver(docker: Docker, context: TakeOverContext): Promise<{ ok: true; info: DeployInfo; replaced: boolean } | { ok: false; message: string; details: string[] }> {
  const { names, request } = context;
  const old = await findOwnedContainer(docker, names.container, context.projectId);
  if (old) {
    await old.rename({ name: names.previous });
    // A short grace period: the environment is down from here until the new container is healthy.
    await old.stop({ t: 3 }).catch(ignoreNotModified);
  }
  let current: Docker.Container | undefined;
  try {
    current = await createEnvContainer(docker, { name: names.container, image: context.image, info: context.info, config: context.config, projectId: context.projectId, network: names.network, ports: context.ports, aliases: [names.alias] });
    await current.start();
    await waitHealthy(current, context.check, request.healthTimeoutMs);
  } catch (error) {
    await current?.remove({ force: true }).catch(() => undefined);
    if (old) {
      await old.rename({ name: names.container });
      await old.start().catch(ignoreNotModified);
    }
    const details = error instanceof HealthError ? error.logs.map((line) => `${names.container} | ${line}`) : [];
    const reason = error instanceof Error ? error.message.replace(/^\(HTTP code \d+\) [\w ]+ - /, '') : String(error);
    return { ok: false, message: `the new ${request.env} container failed to take over${old ? ' (the previous one is running again)' : ''}: ${reason}`, details };
  }
  if (old) await old.remove({ force: true }).catch(() => undefined);
  const inspected = await current.inspect();
  const first = context.ports[0];
  const bound = first ? inspected.NetworkSettings.Ports?.[`${first.container}/tcp`]?.[0]?.HostPort : undefined;
  const info: DeployInfo = { ...context.info, ...(bound ? { url: `http://127.0.0.1:${bound}` } : {}) };
  return { ok: true, info, replaced: old !== undefined };
}

interface EnvContainerSpec {
  name: string;
  image: string;
  info: DeployInfo;
  config: EnvironmentConfig;
  projectId: string;
  network: string;
  ports: PortMapping[];
  aliases: string[];
}

async function createEnvContainer(docker: Docker, spec: EnvContainerSpec): Promise<Docker.Container> {
  const exposed = Object.fromEntries(spec.ports.map((port) => [`${port.container}/tcp`, {}]));
  const bindings = Object.fromEntries(spec.ports.map((port) => [`${port.container}/tcp`, [{ HostIp: '127.0.0.1', HostPort: port.host === 0 ? '' : String(port.host) }]]));
  return docker.createContainer({
    name: spec.name,
    // A tag that names the commit reads well in `docker ps`; an `{env}` tag still names the old image now.
    Image: spec.image,
    Env: Object.entries(spec.config.run?.env ?? {}).map(([key, value]) => `${key}=${value}`),
    // The url is only known once the ports are bound; `ci env ls` reads it off the container.
    Labels: { [LABEL.project]: spec.projectId, [ENV_LABEL.env]: spec.info.env, [ENV_LABEL.info]: JSON.stringify(spec.info) },
    ExposedPorts: exposed,
    HostConfig: { NetworkMode: spec.network, PortBindings: bindings, RestartPolicy: { Name: 'unless-stopped' } },
    NetworkingConfig: { EndpointsConfig: { [spec.network]: { Aliases: spec.aliases } } },
  });
}

export async function ensureNetwork(docker: Docker, name: string, projectId: string, env: string): Promise<void> {
  if (!(await ownedNetworkExists(docker, name, projectId))) {
    await docker.createNetwork({ Name: name, Driver: 'bridge', Labels: { [LABEL.project]: projectId, [ENV_LABEL.env]: env } }).catch((created: { statusCode?: number }) => {
      // Another deploy made it in the meantime.
      if (created.statusCode !== 409) throw created;
    });
    // Whoever made it in the meantime must be this project.
    await ownedNetworkExists(docker, name, projectId);
  }
}

/** What an interrupted deploy left: a candidate goes; an old container stopped mid-switch serves again. */
async function tidyLeftovers(docker: Docker, names: EnvNames, projectId: string, log: (line: string) => void): Promise<void> {
  await (await findOwnedContainer(docker, names.candidate, projectId))?.remove({ force: true });
  const previous = await findOwnedContainer(docker, names.previous, projectId);
  if (!previous) return;
  if (await findOwnedContainer(docker, names.container, projectId)) {
    await previous.remove({ force: true });
  } else {
    log(`restoring ${names.container}, stopped by an interrupted deploy`);
    await previous.rename({ name: names.container });
    await previous.start().catch(ignoreNotModified);
  }
}

function ignoreNotModified(error: { statusCode?: number }): void {
  if (error.statusCode !== 304) throw error;
}

function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError('Deploy interrupted; the environment was left as it was.');
}
