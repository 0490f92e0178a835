/**
 * The zod schema of a whole config, mirroring types.ts key for key. Objects
 * are strict (an unknown key is a typo until proven otherwise), values are
 * checked on their own here, and checks that relate keys to each other
 * (needs, stages, cycles) live in check.ts, which runs once this passes.
 *
 * No transforms or defaults here: a valid config parses to data equal to its
 * input, which validated-cache.ts relies on (defaults belong in normalize.ts).
 */
import { z } from 'zod';
import type { PipelineConfig } from './types.js';
import { actionLayerProblem } from './action-layers.js';
import {
  backendName,
  buildImage,
  duration,
  envMap,
  glob,
  deployTagString,
  imageRuleString,
  imageSpec,
  jobName,
  jobWhen,
  logSize,
  matrixKey,
  matrixValues,
  memory,
  networkConfig,
  nonBlank,
  pidsLimit,
  port,
  portMapping,
  pullPolicy,
  refined,
  relativePath,
  serviceName,
  step,
  webhookUrl,
} from './schema-values.js';
import { enginesConfig } from './engine-schema.js';
import { cpuCount, nodeLabel, registryAddress } from './swarm-schema.js';

const serviceConfig = z.strictObject({
  image: imageSpec,
  env: envMap.optional(),
  ports: z.array(port).optional(),
  healthcheck: nonBlank('healthcheck').optional(),
  command: z.array(z.string()).optional(),
});

const dependencyCache = z.strictObject({
  key: nonBlank('cache key'),
  paths: z.array(nonBlank('cache path')).min(1, { message: 'a cache needs at least one path' }),
});

const retryConfig = z.strictObject({
  max: z.number().int().min(0),
  when: z.array(z.enum(['failure', 'timeout'])).optional(),
});

const jobConfig = z.strictObject({
  stage: nonBlank('stage').optional(),
  needs: z.array(z.string()).optional(),
  image: imageSpec.optional(),
  steps: refined(z.array(step), (steps) =>
    steps.length === 0 ? { message: 'a job needs at least one step', hint: "add a shell line such as 'npm test'" } : undefined,
  ),
  env: envMap.optional(),
  services: z.record(serviceName, serviceConfig).optional(),
  inputs: z.array(glob).optional(),
  artifacts: z
    .union([
      z.array(glob),
      z.strictObject({ paths: z.array(glob), exclude: z.array(glob).optional(), when: z.enum(['on-success', 'on-failure', 'always']).optional() }),
    ])
    .optional(),
  actionLayers: z
    .array(refined(z.string(), (dir) => {
      const problem = actionLayerProblem(dir);
      return problem === undefined ? undefined : { message: problem, hint: 'actionLayers is set by the GitHub Actions importer; leave it out of configs' };
    }))
    .optional(),
  artifactsFrom: z.array(z.string()).optional(),
  reports: z.strictObject({ junit: z.array(glob).optional(), coverage: relativePath.optional() }).optional(),
  cache: z.array(dependencyCache).optional(),
  matrix: z.record(matrixKey, matrixValues).optional(),
  timeout: duration.optional(),
  retry: z.union([z.number().int().min(0), retryConfig]).optional(),
  allowFailure: z
    .union([z.boolean(), z.strictObject({ exitCodes: z.array(z.number().int().min(1).max(255)).min(1, { message: 'list at least one exit code' }) })])
    .optional(),
  when: jobWhen.optional(),
  rules: z.strictObject({ changes: z.array(glob).optional() }).optional(),
  secrets: z.array(nonBlank('secret name')).optional(),
  environment: nonBlank('environment').optional(),
  pull: pullPolicy.optional(),
  network: networkConfig.optional(),
  memory: memory.optional(),
  pids: pidsLimit.optional(),
  cpus: cpuCount.optional(),
  runsOn: z.array(nodeLabel).optional(),
  install: z.boolean().optional(),
});

const installConfig = z.strictObject({
  steps: refined(z.array(step), (steps) =>
    steps.length === 0 ? { message: 'an install needs at least one step', hint: "add a shell line such as 'npm ci'" } : undefined,
  ),
  inputs: z.array(glob).min(1, { message: 'an install needs its inputs (the lock file), or it could never be reused' }),
  paths: z.array(relativePath).min(1, { message: 'an install needs the folders it fills, such as node_modules' }),
  cache: z.array(dependencyCache).optional(),
});

const environmentConfig = z.strictObject({
  build: buildImage
    .extend({ dockerfile: relativePath.optional(), tags: z.array(deployTagString).optional() })
    .optional(),
  run: z
    .strictObject({
      ports: z.array(z.union([portMapping, port])).optional(),
      env: envMap.optional(),
      healthcheck: nonBlank('healthcheck').optional(),
    })
    .optional(),
  smoke: z.array(step).optional(),
});

const prePushConfig = z.strictObject({
  jobs: z.array(z.string()).optional(),
  onDockerMissing: z.enum(['refuse', 'warn']).optional(),
  tags: z.boolean().optional(),
  eachCommit: z.boolean().optional(),
  coverage: z.strictObject({ min: z.number().min(0).max(100).optional(), maxDrop: z.number().min(0).max(100).optional() }).optional(),
});

const watchConfig = z.strictObject({
  debounce: z.number().int().min(0).optional(),
  keepContainers: z.boolean().optional(),
  ignore: z.array(glob).optional(),
});

export const pipelineSchema = z.strictObject({
  image: imageSpec.optional(),
  env: envMap.optional(),
  stages: z.array(nonBlank('stage name')).optional(),
  jobs: z
    .record(jobName, jobConfig)
    .refine((jobs) => Object.keys(jobs).length > 0, {
      message: 'no jobs defined',
      params: { hint: "add at least one job, such as `jobs: { test: { steps: ['npm test'] } }`" },
    }),
  install: installConfig.optional(),
  environments: z.record(nonBlank('environment name'), environmentConfig).optional(),
  hooks: z.strictObject({ prePush: prePushConfig.optional() }).optional(),
  watch: watchConfig.optional(),
  pull: pullPolicy.optional(),
  network: networkConfig.optional(),
  notify: z.strictObject({ webhook: webhookUrl.optional(), desktop: z.boolean().optional() }).optional(),
  logs: z.strictObject({ maxSize: logSize.optional() }).optional(),
  images: z.record(nonBlank('image pattern'), imageRuleString).optional(),
  backend: backendName.optional(),
  engines: enginesConfig.optional(),
  registry: registryAddress.optional(),
});

// The schema and types.ts must describe the same shape; these fail to compile when they drift.
type Parsed = z.output<typeof pipelineSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: Same<Parsed, PipelineConfig> = true;
void schemaMatchesTypes;
