/**
 * The shape of a `ci.config.ts` as users write it. `defineConfig` is typed with
 * these interfaces; `schema.ts` validates the same shape at load time.
 * Everything optional has a documented default so a minimal config stays minimal.
 */

/** A duration: seconds as a number, or a string such as `'90s'`, `'10m'`, `'1h30m'`. */
export type DurationSpec = number | string;

/** When to fetch an image from a registry. */
export type PullPolicy = 'if-missing' | 'always' | 'never';

/** Build the job image from the project's own Dockerfile instead of naming one. */
export interface BuildImageSpec {
  /** Path of the Dockerfile, relative to the project root. */
  dockerfile: string;
  /** Build stage to stop at (`docker build --target`). */
  target?: string;
  /** Build context, relative to the project root. Default `'.'`. */
  context?: string;
  /** Build arguments (`--build-arg`). */
  args?: Record<string, string>;
}

/** An image name such as `'node:20'`, or a Dockerfile build. */
export type ImageSpec = string | BuildImageSpec;

/** When a step runs, given the steps before it: only while all passed (default), only after one failed, or either way. */
export type StepWhen = 'on-success' | 'on-failure' | 'always';

/** A shell line run with `sh -e`, or a named one. */
export type StepSpec =
  | string
  | {
      name?: string;
      run: string;
      timeout?: DurationSpec;
      /** Default `'on-success'`; `'always'` suits clean-up and log collection after a failure. */
      when?: StepWhen;
      /** A failure of this step does not fail the job, and later steps still see success. */
      allowFailure?: boolean;
      /**
       * Set by the GitHub Actions importer for Docker actions: `run` starts a container of this
       * image for the step, which shares the job's workspace (model/step-container.ts).
       */
      container?: { image: ImageSpec };
    };

/** When a job's artifacts are kept: after it passes (default), after it fails, or both. */
export type ArtifactsWhen = 'on-success' | 'on-failure' | 'always';

/** Artifacts with exceptions and a time to keep them. */
/** Files the job's test runner writes, read after the job whether it passed or failed. */
export interface ReportsConfig {
  /** JUnit XML files: paths or globs relative to /workspace. */
  junit?: string[];
  /** One coverage file: lcov, istanbul `coverage-summary.json` or Cobertura XML (told apart by content). */
  coverage?: string;
}

export interface ArtifactsConfig {
  /** Paths or globs relative to /workspace. */
  paths: string[];
  /** Globs of files under `paths` that are left out. */
  exclude?: string[];
  /** Default `'on-success'`. */
  when?: ArtifactsWhen;
}

export interface ServiceConfig {
  image: ImageSpec;
  env?: Record<string, string>;
  /** Container ports the job talks to (used for the TCP readiness check). */
  ports?: number[];
  /** A command run inside the service until it exits 0; default: image HEALTHCHECK or first port. */
  healthcheck?: string;
  command?: string[];
}

export interface DependencyCacheConfig {
  /** Cache key; `{{ hashFiles("package-lock.json") }}` is replaced by the files' hash. */
  key: string;
  /** Paths inside the container (relative to /workspace, or `~/…`). */
  paths: string[];
}

export interface RetryConfig {
  max: number;
  when?: Array<'failure' | 'timeout'>;
}

export interface NetworkConfig {
  /** Copy the host's CA bundle into jobs and point the usual variables at it. Default true. */
  inheritTrust?: boolean;
  /** Pass the host's HTTP(S)_PROXY / NO_PROXY on to jobs. Default true. */
  inheritProxy?: boolean;
}

export type JobWhen = 'on-success' | 'always' | 'on-failure' | 'manual';

