/**
 * What kind of project `ci init` is looking at, read off the files git gives the
 * jobs (an ignored lock file is not a lock file): package.json (Node, with the
 * package manager its lock file names), pyproject.toml or requirements.txt
 * (Python, in a virtualenv), go.mod (Go); a Dockerfile adds a `staging`
 * environment. The first match in that order decides the jobs.
 */
import { ConfigError } from '../errors.js';
import { inferFromPackageJson, readNodeProject } from '../config/infer.js';
import type { DependencyCacheConfig, InstallConfig } from '../config/types.js';
import { ProjectFiles } from '../config/project-files.js';
import { GO_FILES, goProject } from '../config/go-project.js';
import { PYTHON_FILES, pythonProject } from '../config/python-project.js';

export type ProjectKind = 'node' | 'python' | 'go' | 'generic';

export interface InitJob {
  name: string;
  steps: string[];
  needs?: string[];
  artifacts?: string[];
  cache?: DependencyCacheConfig[];
}

export interface InitEnvironment {
  name: string;
  dockerfile: string;
  /** Container ports from the Dockerfile's EXPOSE lines, else 8080. */
  ports: number[];
  /** True when no EXPOSE line said which port. */
  portGuessed: boolean;
  /** The smoke step, with a tool the pipeline's image has (node, python, else curl or wget). */
  smoke: string;
}

export interface Detection {
  kind: ProjectKind;
  image: string;
  env?: Record<string, string>;
  /** The shared install, run once per image and lock file; its folders become a layer under every job. */
  install?: InstallConfig;
  jobs: InitJob[];
  environment?: InitEnvironment;
  /** One line each: what was found and what it decided. */
  findings: string[];
}

export const GENERIC_IMAGE = 'alpine:3';
const DEFAULT_PORT = 8080;

/**
 * Any image's way to fetch a URL: official images carry curl or wget (or neither, in slim ones),
 * busybox and alpine only wget; with neither the step says what to change instead of "not found".
 */
const FETCH_ANY = 'if command -v curl > /dev/null; then curl -fsS -o /dev/null "$DEPLOY_URL"; elif command -v wget > /dev/null; then wget -qO- "$DEPLOY_URL" > /dev/null; else echo "smoke: this image has neither curl nor wget; change the smoke step" >&2; exit 1; fi';

/** Fetches $DEPLOY_URL and fails on an error status, with what each kind of image has. */
const SMOKE: Record<ProjectKind, string> = {
  node: `node -e "fetch(process.env.DEPLOY_URL).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"`,
  python: `python -c "import os, urllib.request; urllib.request.urlopen(os.environ['DEPLOY_URL'], timeout=10)"`,
  go: FETCH_ANY,
  generic: FETCH_ANY,
};

const DETECTED_FILES = ['package.json', ...PYTHON_FILES, ...GO_FILES, 'Dockerfile'];

export async function detectProject(root: string): Promise<Detection> {
  const files = await ProjectFiles.open(root, DETECTED_FILES);
  const base = files.has('package.json') ? await detectNode(root) : files.has('pyproject.toml') || files.has('requirements.txt') ? detectPython(files) : files.has('go.mod') ? detectGo(files) : detectGeneric();
  const dockerfile = files.has('Dockerfile') ? 'Dockerfile' : undefined;
  if (dockerfile === undefined) return base;
  const exposed = exposedPorts(files.read(dockerfile) ?? '');
  const environment: InitEnvironment = { name: 'staging', dockerfile, ports: exposed.length > 0 ? exposed : [DEFAULT_PORT], portGuessed: exposed.length === 0, smoke: SMOKE[base.kind] };
  const portNote = environment.portGuessed ? `no EXPOSE, port ${DEFAULT_PORT} assumed` : `port ${environment.ports.join(', ')} from EXPOSE`;
  return { ...base, environment, findings: [...base.findings, `${dockerfile} (staging environment, ${portNote})`] };
}

async function detectNode(root: string): Promise<Detection> {
  try {
    const inferred = await inferFromPackageJson(root);
    const { manager, node } = inferred;
    const jobs = Object.entries(inferred.config.jobs).map(([name, job]): InitJob => ({
      name,
      steps: job.steps.map((step) => (typeof step === 'string' ? step : step.run)),
      ...(job.needs ? { needs: job.needs } : {}),
      ...(Array.isArray(job.artifacts) ? { artifacts: job.artifacts } : {}),
      ...(job.cache ? { cache: job.cache } : {}),
    }));
    const image = node.image;
    const findings = [`package.json: Node, ${manager.description}, image ${image} (from ${node.from === 'host' ? 'the Node running here' : node.from})`, `jobs from scripts: ${jobs.map((job) => job.name).join(', ')}`];
    for (const { job, by } of inferred.covered) findings.push(`no ${job} job: the ${by} script already runs it`);
    return { kind: 'node', image, ...(inferred.config.env ? { env: inferred.config.env } : {}), ...(inferred.config.install ? { install: inferred.config.install } : {}), jobs, findings };
  } catch (error) {
    // No build/lint/typecheck/test script: still a Node project; the install is the one job.
    if (!(error instanceof ConfigError) || error.issues.some((issue) => issue.path !== 'scripts')) throw error;
    const project = await readNodeProject(root);
    const { inferNodeImage } = await import('../config/node-image.js');
    const image = inferNodeImage(project.files, project.pkg).image;
    const { install } = project.manager;
    return {
      kind: 'node',
      image,
      ...(Object.keys(install.env).length > 0 ? { env: install.env } : {}),
      jobs: [{ name: 'install', steps: install.steps, cache: install.cache }],
      findings: [`package.json: Node, ${project.manager.description}, image ${image}`, 'no build, lint, typecheck or test script: only an install job'],
    };
  }
}

function detectPython(files: ProjectFiles): Detection {
  const python = pythonProject(files);
  return {
    kind: 'python',
    image: python.image,
    env: python.env,
    install: python.install,
    jobs: [{ name: 'test', steps: [python.test] }],
    findings: [`${python.source}: Python, ${python.tool}, image ${python.image}, a virtualenv (.venv) installed once per ${python.install.inputs.join(' + ')}`],
  };
}

function detectGo(files: ProjectFiles): Detection {
  const go = goProject(files);
  return {
    kind: 'go',
    image: go.image,
    env: go.env,
    install: go.install,
    jobs: [
      { name: 'build', steps: ['go build ./...'], cache: go.jobCache },
      { name: 'test', steps: ['go test ./...'], cache: go.jobCache },
    ],
    findings: [`go.mod: Go ${go.version ?? '(no go line)'}, image ${go.image}, the module cache downloaded once per go.mod + go.sum`],
  };
}

function detectGeneric(): Detection {
  return {
    kind: 'generic',
    image: GENERIC_IMAGE,
    jobs: [{ name: 'check', steps: ['echo "replace this with your build and test steps"'] }],
    findings: ['no package.json, pyproject.toml, requirements.txt or go.mod'],
  };
}

/** Container ports of the Dockerfile's EXPOSE lines (`EXPOSE 80 443/tcp`), UDP left out. */
export function exposedPorts(dockerfile: string): number[] {
  const ports: number[] = [];
  for (const match of dockerfile.matchAll(/^\s*EXPOSE\s+(.+)$/gim)) {
    for (const word of match[1]!.trim().split(/\s+/)) {
      const port = /^(\d+)(?:\/tcp)?$/i.exec(word)?.[1];
      if (port !== undefined && !ports.includes(Number(port))) ports.push(Number(port));
    }
  }
  return ports;
}
