/**
 * When the snapshot folder can't be mounted, the workspace is copied through
 * the API instead, chosen automatically and said in --debug: an engine reached
 * over TCP (another machine, as far as localci can tell), and a project path
 * that overlay mount options cannot carry.
 */
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { localciObjects, removeLocalciObjects } from '../helpers/docker-state.js';
import { createGitRepo, git, writeFiles } from '../helpers/git-repo.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { statePath, tempEntries } from '../helpers/local-state.js';
import { BUSYBOX, jobLines } from './sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

const files = {
  'ci.config.json': JSON.stringify({ image: BUSYBOX, pull: 'never', jobs: { look: { steps: ['cat src/a.txt', 'find . -type f | wc -l'] } } }),
  'src/a.txt': 'from the tar\n',
};

/** The local engine's socket offered on a loopback TCP port, as a remote engine would be. */
async function tcpEngine(): Promise<{ host: string; close(): Promise<void> }> {
  const server = net.createServer((client) => {
    const engine = net.connect('/var/run/docker.sock');
    client.pipe(engine).pipe(client);
    const end = () => {
      client.destroy();
      engine.destroy();
    };
    client.on('error', end);
    engine.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { host: `tcp://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('workspace fallback to a copy through the API', () => {
  it('copies the workspace into containers of an engine that is not on this machine', async () => {
    const repo = await createGitRepo(files, { commit: true });
    const engine = await tcpEngine();
    try {
      const result = await runCli(['run', '--debug'], { cwd: repo, env: { DOCKER_HOST: engine.host } });
      expect(result.exitCode, result.all).toBe(0);
      expect(result.all).toContain(`copied into each container through the API (the engine at ${engine.host} is not on this machine)`);
      expect(jobLines(result.all, 'look')).toEqual(expect.arrayContaining(['from the tar', '2']));
      expect(existsSync(statePath(repo, 'workspace', 'trees'))).toBe(false);
    } finally {
      await engine.close();
    }
    expect(await localciObjects()).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('copies the workspace when the project path holds a character overlay options cannot carry', async () => {
    const repo = path.join(makeTempDir('odd'), 'my,project');
    mkdirSync(repo);
    writeFiles(repo, files);
    await git(repo, 'init', '-q', '-b', 'main');
    const result = await runCli(['run', '--debug'], { cwd: repo });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toMatch(/through the API \(the project path holds a comma/);
    expect(jobLines(result.all, 'look')).toContain('from the tar');
    expect(tempEntries(repo)).toEqual([]);
  });
});
