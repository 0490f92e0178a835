/**
 * What kind of project `ci init` is looking at, read off the files at its root:
 * package.json (Node, with the package manager its lock file names), pyproject.toml
 * or requirements.txt (Python), go.mod (Go); a Dockerfile adds a `staging`
 * environment. The first match in that order decides the jobs.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { inferFromPackageJson } from '../config/infer.js';
import { inferNodeImage } from '../config/node-image.js';
import { detectPackageManager } from '../config/package-manager.js';

export type ProjectKind = 'node' | 'python' | 'go' | 'generic';

export interface InitJob {
  name: string;
  steps: string[];
  needs?: string[];
  artifacts?: string[];
}

export interface InitEnvironment {
  name: string;
  dockerfile: string;
  /** Container ports from the Dockerfile's EXPOSE lines, else 8080. */
  ports: number[];
  /** True when no EXPOSE line said which port. */
  portGuessed: boolean;
}

export interface Detection {
  kind: ProjectKind;
  image: string;
  jobs: InitJob[];
  environment?: InitEnvironment;
  /** One line each: what was found and what it decided. */
  findings: string[];
}

export const PYTHON_IMAGE = 'python:3.12';
export const GENERIC_IMAGE = 'alpine:3';
const DEFAULT_PORT = 8080;

export function detectProject(root: string): Detection {
  const has = (file: string) => existsSync(path.join(root, file));
  const base = has('package.json') ? detectNode(root) : has('pyproject.toml') || has('requirements.txt') ? detectPython(root) : has('go.mod') ? detectGo(root) : detectGeneric();
  const dockerfile = has('Dockerfile') ? 'Dockerfile' : undefined;
  if (dockerfile === undefined) return base;
  const exposed = exposedPorts(readFileSync(path.join(root, dockerfile), 'utf8'));
  const environment: InitEnvironment = { name: 'staging', dockerfile, ports: exposed.length > 0 ? exposed : [DEFAULT_PORT], portGuessed: exposed.length === 0 };
  const portNote = environment.portGuessed ? `no EXPOSE, port ${DEFAULT_PORT} assumed` : `port ${environment.ports.join(', ')} from EXPOSE`;
  return { ...base, environment, findings: [...base.findings, `${dockerfile} (staging environment, ${portNote})`] };
}

function detectNode(root: string): Detection {
  const manager = detectPackageManager(root);
  const managerNote = manager.lockFile ? `${manager.name} (${manager.lockFile})` : 'npm (no lock file)';
  try {
    const inferred = inferFromPackageJson(root);
    const jobs = Object.entries(inferred.config.jobs).map(([name, job]): InitJob => ({
      name,
      steps: job.steps.map((step) => (typeof step === 'string' ? step : step.run)),
      ...(job.needs ? { needs: job.needs } : {}),
      ...(job.artifacts ? { artifacts: job.artifacts } : {}),
    }));
    const image = typeof inferred.config.image === 'string' ? inferred.config.image : inferNodeImage(root, undefined).image;
    return { kind: 'node', image, jobs, findings: [`package.json: Node, ${managerNote}, image ${image}`, `jobs from scripts: ${jobs.map((job) => job.name).join(', ')}`] };
  } catch (error) {
    // No build/lint/typecheck/test script: still a Node project; the install is the one job.
    if (!(error instanceof ConfigError) || error.issues.some((issue) => issue.path !== 'scripts')) throw error;
    const image = inferNodeImage(root, engines(root)).image;
    return {
      kind: 'node',
      image,
      jobs: [{ name: 'install', steps: [manager.install] }],
      findings: [`package.json: Node, ${managerNote}, image ${image}`, 'no build, lint, typecheck or test script: only an install job'],
    };
  }
}

function detectPython(root: string): Detection {
  const has = (file: string) => existsSync(path.join(root, file));
  const install = has('requirements.txt') ? 'pip install -r requirements.txt' : 'pip install .';
  const source = has('requirements.txt') ? 'requirements.txt' : 'pyproject.toml';
  const steps = [install];
  // Tests need pytest; install it unless the requirements already name it.
  if (!mentionsPytest(root)) steps.push('pip install pytest');
  steps.push('pytest');
  return { kind: 'python', image: PYTHON_IMAGE, jobs: [{ name: 'test', steps }], findings: [`${source}: Python, image ${PYTHON_IMAGE}`] };
}

function detectGo(root: string): Detection {
  const version = goVersion(readFileSync(path.join(root, 'go.mod'), 'utf8'));
  const image = version === undefined ? 'golang:latest' : `golang:${version}`;
  return {
    kind: 'go',
    image,
    jobs: [
      { name: 'build', steps: ['go build ./...'] },
      { name: 'test', steps: ['go test ./...'] },
    ],
    findings: [`go.mod: Go ${version ?? '(no go line)'}, image ${image}`],
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

/** The `go 1.22` / `go 1.22.3` directive of a go.mod. */
export function goVersion(goMod: string): string | undefined {
  return /^go\s+(\d+\.\d+(?:\.\d+)?)\s*(?:\/\/.*)?$/m.exec(goMod)?.[1];
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

function mentionsPytest(root: string): boolean {
  for (const file of ['requirements.txt', 'pyproject.toml']) {
    const full = path.join(root, file);
    if (existsSync(full) && /\bpytest\b/i.test(readFileSync(full, 'utf8'))) return true;
  }
  return false;
}

function engines(root: string): unknown {
  try {
    return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines?: { node?: unknown } }).engines?.node;
  } catch {
    return undefined;
  }
}