export interface JobConfig {
  /** Stage this job belongs to, when the pipeline declares `stages`. */
  stage?: string;
  /** Jobs that must pass before this one starts. */
  needs?: string[];
  /** Image for this job; default: the pipeline's `image`. */
  image?: ImageSpec;
  /** Shell lines run in order in `/workspace`; the first failing line fails the job. */
  steps: StepSpec[];
  env?: Record<string, string>;
  /** Sidecar containers reachable by name from the job. */
  services?: Record<string, ServiceConfig>;
  /** Globs of the files this job reads; drives the result cache and watch mode. Default: every file. */
  inputs?: string[];
  /** Paths copied out after the job passes and into every job that needs it; the object form adds `exclude` and `when`. */
  artifacts?: string[] | ArtifactsConfig;
  /**
   * Set by the GitHub Actions importer: folders of fetched actions in localci's actions cache
   * (`<cache>/localci/actions/…`), stacked read-only under the job's workspace. No other folder is taken.
   */
  actionLayers?: string[];
  /** Upstream jobs whose artifacts this job receives. Default: every job it needs, directly or not. `[]`: none. */
  artifactsFrom?: string[];
  /** Test results and coverage to read from the job: `{ junit: ['reports/*.xml'], coverage: 'coverage/lcov.info' }`. */
  reports?: ReportsConfig;
  /** Dependency caches kept in Docker volumes between runs. */
  cache?: DependencyCacheConfig[];
  /** Expands the job once per combination: `{ node: ['18', '20'] }` gives `unit (node=18)`, `unit (node=20)`. */
  matrix?: Record<string, Array<string | number>>;
  /** Kill the job after this long. */
  timeout?: DurationSpec;
  /** Run a failed job again: a count, or `{ max, when }`. */
  retry?: number | RetryConfig;
  /** A failure of this job does not fail the pipeline; `{ exitCodes: [3] }` allows only those exit codes. */
  allowFailure?: boolean | { exitCodes: number[] };
  /** When the job runs relative to the jobs it needs. Default `'on-success'`. */
  when?: JobWhen;
  /** Skip the job unless one of these files changed against the upstream branch. */
  rules?: { changes?: string[] };
  /** Names of secrets read from the environment or `.env.local`, passed in and masked in output. */
  secrets?: string[];
  /** Marks a deploy job for this environment; it runs only with `--deploy`. */
  environment?: string;
  /** Image pull policy for this job. */
  pull?: PullPolicy;
  network?: NetworkConfig;
  /** Memory limit such as `'512m'` or `'2g'`. */
  memory?: string;
  /** Most processes and threads the job's container may run at once; default 4096. */
  pids?: number;
  /** CPUs the job may use, such as `2` or `0.5` (a Swarm also reserves them on the node it picks). */
  cpus?: number;
  /** On a Swarm (`backend: 'swarm'`), run only on nodes with these labels, each `key=value` (`docker node update --label-add`). */
  runsOn?: string[];
  /** Mount the pipeline's install layer (`install`) under this job's workspace. Default true; false for jobs that need no dependencies or use another toolchain. */
  install?: boolean;
}

/**
 * Dependencies installed once and shared: the steps run in a job's image, and the `paths` they
 * fill become a read-only layer under the workspace of every job with that image. The layer is
 * kept per (image id, content of `inputs`, install definition): an unchanged lock file means no
 * install at all; a changed one installs once.
 */
export interface InstallConfig {
  /** Shell lines that install, such as `['npm ci']`. */
  steps: StepSpec[];
  /** Files whose content decides what gets installed (the lock file, package.json). */
  inputs: string[];
  /** Folders the install fills, relative to the project: `['node_modules']`. */
  paths: string[];
  /** The package manager's download cache, kept on a volume so a changed lock file downloads only what is new. */
  cache?: DependencyCacheConfig[];
}

export interface EnvironmentConfig {
  build?: { dockerfile?: string; context?: string; target?: string; args?: Record<string, string>; tags?: string[] };
  run?: { ports?: Array<string | number>; env?: Record<string, string>; healthcheck?: string };
  smoke?: StepSpec[];
}

export interface PrePushConfig {
  /** Jobs run by the pre-push hook. Default: every job without an `environment`. */
  jobs?: string[];
  /** What to do when Docker is unreachable. Default `'refuse'`. */
  onDockerMissing?: 'refuse' | 'warn';
  /** Also check pushed tags. Default false. */
  tags?: boolean;
  /**
   * Check every commit the push adds, oldest first, stopping at the first that fails.
   * Default false: only the tip of each pushed branch (or tag) is checked.
   */
  eachCommit?: boolean;
  /** Refuse a push whose line coverage (jobs' `reports.coverage`) is below `min` % or fell more than `maxDrop` points since the branch's previous run. */
  coverage?: CoverageGate;
}

export interface CoverageGate {
  /** Lowest line coverage in percent (0–100). */
  min?: number;
  /** Most percentage points line coverage may fall against the previous run on the same branch. */
  maxDrop?: number;
}

