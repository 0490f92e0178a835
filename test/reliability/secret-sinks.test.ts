/**
 * A declared secret never reaches any output localci writes. One pipeline whose job prints its
 * secrets (a token and a multi-line PEM key from `.env.local`), then the token again at the end of
 * a line so long that the token straddles the point where long lines are cut, and then fails with
 * a reason that holds the token (an artifact link named after it); then every sink is read for the
 * raw values and for the two halves of the cut token:
 * the plain and `--json` output, `--junit`, `--report`, `ci show` (both forms), `ci report`,
 * `ci logs`, `ci history`, the webhook's body, the pre-push hook's refusal and every file of the
 * project's state folder (run.json, logs, cache records).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { addBareRemote, createGitRepo, pushMain, writeFiles } from '../helpers/git-repo.js';
import { stateDirOf } from '../helpers/local-state.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { closeWebhookServers, webhookServer } from '../helpers/webhook-server.js';
import { BUSYBOX } from '../e2e/sample-pipeline.js';
import { DEFAULT_MAX_LINE_LENGTH } from '../../src/util/line-splitter.js';

const TOKEN = 'tok-4f9a-leaky-value';
const KEY_LINES = ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'bm90LWEtcmVhbC1rZXktanVzdC1hLXRlc3Q=', '-----END PRIVATE KEY-----'];
/** A line of `x` so long that the long-line cut falls this many characters into the token printed after it. */
const TOKEN_BEFORE_CUT = 6;
const LONG_LINE_FILL = DEFAULT_MAX_LINE_LENGTH - TOKEN_BEFORE_CUT;
/** What a sink holds when the token was cut in two and each piece masked alone (neither holds the whole token). */
const CUT_TOKEN_HALVES = [`x${TOKEN.slice(0, TOKEN_BEFORE_CUT)}`, TOKEN.slice(TOKEN_BEFORE_CUT)];

afterEach(async () => {
  await closeWebhookServers();
  await removeLocalciObjects();
  await cleanupTempDirs();
});

/** Every regular file below a folder, with its path. */
function filesBelow(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => ({ file, text: readFileSync(file, 'latin1') }));
}

/** The raw values a sink must not hold: the token, every line of the key and the halves of the cut token. */
function leaksIn(text: string): string[] {
  return [TOKEN, ...KEY_LINES, ...CUT_TOKEN_HALVES].filter((value) => text.includes(value));
}

describe('a declared secret in every sink', () => {
  it('is masked in every output, file, report, webhook and hook refusal', async () => {
    const hook = await webhookServer();
    const config = {
      image: BUSYBOX,
      pull: 'never',
      notify: { webhook: hook.url },
      jobs: {
        leak: {
          secrets: ['LEAK_TOKEN', 'LEAK_KEY'],
          artifacts: ['out/'],
          steps: [
            'echo "token is $LEAK_TOKEN"; printf "%s\\n" "$LEAK_KEY"; echo "$LEAK_KEY" >&2',
            `printf "%${LONG_LINE_FILL}s" "" | tr " " x; echo "$LEAK_TOKEN"`,
            // A link out of the workspace fails the artifact copy; its name (the token) is in the reason.
            'mkdir -p out && ln -s /etc "out/$LEAK_TOKEN"',
          ],
        },
      },
    };
    const repo = await createGitRepo({ 'ci.config.json': JSON.stringify(config, null, 2), '.gitignore': '.env.local\n' }, { commit: true });
    writeFiles(repo, { '.env.local': `LEAK_TOKEN=${TOKEN}\nLEAK_KEY="${KEY_LINES.join('\n')}"\n` });
    await addBareRemote(repo);
    const out = makeTempDir('sinks');
    const junit = path.join(out, 'run.xml');
    const report = path.join(out, 'run.html');

    const sinks = new Map<string, string>();
    const plain = await runCli(['run', '--no-cache', '--junit', junit, '--report', report], { cwd: repo });
    expect(plain.exitCode, plain.all).toBe(1);
    // The job really printed and failed on the secret: masked, not missing.
    expect(plain.all).toContain('token is ••••');
    sinks.set('ci run (plain)', plain.all);
    sinks.set('--junit', readFileSync(junit, 'utf8'));
    sinks.set('--report', readFileSync(report, 'utf8'));
    const json = await runCli(['run', '--no-cache', '--json'], { cwd: repo });
    expect(json.exitCode, json.all).toBe(1);
    sinks.set('ci run --json', json.all);
    // The token cut by the long-line limit was masked whole, not dropped.
    expect(json.all).toContain('x••••');
    for (const args of [['show'], ['show', '--json'], ['logs', 'leak'], ['history'], ['history', '--json'], ['report', '-o', path.join(out, 'again.html'), '--junit', path.join(out, 'again.xml')]]) {
      const result = await runCli(args, { cwd: repo });
      sinks.set(`ci ${args.join(' ')}`, result.all);
    }
    // `ci show` holds the failure reason, not the log: the reason was masked, not dropped.
    expect(sinks.get('ci show')).toContain('••••');
    sinks.set('ci report (html)', readFileSync(path.join(out, 'again.html'), 'utf8'));
    sinks.set('ci report --junit', readFileSync(path.join(out, 'again.xml'), 'utf8'));
    expect(hook.received.length).toBeGreaterThanOrEqual(2);
    hook.received.forEach(({ body }, index) => sinks.set(`webhook body ${index + 1}`, body));

    const installed = await runCli(['hook', 'install'], { cwd: repo });
    expect(installed.exitCode, installed.all).toBe(0);
    const push = await pushMain(repo);
    expect(push.exitCode, push.all).not.toBe(0);
    expect(push.all).toContain('push refused');
    sinks.set('pre-push hook', push.all);
    for (const { file, text } of filesBelow(stateDirOf(repo))) sinks.set(file, text);

    const leaked = [...sinks].flatMap(([sink, text]) => leaksIn(text).map((value) => `${sink}: ${value}`));
    expect(leaked).toEqual([]);
  });
});
