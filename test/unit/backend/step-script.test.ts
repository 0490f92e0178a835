import { describe, expect, it } from 'vitest';
import { MarkerFilter, stepCommand } from '../../../src/backend/docker/step-script.js';

describe('stepCommand', () => {
  it('passes steps as arguments, never interpolated into the script', () => {
    const command = stepCommand([{ run: 'echo "$HOME" \'quoted\'' }, { run: 'exit 3' }]);
    expect(command.cmd).toEqual(['s0recho "$HOME" \'quoted\'', 's0rexit 3']);
    expect(command.entrypoint.slice(0, 2)).toEqual(['sh', '-c']);
    expect(command.entrypoint.at(-1)).toBe(command.marker);
  });

  it('prefixes each step with when it runs, whether its failure is allowed and whether it starts a container', () => {
    const command = stepCommand([{ run: 'a', when: 'always', allowFailure: true }, { run: 'b', when: 'on-failure' }, { run: 'c', when: 'on-success', container: {} }]);
    expect(command.cmd).toEqual(['a1ra', 'f0rb', 's0cc']);
  });

  it('uses a fresh marker each time so step output cannot forge one', () => {
    expect(stepCommand([]).marker).not.toBe(stepCommand([]).marker);
  });
});

describe('MarkerFilter', () => {
  it('hands a container request (step and folder) to its own callback', () => {
    const requests: Array<[number, string]> = [];
    const filter = new MarkerFilter('::m::', () => undefined, () => undefined, () => undefined, (index, folder) => requests.push([index, folder]));
    filter.line('::m:: container 2 /tmp/localci/github/container 2');
    filter.line('::m:: container x /tmp/localci/a');
    expect(requests).toEqual([[2, '/tmp/localci/github/container 2']]);
  });

  it('turns marker lines into step events and drops the blank line before them', () => {
    const lines: string[] = [];
    const steps: number[] = [];
    const filter = new MarkerFilter('::m::', (line) => lines.push(line), (index) => steps.push(index));
    for (const line of ['', '::m:: step 0', 'hello', '', '::m:: step 1', 'no newline', '::m:: step 2', 'keep', '', 'blank kept']) {
      filter.line(line);
    }
    filter.flush();
    expect(steps).toEqual([0, 1, 2]);
    expect(lines).toEqual(['hello', 'no newline', 'keep', '', 'blank kept']);
  });

  it('reports the failing step apart from the steps that start', () => {
    const steps: number[] = [];
    const failed: number[] = [];
    const filter = new MarkerFilter('::m::', () => undefined, (index) => steps.push(index), (index) => failed.push(index));
    for (const line of ['::m:: step 0', '::m:: fail 0', '::m:: step 2']) filter.line(line);
    expect(steps).toEqual([0, 2]);
    expect(failed).toEqual([0]);
  });
});
