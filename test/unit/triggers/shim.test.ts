import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseShim, renderShim, SHIM_MARKER, type ShimSettings } from '../../../src/triggers/pre-push/hook-files.js';

const template = readFileSync(new URL('../../../templates/pre-push.sh', import.meta.url), 'utf8');
const awkward: ShimSettings = { nodeBin: "/opt/it's node/bin/node", ciJs: '/home/a b/$HOME/`x`/bin/ci.js', projectDir: 'packages/web app', configFile: '' };

describe('pre-push shim template', () => {
  it('records paths that survive quotes, spaces, $ and backticks, and reads them back', () => {
    const shim = renderShim(template, awkward);
    expect(shim).not.toMatch(/@[A-Z_]+@/);
    expect(shim).toContain(SHIM_MARKER);
    expect(parseShim(shim)).toEqual(awkward);
  });

  it('is valid POSIX sh', async () => {
    const result = await execa('sh', ['-n'], { input: renderShim(template, awkward), reject: false });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('has the values sh sees equal to the recorded ones', async () => {
    const shim = renderShim(template, awkward);
    // Only the assignments: evaluating them prints what the shell really holds.
    const assignments = shim.split('\n').filter((line) => /^(node_bin|ci_js|project_dir|config_file)=/.test(line));
    const result = await execa('sh', ['-c', `${assignments.join('\n')}\nprintf '%s\\n' "$node_bin" "$ci_js" "$project_dir" "$config_file"`]);
    expect(result.stdout.split('\n')).toEqual([awkward.nodeBin, awkward.ciJs, awkward.projectDir, awkward.configFile]);
  });
});
