/**
 * A workspace that tries to trip up the copy into the job: symlinks that point out of the
 * project (absolute, and `../..`) must arrive as links and never as what they point at, so a
 * job cannot read the host's files through them; file names with newlines, tabs, quotes,
 * backslashes, shell syntax and unicode in both normal forms (NFC and NFD, two different
 * names) must arrive byte for byte with their own content. Checked for every way a tree
 * reaches a run: committed, `--commit HEAD`, untracked files and a folder outside git.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { createBusyboxProject, PROJECT_KINDS, runArgs, type ProjectKind } from '../helpers/busybox-project.js';
import { removeLocalciObjects } from '../helpers/docker-state.js';
import { cleanupTempDirs, makeTempDir } from '../helpers/tmp-dir.js';
import { jobLines } from '../e2e/sample-pipeline.js';

afterEach(async () => {
  await removeLocalciObjects();
  await cleanupTempDirs();
});

async function runJob(kind: ProjectKind, steps: string[], populate: (dir: string) => void): Promise<string[]> {
  const repo = await createBusyboxProject({ look: { steps } }, { kind, populate });
  const result = await runCli(runArgs(kind), { cwd: repo });
  expect(result.exitCode, result.all).toBe(0);
  return jobLines(result.stdout, 'look');
}

describe.each(PROJECT_KINDS)('a %s tree', (kind) => {
  it('sends symlinks out of the project as links; a job cannot read host files through them', async () => {
    const outside = makeTempDir('outside');
    const secret = `host-only secret of ${path.basename(outside)}`;
    writeFileSync(path.join(outside, 'secret.txt'), `${secret}\n`);
    let up = '';
    const lines = await runJob(
      kind,
      [
        'for link in links/*; do echo "link $link -> $(readlink "$link")"; done',
        // Every way of reading through the links; each must find nothing.
        'cat links/* links/*-dir/secret.txt 2>&1 || true',
        'ls -A links/abs-dir/ links/up-dir/ 2>&1 || true',
        'echo "inside: $(cat links/inside)"',
        'echo "regular: $(find . -type f | sort | tr "\\n" " ")"',
      ],
      (dir) => {
        const links = path.join(dir, 'links');
        mkdirSync(links);
        up = path.relative(links, outside); // ../../localci-test-outside-…
        symlinkSync(path.join(outside, 'secret.txt'), path.join(links, 'abs-file'));
        symlinkSync(path.join(up, 'secret.txt'), path.join(links, 'up-file'));
        symlinkSync(outside, path.join(links, 'abs-dir'));
        symlinkSync(up, path.join(links, 'up-dir'));
        // A link that stays inside the project works as usual.
        writeFileSync(path.join(dir, 'inside.txt'), 'from inside the project\n');
        symlinkSync('../inside.txt', path.join(links, 'inside'));
      },
    );
    expect(up).toMatch(/^\.\.\/\.\.\//);
    expect(lines).toEqual(
      expect.arrayContaining([
        `link links/abs-dir -> ${outside}`,
        `link links/abs-file -> ${outside}/secret.txt`,
        `link links/up-dir -> ${up}`,
        `link links/up-file -> ${up}/secret.txt`,
        'link links/inside -> ../inside.txt',
        'inside: from inside the project',
        'regular: ./ci.config.json ./inside.txt ',
      ]),
    );
    expect(lines.join('\n')).not.toContain(secret);
  });

  it('delivers odd file names byte for byte, each with its own content', async () => {
    const names = [
      'new\nline',
      'tab\there',
      'double"quote',
      "single'quote",
      'back\\slash',
      'space name',
      ' leading and trailing space ',
      '-leading-dash',
      '$(echo pwned) `id`',
      'glob*?[x]',
      '%s %n percent',
      'caf\u00e9', // é as one code point (NFC)
      'cafe\u0301', // e + combining acute (NFD): a different name that looks the same
      'emoji 🚀 日本語',
      'odd\tdir\n/inner',
    ];
    const lines = await runJob(
      kind,
      // Each path, NUL, its content, NUL, as hex: nothing about the names can garble the log.
      [String.raw`find names -type f -exec sh -c 'for f; do printf "%s\0" "$f"; cat "$f"; printf "\0"; done' sh {} + | od -An -v -tx1`],
      (dir) => {
        for (const name of names) {
          mkdirSync(path.dirname(path.join(dir, 'names', name)), { recursive: true });
          writeFileSync(path.join(dir, 'names', name), name);
        }
      },
    );
    const bytes = Buffer.from(lines.filter((line) => /^[0-9a-f ]+$/.test(line)).join('').replace(/ /g, ''), 'hex');
    const fields = bytes.toString('utf8').split('\0').slice(0, -1);
    const received = new Map<string, string>();
    for (let index = 0; index < fields.length; index += 2) received.set(fields[index]!, fields[index + 1]!);
    expect(Object.fromEntries(received)).toEqual(Object.fromEntries(names.map((name) => [`names/${name}`, name])));
  });
});
