/**
 * A Docker engine of the test's own, for tests that crash it: the machine's dockerd serves
 * every other test and must never be touched. It runs in a network namespace of its own
 * (`unshare --net`), so its default bridge, addresses and iptables rules cannot collide with
 * the shared engine's, and keeps its data, state and socket in one temp folder.
 * Needs root, like the shared engine's setup. With `{ tcp: true }` it also answers over TCP, as
 * an engine on another machine does: a veth pair joins its namespace to this one, with a /30 of
 * its own, and nothing else can reach it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, execaSync } from 'execa';
import { waitFor } from './wait-for.js';
import { afterAll, beforeAll } from 'vitest';

export interface PrivateEngine {
  /** The DOCKER_HOST value that reaches it. */
  host: string;
  /** `tcp://<address>:2375` over the veth pair, with `{ tcp: true }`. */
  tcpHost?: string;
  /** Kills dockerd, its containerd and the shims with SIGKILL, as a crash would; resolves once they are gone. */
  crash(): Promise<void>;
  /** Starts dockerd again on the same data (after crash()). */
  restart(): Promise<void>;
  /** Stops it, unmounts what it mounted and removes its folder. Safe to call more than once. */
  destroy(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const live = new Set<string>();
/** The host side of each engine's veth pair, by engine folder. */
const links = new Map<string, string>();

export interface PrivateEngineOptions {
  /** Reachable over TCP through a veth pair into its namespace, besides its unix socket. */
  tcp?: boolean;
  /**
   * A named network namespace the test made (`ip netns add`) to run in, instead of a fresh one:
   * engines in namespaces the test joined can reach each other (a swarm, test/helpers/swarm-cluster.ts).
   */
  netns?: string;
  /** More dockerd flags (`--insecure-registry=…`). */
  daemonArgs?: string[];
}

// Last resort for a worker that ends without running afterAll: no engine may outlive it.
process.once('exit', () => {
  for (const dir of live) teardownSync(dir);
});

/** Starts a private engine and loads `images` into it from the shared one. */
export async function startPrivateEngine(images: string[], options: PrivateEngineOptions = {}): Promise<PrivateEngine> {
  if (process.getuid?.() !== 0) throw new Error('a private Docker engine needs root (dockerd, unshare, mounts)');
  // Short: containerd's socket lives below it, and unix socket paths are limited to 108 bytes.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'localci-test-engine-'));
  live.add(dir);
  const host = `unix://${path.join(dir, 'docker.sock')}`;
  // 10.250.0.0/16 cut into /30s: one per engine, picked at random so parallel files do not meet.
  const subnet = options.tcp ? `10.250.${randomInt(256)}.${randomInt(64) * 4}` : undefined;
  const address = subnet?.replace(/\.(\d+)$/, (_, last: string) => `.${Number(last) + 2}`);
  let daemon: ChildProcess | undefined;
  const start = async () => {
    daemon = startDaemon(dir, host, options);
    const exited = new Promise<never>((_, reject) => daemon!.once('exit', (code) => reject(new Error(`dockerd exited (${code}) while starting`))));
    try {
      await Promise.race([exited, waitFor(() => answers(host), { timeoutMs: START_TIMEOUT_MS, intervalMs: 100, message: 'the private dockerd to answer' })]);
    } catch (error) {
      throw new Error(`${(error as Error).message}; its log ends:\n${logTail(dir)}`, { cause: error });
    } finally {
      exited.catch(() => undefined);
    }
    if (subnet) await linkNamespace(dir, subnet);
  };
  const engine: PrivateEngine = {
    host,
    ...(address ? { tcpHost: `tcp://${address}:2375` } : {}),
    crash: async () => {
      // The containers go down with it: a restarted dockerd would give every container it
      // finds running 10 s to stop.
      const pids = engineProcesses(dir);
      pids.forEach(kill);
      await waitFor(() => pids.every((pid) => !running(pid)), { message: 'dockerd and containerd to die' });
      // The dead may linger as zombies of init, and a restarted dockerd would take the pids
      // in these files for a live dockerd (refusing to start) or containerd (waiting for it).
      for (const file of pidFiles(dir)) rmSync(file, { force: true });
    },
    restart: start,
    destroy: async () => {
      if (!live.has(dir)) return;
      await stopDaemon(dir, daemon);
      teardownSync(dir);
      live.delete(dir);
    },
  };
  try {
    await start();
    for (const image of images) await execa('docker', ['save', image]).pipe('docker', ['load', '-q'], { env: { DOCKER_HOST: host } });
  } catch (error) {
    await engine.destroy();
    throw error;
  }
  return engine;
}

/**
 * A veth pair from this namespace into the engine's: `<subnet>.1` here, `.2` there, where
 * dockerd listens on every address of its own namespace.
 */
async function linkNamespace(dir: string, subnet: string): Promise<void> {
  const dockerd = livePid(pidFiles(dir)[0]!);
  if (dockerd === undefined) throw new Error('the private dockerd has no pid to find its namespace by');
  const [here, there] = [`lci${randomBytes(4).toString('hex')}`, `lcp${randomBytes(4).toString('hex')}`];
  const [prefix, last] = [subnet.slice(0, subnet.lastIndexOf('.')), Number(subnet.slice(subnet.lastIndexOf('.') + 1))];
  const inside = ['nsenter', `--net=/proc/${dockerd}/ns/net`, '--'];
  links.set(dir, here);
  for (const command of [
    ['ip', 'link', 'add', here, 'type', 'veth', 'peer', 'name', there],
    ['ip', 'link', 'set', there, 'netns', String(dockerd)],
    ['ip', 'addr', 'add', `${prefix}.${last + 1}/30`, 'dev', here],
    ['ip', 'link', 'set', here, 'up'],
    [...inside, 'ip', 'addr', 'add', `${prefix}.${last + 2}/30`, 'dev', there],
    [...inside, 'ip', 'link', 'set', there, 'up'],
  ]) {
    await execa(command[0]!, command.slice(1), { env: { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } });
  }
}

function startDaemon(dir: string, host: string, options: PrivateEngineOptions): ChildProcess {
  const log = openSync(path.join(dir, 'dockerd.log'), 'a');
  const tcp = options.tcp === true;
  // --kill-child: should unshare itself be killed, dockerd goes with it.
  const namespace = options.netns === undefined ? ['unshare', '--net', '--kill-child'] : ['nsenter', `--net=/run/netns/${options.netns}`];
  const child = spawn(
    namespace[0]!,
    [
      ...namespace.slice(1),
      '--',
      'dockerd',
      `--host=${host}`,
      `--data-root=${path.join(dir, 'data')}`,
      `--exec-root=${path.join(dir, 'x')}`,
      `--pidfile=${path.join(dir, 'dockerd.pid')}`,
      // Its own namespace: only the veth pair's far end reaches this port.
      ...(tcp ? ['--host=tcp://0.0.0.0:2375', '--tls=false'] : []),
      ...(options.daemonArgs ?? []),
    ],
    { stdio: ['ignore', log, log], env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } },
  );
  closeSync(log);
  return child;
}

