/**
 * A Python project's install, into a virtualenv at `.venv` so jobs run the
 * project's own interpreter and tools: uv (uv.lock), poetry (poetry.lock),
 * requirements.txt, or pip on the pyproject.toml; pytest is added when nothing
 * requires it. pip's (or uv's, poetry's) download cache lives on a volume.
 *
 * The virtualenv is the install layer, and a layer keeps no link that points out of the
 * workspace: the venv is made with `--copies` (its interpreter a copy, not a link into the
 * image), and uv and poetry install into that venv rather than make their own with links.
 */
import type { ProjectFiles } from './project-files.js';
import type { DependencyCacheConfig } from './types.js';

export const PYTHON_IMAGE = 'python:3.12';
const VENV = '.venv';
const MAKE_VENV = `python -m venv --copies ${VENV}`;
/** The files whose content decides a Python install, for `ci init` and zero config. */
export const PYTHON_FILES = ['pyproject.toml', 'requirements.txt', 'requirements-dev.txt', 'poetry.lock', 'uv.lock'];

export interface PythonProject {
  image: string;
  /** The file that decided. */
  source: string;
  tool: string;
  env: Record<string, string>;
  install: { steps: string[]; inputs: string[]; paths: string[]; cache: DependencyCacheConfig[] };
  test: string;
}

const PIP_CACHE: DependencyCacheConfig = { key: 'pip', paths: ['~/.cache/pip'] };

export function pythonProject(files: ProjectFiles): PythonProject {
  const env = { PIP_DISABLE_PIP_VERSION_CHECK: '1', PYTHONDONTWRITEBYTECODE: '1' };
  const test = `${VENV}/bin/python -m pytest`;
  const withPytest = (steps: string[]) => (mentionsPytest(files) ? steps : [...steps, `${VENV}/bin/pip install pytest`]);
  if (files.has('uv.lock')) {
    return {
      image: PYTHON_IMAGE, source: 'uv.lock', tool: 'uv', test,
      // The cache is another filesystem than the virtualenv: copy rather than try hard links.
      env: { ...env, UV_LINK_MODE: 'copy' },
      install: { steps: ['pip install uv', MAKE_VENV, 'uv sync --frozen'], inputs: ['uv.lock', 'pyproject.toml'], paths: [VENV], cache: [{ key: 'uv', paths: ['~/.cache/uv'] }, PIP_CACHE] },
    };
  }
  if (files.has('poetry.lock')) {
    return {
      image: PYTHON_IMAGE, source: 'poetry.lock', tool: 'poetry', test,
      env: { ...env, POETRY_VIRTUALENVS_IN_PROJECT: 'true' },
      install: { steps: ['pip install poetry', MAKE_VENV, 'poetry install --no-interaction'], inputs: ['poetry.lock', 'pyproject.toml'], paths: [VENV], cache: [{ key: 'poetry', paths: ['~/.cache/pypoetry'] }, PIP_CACHE] },
    };
  }
  const requirements = files.has('requirements.txt');
  const install = requirements ? `${VENV}/bin/pip install -r requirements.txt` : `${VENV}/bin/pip install -e .`;
  const dev = files.has('requirements-dev.txt') ? [`${VENV}/bin/pip install -r requirements-dev.txt`] : [];
  return {
    image: PYTHON_IMAGE, source: requirements ? 'requirements.txt' : 'pyproject.toml', tool: 'pip', test, env,
    install: {
      steps: withPytest([MAKE_VENV, install, ...dev]),
      inputs: requirements ? ['requirements.txt', 'requirements-dev.txt'] : ['pyproject.toml'],
      paths: [VENV],
      cache: [PIP_CACHE],
    },
  };
}

function mentionsPytest(files: ProjectFiles): boolean {
  return ['requirements.txt', 'requirements-dev.txt', 'pyproject.toml'].some((file) => /\bpytest\b/i.test(files.read(file) ?? ''));
}