export interface WatchConfig {
  /** Quiet time after the last change before a run starts, in ms. Default 100. */
  debounce?: number;
  /** Start each job's next (single-use) container ahead of the save. Default true. */
  keepContainers?: boolean;
  /** Extra globs to ignore. */
  ignore?: string[];
}

/** The logs a run keeps of each job (`ci logs`, the run folder). */
export interface LogsConfig {
  /**
   * Most a job's log keeps on disk, as a size (`'50m'`, `'512k'`): past it the log keeps its
   * head and its tail, half each, and says how much was cut between them. Default `'50m'`.
   */
  maxSize?: string;
}

/** What happens when a run ends, besides its output. */
export interface NotifyConfig {
  /** URL that receives a POST of the run's JSON summary (id, status, commit, jobs) after every `ci run`; 5 s timeout. */
  webhook?: string;
  /** Desktop pop-up (notify-send / osascript): default only after runs over 10 s started in a terminal; true: every run; false: never. */
  desktop?: boolean;
}

/** Where jobs run; each name is a backend provider (cli/backend-provider.ts). */
export const BACKEND_NAMES = ['docker', 'pool', 'swarm'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** One Docker engine of a pool (`backend: 'pool'`): an address, or the name of a `docker context`. */
export interface EngineConfig {
  /** The engine's address as DOCKER_HOST spells it: `unix:///var/run/docker.sock`, `tcp://buildbox:2376`, `ssh://me@buildbox`. */
  host?: string;
  /** A `docker context` name instead of `host`: its address and TLS files come from the docker CLI's config. */
  context?: string;
  /** TLS client files for a `tcp://` host (paths relative to the project root): the engine's CA, this machine's certificate and key. */
  tls?: { ca: string; cert: string; key: string };
  /** Jobs this engine runs at once. Default: its CPU count. */
  slots?: number;
}

export interface PipelineConfig {
  /** Default image of every job. */
  image?: ImageSpec;
  /** Variables given to every job. */
  env?: Record<string, string>;
  /** Ordered stages; a job needs every job of the earlier stages unless it lists `needs`. */
  stages?: string[];
  jobs: Record<string, JobConfig>;
  /** Dependencies installed once per image and lock file, shared by every job as a read-only layer. */
  install?: InstallConfig;
  environments?: Record<string, EnvironmentConfig>;
  hooks?: { prePush?: PrePushConfig };
  watch?: WatchConfig;
  /** Default pull policy. Default `'if-missing'`. */
  pull?: PullPolicy;
  network?: NetworkConfig;
  notify?: NotifyConfig;
  logs?: LogsConfig;
  /**
   * Image map: `pattern: image` rules that rewrite image references (globs; `*` in the image
   * repeats what the pattern's `*` matched; first match wins). `LOCALCI_IMAGES` is tried before
   * these, the user's `~/.config/localci/config.yaml` after them.
   */
  images?: Record<string, string>;
  /**
   * Where jobs run: `'docker'` (default), the engine DOCKER_HOST or the current docker context
   * names; `'pool'`, the `engines` (chosen by itself when engines are listed); `'swarm'`, the
   * Docker Swarm whose manager that engine is. `--backend` and LOCALCI_BACKEND override it.
   */
  backend?: BackendName;
  /** The Docker engines of the pool; LOCALCI_ENGINES overrides the list. */
  engines?: EngineConfig[];
  /**
   * The registry a Swarm's nodes pull job images from (`backend: 'swarm'`), such as
   * `registry.internal:5000`: the manager pushes each job's image there. LOCALCI_REGISTRY overrides it.
   */
  registry?: string;
}

/**
 * A config that starts from the team's CI file and changes parts of it:
 * `defineConfig({ extends: 'github:ci.yml', jobs: { test: { timeout: '10m' } } })`.
 */
export interface ExtendingConfig extends Partial<Omit<PipelineConfig, 'jobs'>> {
  /** `'gitlab'`, `'gitlab:<file>'`, `'github'` or `'github:<workflow-file>'`, relative to this config's folder. */
  extends: string;
  /** Jobs to add, or to change: a key set here replaces the imported one; `env` merges by variable. */
  jobs?: Record<string, Partial<JobConfig>>;
}