async function answers(host: string): Promise<boolean> {
  const result = await execa('docker', ['info', '--format', '{{.ID}}'], { env: { DOCKER_HOST: host }, reject: false, timeout: 5000 });
  return result.exitCode === 0;
}

/** dockerd and the containerd it started, those still running (from the pid files they write). */
function daemonPids(dir: string): number[] {
  return pidFiles(dir).flatMap((file) => livePid(file) ?? []);
}

async function stopDaemon(dir: string, daemon: ChildProcess | undefined): Promise<void> {
  const dockerd = livePid(pidFiles(dir)[0]!);
  if (dockerd === undefined) return;
  // A clean stop removes its containers' processes and mounts; a stuck one is killed.
  process.kill(dockerd, 'SIGTERM');
  try {
    await waitFor(() => !running(dockerd), { timeoutMs: 30_000, message: 'dockerd to stop' });
  } catch {
    daemonPids(dir).forEach(kill);
  }
  daemon?.kill('SIGKILL');
}

/** Kills whatever of the engine still runs (containers included), unmounts and removes the folder. */
function teardownSync(dir: string): void {
  engineProcesses(dir).forEach(kill);
  // Gone with the namespace as a rule; removed here when something still holds the namespace.
  const link = links.get(dir);
  if (link) execaSync('ip', ['link', 'del', link], { reject: false, env: { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } });
  links.delete(dir);
  // Deepest first; lazily, since a killed shim may still hold one for a moment.
  for (const mount of mountsUnder(dir).reverse()) execaSync('umount', ['-l', mount], { reject: false });
  rmSync(dir, { recursive: true, force: true });
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

/**
 * Every process of the engine, containers first: each shim's child is a container's init, and
 * killing the init of a pid namespace kills the whole container, which a killed shim would
 * leave running.
 */
function engineProcesses(dir: string): number[] {
  const mentioning = processesMentioning(dir);
  const shims = mentioning.filter((pid) => path.basename(commandOf(pid).split(' ')[0]!).startsWith('containerd-shim'));
  return [...new Set([...shims.flatMap(childrenOf), ...mentioning, ...daemonPids(dir)])];
}

function processesMentioning(dir: string): number[] {
  return allPids().filter((pid) => pid !== process.pid && commandOf(pid).includes(dir));
}

function childrenOf(parent: number): number[] {
  return allPids().filter((pid) => statFields(pid)?.[1] === String(parent));
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** The command line, arguments separated by spaces; empty once the process is gone. */
function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** State and parent pid, the fields after the command name in /proc/<pid>/stat. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point === dir || point.startsWith(`${dir}/`))
    .sort();
}

/** dockerd's, then containerd's. */
function pidFiles(dir: string): string[] {
  return [path.join(dir, 'dockerd.pid'), path.join(dir, 'x', 'containerd', 'containerd.pid')];
}

function livePid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && running(pid) ? pid : undefined;
}

/** Alive and not a zombie: a killed containerd is reparented to init, which may not reap it. */
function running(pid: number): boolean {
  const state = statFields(pid)?.[0];
  return state !== undefined && state !== 'Z';
}

function logTail(dir: string): string {
  try {
    return readFileSync(path.join(dir, 'dockerd.log'), 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A private engine for the whole test file: started before its first test, destroyed after its last. */
export function privateEngineForFile(images: string[]): () => PrivateEngine {
  let engine: PrivateEngine | undefined;
  beforeAll(async () => {
    engine = await startPrivateEngine(images);
  });
  afterAll(async () => {
    await engine?.destroy();
  });
  return () => {
    if (!engine) throw new Error('the private engine did not start');
    return engine;
  };
}
