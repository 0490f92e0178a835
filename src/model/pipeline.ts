/**
 * The validated, normalised pipeline: the one vocabulary shared by plan, run,
 * backend and reporters. Config loading is the only producer; nothing here
 * still needs defaults filled in or shorthand expanded.
 */
import type { ImportFormat } from '../config/import/importer.js';
import type { ArtifactsWhen, BackendName, CoverageGate, EngineConfig, EnvironmentConfig, JobWhen, NetworkConfig, NotifyConfig, PrePushConfig, PullPolicy, StepWhen, WatchConfig } from '../config/types.js';

export type ImageRef =
  | {
      kind: 'name';
      name: string;
      /** The reference as the config wrote it, when the image map rewrote it to `name`. */
      mappedFrom?: string;
      /** The rule that did (`LOCALCI_IMAGES node:*=…`, a file and key). */
      mappedBy?: string;
    }
  | { kind: 'build'; dockerfile: string; target?: string; context: string; args: Record<string, string> };

export interface Step {
  name: string;
  run: string;
  timeoutMs?: number;
  /** Which outcome of the earlier steps this step runs after; absent: `'on-success'`. */
  when?: StepWhen;
  /** Its failure neither fails the job nor stops later steps; absent: false. */
  allowFailure?: boolean;
  /** The step's own container (model/step-container.ts); absent: the step runs in the job's container only. */
  container?: StepContainer;
}

export interface StepContainer {
  image: ImageRef;
}

export interface Service {
  name: string;
  image: ImageRef;
  env: Record<string, string>;
  ports: number[];
  healthcheck?: string;
  command?: string[];
}

export interface DependencyCache {
  key: string;
  paths: string[];
}

/**
 * The process limit of every container a run starts (jobs, their services, smoke steps) unless a
 * job sets `pids`: far above what builds and test runners use, far below what takes a machine down.
 */
export const DEFAULT_PIDS_LIMIT = 4096;

/** A job's log keeps at most this much (`logs.maxSize`): a test printing in a loop cannot fill the disk, kept for 50 runs. */
export const DEFAULT_LOG_MAX_BYTES = 50 * 1024 ** 2;

/** Report files of a job, relative to /workspace. */
export interface JobReports {
  /** JUnit XML paths or globs (may be empty). */
  junit: string[];
  coverage?: string;
}

export interface Job {
  /** Unique name, including the matrix suffix: `unit (node=18)`. */
  name: string;
  /** Name as written in the config, before matrix expansion. */
  baseName: string;
  /** The matrix values of this expansion, when the job has a matrix. */
  matrix?: Record<string, string>;
  stage?: string;
  /** Direct dependencies by unique job name (stages and matrix already resolved). */
  needs: string[];
  image: ImageRef;
  steps: Step[];
  env: Record<string, string>;
  services: Service[];
  /** Globs relative to the project root; empty means every file. */
  inputs: string[];
  artifacts: string[];
  /** Globs left out of `artifacts`; absent: none. */
  artifactsExclude?: string[];
  /** When the artifacts are copied out: after a pass (absent), a failure, or both. */
  artifactsWhen?: ArtifactsWhen;
  /** Folders of fetched GitHub actions in localci's actions cache, read-only layers under the workspace. */
  actionLayers?: string[];
  /** Upstream jobs whose artifacts this job gets (unique names); absent: every upstream job. */
  artifactsFrom?: string[];
  /** Test report files read after the job, passed or failed; absent: none. */
  reports?: JobReports;
  cache: DependencyCache[];
  timeoutMs?: number;
  retry: { max: number; when: Array<'failure' | 'timeout'> };
  allowFailure: boolean;
  /** With `allowFailure`: only these exit codes count as allowed; absent: any failure. */
  allowFailureExitCodes?: number[];
  when: JobWhen;
  changes?: string[];
  secrets: string[];
  environment?: string;
  pull: PullPolicy;
  network: Required<NetworkConfig>;
  memoryBytes?: number;
  /** Most processes and threads the job's container may hold at once (`pids`); a fork bomb stops there. */
  pidsLimit: number;
  /** CPUs the job may use (`cpus`). */
  cpus?: number;
  /** Node labels (`key=value`) a Swarm node needs to run this job (`runsOn`). */
  runsOn?: string[];
  /** Set (false) when the job does without the pipeline's install layer. */
  install?: false;
}

/** The pipeline's shared install (config `install`), run once per job image and kept as a layer. */
export interface InstallSpec {
  steps: Step[];
  /** Files whose content decides what the install produces. */
  inputs: string[];
  /** Folders the install fills, relative to the workspace: the layer's content. */
  paths: string[];
  cache: DependencyCache[];
  /** The pipeline's variables (a job's own variables do not reach the shared install). */
  env: Record<string, string>;
}

/** Where the pipeline came from: a file, `"ci"` in package.json, inference, or a CI file of another tool. */
export interface PipelineSource {
  kind: 'file' | 'package.json' | 'inferred' | 'import';
  /** Absolute path of the file read (package.json when inferred; the main CI file when imported). */
  file: string;
  /** The imported format (`gitlab`, `github`), when kind is `import`. */
  format?: ImportFormat;
  /** Every file the pipeline was read from, when more than one (includes, workflows, an `extends` target). */
  files?: string[];
}

export interface Pipeline {
  /** Directory the pipeline belongs to: the git root, or the config's directory outside git. */
  root: string;
  /** Short name used in labels and image tags (package name or directory name). */
  projectName: string;
  source: PipelineSource;
  /** The top-level default image, when the config names one (deploy smoke steps run in it). */
  image?: ImageRef;
  stages: string[];
  /** Jobs in declaration order. */
  jobs: Job[];
  install?: InstallSpec;
  environments: Record<string, EnvironmentConfig>;
  prePush: Required<Omit<PrePushConfig, 'jobs' | 'coverage'>> & { jobs?: string[]; coverage?: CoverageGate };
  watch: Required<Omit<WatchConfig, 'ignore'>> & { ignore: string[] };
  /** Most bytes a job's log keeps on disk (head and tail, see report/log-file-reporter.ts). */
  logMaxBytes: number;
  /** As written; absent when the config has no `notify` (src/notify/run-alerts.ts has the defaults). */
  notify?: NotifyConfig;
  /** As written; absent when the config leaves the choice to `--backend`, LOCALCI_BACKEND or the default. */
  backend?: BackendName;
  /** The pool's engines as written (TLS paths relative to `root`); LOCALCI_ENGINES overrides them. */
  engines?: EngineConfig[];
  /** The registry a Swarm's nodes pull job images from, as written (`registry`). */
  registry?: string;
}

/** Result of loading: the pipeline plus non-fatal remarks the CLI prints. */
export interface LoadedPipeline {
  pipeline: Pipeline;
  warnings: string[];
  /** The warnings about keys of an imported CI file that localci ignores or approximates (`ci list --strict`). */
  unsupported?: string[];
  /** Jobs of an imported CI file that localci cannot run, with why (`ci list` shows them). */
  unavailable?: Array<{ name: string; reason: string }>;
  /** How this run differs from the one asked for (an imported workflow run as a pull request), said on every run. */
  notes?: string[];
}
