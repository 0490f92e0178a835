/**
 * `ci doctor`'s checks in order: config, Docker, the pool's engines, images, hook, disk, network.
 * Each check stands alone, so a broken config still gets Docker and the hook
 * checked. Exit 3 when Docker or an engine of the pool is unreachable (as `ci run` would), 1 when
 * another ✗ check failed, 0 otherwise: ! lines are advice and never fail.
 */
import path from 'node:path';
import { ExitCode } from '../errors.js';
import { findSearchBoundary } from '../config/boundary.js';
import { warn, type Check } from './check.js';
import { checkConfig } from './config-check.js';
import { checkDisk } from './disk-check.js';
import { checkDocker } from './docker-check.js';
import { checkHook } from './hook-check.js';
import { checkImages } from './image-check.js';
import { checkNetwork } from './network-check.js';
import { checkPool } from './pool-check.js';

export interface DoctorResult {
  checks: Check[];
  exitCode: number;
}

export async function runDoctor(cwd: string, configFile: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<DoctorResult> {
  const [config, docker] = await Promise.all([checkConfig(cwd, configFile), checkDocker(env)]);
  const root = config.pipeline?.root ?? findSearchBoundary(cwd).gitRoot ?? path.resolve(cwd);
  const images = !config.pipeline
    ? [warn('image', 'not checked: the config does not load', 'fix the config, then run `ci doctor` again')]
    : docker.engine
      ? await checkImages(docker.engine, config.pipeline)
      : [warn('image', 'not checked: Docker is unreachable', 'start Docker, then run `ci doctor` again')];
  const [hook, disk, pool] = await Promise.all([checkHook(root), checkDisk(root), checkPool(config.pipeline, env)]);
  const checks = [...config.checks, docker.check, ...pool.checks, ...images, ...hook, disk, ...checkNetwork(env)];
  return { checks, exitCode: exitCodeOf(checks, docker.engine !== undefined && pool.reachable) };
}

export function exitCodeOf(checks: readonly Check[], dockerReachable: boolean): number {
  if (!dockerReachable) return ExitCode.environment;
  return checks.some((check) => check.level === 'fail') ? ExitCode.jobFailed : ExitCode.ok;
}
