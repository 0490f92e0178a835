/**
 * Setup actions of other toolchains than Node. A job runs in one image, so the
 * tool is made present by an image choice (`python:3.12`, `golang:1.22`,
 * `oven/bun:1`, `denoland/deno:2`, each through the image map) or, for pnpm, by
 * corepack in the Node image. Since another setup action may have chosen the
 * job's image, each one leaves a step in its place that checks the tool is
 * there and otherwise fails with one sentence saying what the image lacks.
 */
import type { DependencyCacheConfig } from '../../types.js';
import { shellQuote } from './shell-library.js';

/** What a setup action does to the job; see ActionEffect. */
export interface SetupEffect {
  image?: string;
  run?: string;
  cache?: DependencyCacheConfig;
  warning?: string;
}

type Text = (key: string) => string | undefined;

const COREPACK_CACHE: DependencyCacheConfig = { key: 'corepack', paths: ['~/.cache/node/corepack'] };

interface Toolchain {
  tool: string;
  /** Commands any of which is the tool. */
  commands: string[];
  versionKey: string;
  image: (version: string) => string;
  /** The image when no version is given; undefined: the job's image must have the tool. */
  fallback?: string;
}

const TOOLCHAINS: Record<string, Toolchain> = {
  'actions/setup-python': { tool: 'Python', commands: ['python3', 'python'], versionKey: 'python-version', image: (version) => `python:${version}` },
  'actions/setup-go': { tool: 'Go', commands: ['go'], versionKey: 'go-version', image: (version) => `golang:${version}` },
  'oven-sh/setup-bun': { tool: 'bun', commands: ['bun'], versionKey: 'bun-version', image: (version) => `oven/bun:${version}`, fallback: 'oven/bun:latest' },
  'denoland/setup-deno': { tool: 'deno', commands: ['deno'], versionKey: 'deno-version', image: (version) => `denoland/deno:${version}`, fallback: 'denoland/deno:latest' },
};

export function isSetupTool(name: string): boolean {
  return name in TOOLCHAINS;
}

export function setupTool(name: string, text: Text): SetupEffect {
  const toolchain = TOOLCHAINS[name]!;
  const written = text(toolchain.versionKey);
  const version = written?.replace(/\.x$/i, '').replace(/^v(?=\d)/, '');
  const image = version !== undefined && version !== '' ? toolchain.image(version === 'latest' ? 'latest' : version) : toolchain.fallback;
  const run = toolCheck(name, toolchain.tool, toolchain.commands);
  return image === undefined ? { run, warning: `approximated: no ${toolchain.versionKey}; the job's image must have ${toolchain.tool}` } : { image, run };
}

/** pnpm through corepack (Node images up to 24 carry it; newer ones get it from npm), at `version` or package.json's `packageManager`. */
export function setupPnpm(text: Text): SetupEffect {
  const version = text('version')?.replace(/[^\w.^~<>=*-]/g, '');
  const ensure = `command -v corepack >/dev/null 2>&1 || npm install -g --silent corepack || { echo ${shellQuote('pnpm/action-setup: the image has neither corepack nor npm to install pnpm with; choose a Node image (runs-on through the image map, or container:)')} >&2; exit 1; }`;
  const activate = version ? `corepack enable pnpm && corepack prepare pnpm@${version} --activate` : 'corepack enable pnpm';
  const install = text('run_install');
  const runInstall = install !== undefined && install !== '' && install !== 'false';
  const extra = ['dest', 'standalone', 'package_json_file'].filter((key) => text(key) !== undefined);
  const warnings = [
    ...(runInstall && install !== 'true' ? ['run_install options are ignored; `pnpm install` runs as is'] : []),
    ...(extra.length > 0 ? [`${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} ignored`] : []),
  ];
  return {
    run: [ensure, activate, ...(runInstall ? ['pnpm install'] : [])].join(' && '),
    cache: COREPACK_CACHE,
    ...(warnings.length > 0 ? { warning: `approximated: ${warnings.join('; ')}` } : {}),
  };
}

/** A step that passes when the image has the tool and otherwise fails saying so. */
function toolCheck(action: string, tool: string, commands: string[]): string {
  const found = commands.map((command) => `command -v ${command} >/dev/null 2>&1`).join(' || ');
  const message = `${action}: ${tool} is not in this job's image (a job runs in one image); choose one that has it with container: or an image map rule`;
  return `${found} || { echo ${shellQuote(message)} >&2; exit 1; }`;
}
