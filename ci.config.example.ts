/**
 * Every option of a localci pipeline, each with a one-line comment. Copy what
 * you need into `ci.config.ts`; only `jobs` (each with `steps`) is required.
 * Durations are seconds (number) or strings like '90s', '10m', '1h30m', '500ms'.
 * To start from the team's CI file instead and change parts of it:
 * `defineConfig({ extends: 'gitlab:.gitlab-ci.yml', jobs: { test: { timeout: '10m' } } })`.
 */
import { defineConfig } from 'localci';

export default defineConfig({
  // Default image of every job; a name, or `{ dockerfile, target, context, args }` to build one.
  image: 'node:20',
  // Variables given to every job (strings only: quote numbers); job `env` wins on conflicts.
  env: { NODE_ENV: 'test', TZ: 'UTC' },
  // Ordered stages: a job with a `stage` and no `needs` waits for every job of the earlier stages.
  stages: ['build', 'test', 'deploy'],
  // Default pull policy: 'if-missing' (default), 'always' or 'never'.
  pull: 'if-missing',
  // Default network set-up; both default to true.
  network: {
    // Copy the host's CA bundle into jobs (corporate TLS interception keeps working).
    inheritTrust: true,
    // Pass the host's HTTP(S)_PROXY / NO_PROXY on to jobs.
    inheritProxy: true,
  },
  // Dependencies installed once per job image and lock file; the `paths` they fill become a
  // read-only layer under every job's workspace. An unchanged lock file means no install at all.
  install: {
    // Shell lines of the install.
    steps: ['npm ci'],
    // Files whose content decides what gets installed.
    inputs: ['package-lock.json', 'package.json'],
    // Folders the install fills: the layer's content.
    paths: ['node_modules'],
    // The package manager's download cache, on a volume: a changed lock file downloads only what is new.
    cache: [{ key: 'npm', paths: ['~/.npm'] }],
  },

  jobs: {
    build: {
      // Stage of this job (must be listed in `stages`).
      stage: 'build',
      // Shell lines run with `sh -e` in /workspace; a step may also be `{ name, run, timeout, when, allowFailure }`:
      // `when: 'always'` runs it after a failed step too (clean-up), `'on-failure'` only then;
      // `allowFailure: true` lets it fail without failing the job. The job's exit code is the first failure's.
      // A step's `container: { image }` is set by the GitHub Actions importer for Docker actions: its `run`
      // script starts a container of that image, which shares the job's workspace (not written by hand).
      steps: [
        { name: 'compile', run: 'npm run build', timeout: '5m' },
        { name: 'collect logs', run: 'cp -r /tmp/logs build-logs || true', when: 'always', allowFailure: true },
      ],
      // Paths or globs copied out when the job passes, and into every job that needs it. The object form
      // `{ paths, exclude, when: 'on-success' | 'on-failure' | 'always' }` leaves files out and keeps them after a failure.
      artifacts: { paths: ['dist/', 'build-logs/'], exclude: ['dist/**/*.map'], when: 'always' },
      // Files this job reads: unchanged inputs reuse the last result; default: every file.
      // Read like .gitignore (also `rules.changes`, `watch.ignore`): in order, the last match
      // wins, `!` leaves out, a folder covers its files: ['src/**', '!src/gen/**', 'src/gen/keep.ts'].
      inputs: ['src/**', 'package.json', 'package-lock.json', 'tsconfig*.json'],
      // Dependency caches kept in Docker volumes; `{{ hashFiles(...) }}` hashes the named files.
      cache: [{ key: 'npm-{{ hashFiles("package-lock.json") }}', paths: ['~/.npm'] }],
      // Memory limit of the job's container ('512m', '2g').
      memory: '2g',
      // Most processes and threads the job's container may run at once (default 4096), so a
      // fork bomb in a test fails the job instead of the machine. Services get the default.
      pids: 8192,
      // CPUs the job may use; a Swarm also reserves them on the node it picks.
      cpus: 2,
      // On a Swarm: only nodes with these labels run the job (`docker node update --label-add`).
      runsOn: ['arch=amd64'],
    },

    unit: {
      stage: 'test',
      // Jobs that must pass first; overrides the stage order. A matrix job's name means all its expansions.
      needs: ['build'],
      // Upstream jobs whose artifacts this job receives; default every job upstream, `[]` none.
      artifactsFrom: ['build'],
      // Set by the GitHub Actions importer, not by hand: folders of fetched actions, which must be
      // in localci's actions cache (`~/.cache/localci/actions/…`); any other folder is refused.
      // actionLayers: ['/home/me/.cache/localci/actions/acme/tools/v1/<sha>'],
      // One job per combination: `unit (node=18)`, `unit (node=20)`.
      matrix: { node: ['18', '20', '22'] },
      // `${{ matrix.<key> }}` is replaced in image, env, steps, services and cache keys.
      image: 'node:${{ matrix.node }}',
      steps: ['npm test'],
      // Files the test runner writes, read after the job passed or failed: failed test cases in
      // the summary, coverage (lcov, istanbul coverage-summary.json or Cobertura) in the history.
      reports: { junit: ['reports/*.xml'], coverage: 'coverage/lcov.info' },
      // Variables for this job only, merged over the top-level `env`.
      env: { NODE_VERSION: '${{ matrix.node }}' },
      // Sidecar containers, reachable from the job by their name (`postgres` here).
      services: {
        postgres: {
          // Image of the service (a name or a Dockerfile build, like a job's image).
          image: 'postgres:16-alpine',
          // Variables of the service container.
          env: { POSTGRES_PASSWORD: 'test' },
          // Ports the job connects to; the first is probed until it accepts connections.
          ports: [5432],
          // A command run in the service until it exits 0; overrides the port probe.
          healthcheck: 'pg_isready -U postgres',
          // Command of the service container, replacing the image's default.
          command: ['postgres', '-c', 'fsync=off'],
        },
      },
      // Kill the job after this long.
      timeout: '15m',
      // Run a failed job again: a count, or `{ max, when: ['failure', 'timeout'] }`.
      retry: { max: 1, when: ['timeout'] },
      // Names of secrets read from the environment or `.env.local`, passed in and masked in output.
      secrets: ['NPM_TOKEN'],
      // Per-job pull policy and network set-up, overriding the top-level ones.
      pull: 'never',
      network: { inheritProxy: false },
    },

    lint: {
      stage: 'test',
      steps: ['npm run lint'],
      // A failure of this job does not fail the pipeline; `{ exitCodes: [3] }` allows only those exit codes.
      allowFailure: { exitCodes: [1, 3] },
      // Skip the job unless one of these files changed against the upstream branch.
      rules: { changes: ['src/**', '.eslintrc*'] },
    },

    'e2e image': {
      stage: 'test',
      needs: ['build'],
      // Build the job image from the project's Dockerfile, stopping at a stage.
      image: { dockerfile: 'Dockerfile', target: 'test', context: '.', args: { NODE_VERSION: '20' } },
      steps: ['npm run e2e'],
      // 'on-success' (default), 'always', 'on-failure', or 'manual' (only when named on the command line).
      when: 'on-success',
      retry: 2,
    },

    deploy: {
      stage: 'deploy',
      // Marks a deploy job for this environment: it runs only with `--deploy`.
      environment: 'staging',
      steps: ['./scripts/deploy.sh staging'],
      when: 'manual',
      // Without the install layer: the deploy script needs no dependencies. Default true.
      install: false,
    },
  },

  // Deploy targets: how the production image is built, run and smoke-tested.
  environments: {
    // `ci deploy staging` (never `ci run`, the hook or watch): builds the Dockerfile through the
    // Docker API from the same files a run sees, tags it, starts it on its own network and on
    // 127.0.0.1, waits until healthy, runs `smoke`, and only then replaces the running one.
    // `ci env ls | logs | down` manage what is running.
    staging: {
      // Default tags: `<project>-<id>:{sha}` and `<project>-<id>:{env}` (<id>: a hash of the checkout path; {env} moves only when the deploy passes).
      build: { dockerfile: 'Dockerfile', context: '.', target: 'runtime', args: { NODE_ENV: 'production' }, tags: ['myapp:{sha}', 'myapp:{env}'] },
      // Ports on 127.0.0.1 only (3000, or '8080:3000' for host 8080 to container 3000); the health check is
      // this command run inside, else the image's HEALTHCHECK, else TCP on the first container port.
      run: { ports: [3000, '9229:9229'], env: { PORT: '3000' }, healthcheck: 'wget -qO- http://localhost:3000/health' },
      // Run in the pipeline's image on the environment's network, with DEPLOY_URL pointing at the new container.
      // Steps like a job's, `timeout` included.
      smoke: ['wget -qO- "$DEPLOY_URL/health"', { name: 'api', run: './scripts/smoke.sh', timeout: '2m' }],
    },
  },

  hooks: {
    // The git pre-push hook (`ci hook install`).
    prePush: {
      // Jobs run before a push; default: every job without an `environment`.
      jobs: ['build', 'unit', 'lint'],
      // When Docker is unreachable: 'refuse' the push (default) or 'warn' and let it through.
      onDockerMissing: 'refuse',
      // Also check pushed tags (default false).
      tags: false,
      // Check every new commit of a push, oldest first, not just each branch's tip (default false).
      eachCommit: false,
      // Refuse a push under 80% line coverage, or one more than 1 point below the branch on the remote.
      coverage: { min: 80, maxDrop: 1 },
    },
  },

  // When a run ends (besides the terminal bell after runs over 10 s).
  notify: {
    // POST a JSON summary of every `ci run` (id, status, commit, jobs) here; 5 s timeout.
    webhook: 'https://hooks.example.com/localci',
    // Desktop pop-up: default only after long runs started in a terminal; true: always; false: never.
    desktop: true,
  },

  // Each job's log in the run folder (`ci logs`): past maxSize it keeps the first and the last half
  // and says how many lines were cut between them (default '50m'; at least '16k').
  logs: { maxSize: '50m' },

  // Image map: rewrite image references before anything is pulled (offline machines, company mirrors).
  // Globs over the reference as written; a `*` in the image repeats what the pattern's `*` matched;
  // the first matching rule wins. LOCALCI_IMAGES="pattern=image,…" is tried before these, and the
  // user's ~/.config/localci/config.yaml (`images:`) after them. `ci images` shows each mapping.
  images: {
    'postgres:*': 'registry.local/postgres:*',
  },

  // Where jobs run: 'docker' (default), the engine DOCKER_HOST or the current docker context
  // names; 'pool', the `engines` below (chosen without asking when engines are listed); 'swarm',
  // a Docker Swarm whose manager that engine is (each job a one-shot service).
  // `--backend` and LOCALCI_BACKEND override it for one command.
  backend: 'docker',
  // The registry a Swarm's nodes pull each job's image from (the manager pushes it there);
  // needed by `backend: 'swarm'` only. LOCALCI_REGISTRY overrides it.
  registry: 'registry.internal:5000',

  // The pool: Docker engines that share the run's jobs, each running up to `slots` jobs at once
  // (default: its CPU count). An engine is a DOCKER_HOST-style `host` (TLS files relative to the
  // project root) or a `docker context` name. LOCALCI_ENGINES="host*slots,context,…" replaces it.
  engines: [
    { host: 'unix:///var/run/docker.sock' },
    { host: 'tcp://buildbox:2376', tls: { ca: 'certs/ca.pem', cert: 'certs/cert.pem', key: 'certs/key.pem' }, slots: 8 },
    { context: 'big-box', slots: 16 },
  ],

  // `ci watch`: re-run the jobs whose inputs changed.
  watch: {
    // Quiet time after the last change before a run starts, in ms (default 100).
    debounce: 200,
    // Start each job's next container ahead of the save, waiting for its steps: ~150 ms faster
    // feedback (default true; every container still serves one run only).
    keepContainers: true,
    // Extra globs to ignore besides .gitignore.
    ignore: ['coverage/**', '**/*.log'],
  },
});
