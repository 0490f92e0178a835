import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseShim, renderShim, SHIM_MARKER, type ShimSettings } from '../../../src/triggers/pre-push/hook-files.js';

const template = readFileSync(new URL('../../../templates/pre-push.sh', import.meta.url), 'utf8');
const awkward: ShimSettings = { nodeBin: "/opt/it's node/bin/node", ciJs: '/home/a b/$HOME/`x`/bin/ci.js', projectDir: 'packages/web app', configFile: '' };
/** What String.replace reads as patterns ($&, $`, $', $$, $1), a newline and a quote: all must land literally. */
const patterns: ShimSettings = { nodeBin: '/opt/$$/node', ciJs: "/x/$'/ci.js", projectDir: 'web $& `app`/$1', configFile: "conf $`\n'it'/ci.config.json" };

describe('pre-push shim template', () => {
  it('records paths that survive quotes, spaces, $ and backticks, and reads them back', () => {
    const shim = renderShim(template, awkward);
    expect(shim).not.toMatch(/@[A-Z_]+@/);
    expect(shim).toContain(SHIM_MARKER);
    expect(parseShim(shim)).toEqual(awkward);
  });

  it('inserts paths literally, never as replacement patterns, and reads them back', () => {
    expect(parseShim(renderShim(template, patterns))).toEqual(patterns);
  });

  it.each([['awkward', awkward], ['pattern', patterns]])('is valid POSIX sh with %s paths', async (_kind, settings) => {
    const result = await execa('sh', ['-n'], { input: renderShim(template, settings), reject: false });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it.each([['awkward', awkward], ['pattern', patterns]])('has the values sh sees equal to the recorded ones (%s paths)', async (_kind, settings) => {
    const shim = renderShim(template, settings);
    // Only the assignments (up to the comment after them): evaluating them prints what the shell really holds.
    const assignments = shim.slice(shim.indexOf('node_bin='), shim.indexOf('\ncase '));
    const result = await execa('sh', ['-c', `${assignments}\nprintf '%s\\0' "$node_bin" "$ci_js" "$project_dir" "$config_file"`]);
    expect(result.stdout.split('\0').slice(0, 4)).toEqual([settings.nodeBin, settings.ciJs, settings.projectDir, settings.configFile]);
  });
});
