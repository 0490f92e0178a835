import { describe, expect, it } from 'vitest';
import { dockerActionPlan, dockerImagePlan, splitArguments } from '../../../../../src/config/import/github/docker-actions.js';
import { readLocalAction } from '../../../../../src/config/import/github/local-actions.js';

describe('Docker actions', () => {
  it('splits `with: args` at blanks outside quotes, keeping an expression whole', () => {
    expect(splitArguments(`-c "echo a  b" 'x y' plain \${{ steps.a.outputs.b }} z`)).toEqual(['-c', 'echo a  b', 'x y', 'plain', '${{ steps.a.outputs.b }}', 'z']);
    expect(splitArguments('  ')).toEqual([]);
    expect(splitArguments('""')).toEqual(['']);
  });

  it('reads an action.yml with `runs.using: docker` and plans its image, inputs, args and env', () => {
    const files: Record<string, string> = {
      'tools/hello/action.yml': [
        'inputs:',
        '  who: { default: nobody }',
        '  tone: { default: calm }',
        'runs:',
        '  using: docker',
        '  image: build/Dockerfile',
        "  args: ['--who', '${{ inputs.who }}']",
        '  entrypoint: /bin/hello',
        '  post-entrypoint: /bin/bye',
        '  env:',
        '    GREETED: ${{ inputs.who }}!',
      ].join('\n'),
    };
    const action = readLocalAction('./tools/hello/', (relative) => files[relative]);
    expect(action.kind).toBe('docker');
    if (action.kind !== 'docker') return;
    expect(action.notRun).toEqual(['post-entrypoint']);
    const plan = dockerActionPlan(action, { who: '${{ steps.a.outputs.name }}', extra: 'e' });
    expect(plan).toEqual({
      image: { dockerfile: 'tools/hello/build/Dockerfile', context: 'tools/hello' },
      inputs: [['who', '${{ steps.a.outputs.name }}'], ['tone', 'calm'], ['extra', 'e']],
      args: ['--who', '${{ steps.a.outputs.name }}'],
      entrypoint: '/bin/hello',
      env: { GREETED: '${{ steps.a.outputs.name }}!' },
    });
    // The step's own `args` and `entrypoint` win over the action's, and are not inputs.
    const own = dockerActionPlan(action, { args: 'a b', entrypoint: 'sh' });
    expect([own.args, own.entrypoint, own.inputs.map(([name]) => name)]).toEqual([['a', 'b'], 'sh', ['who', 'tone']]);
  });

  it('runs a docker:// image with its own entrypoint unless the step names one', () => {
    expect(dockerImagePlan('docker://alpine:3.19', { color: 'blue' })).toEqual({ image: 'alpine:3.19', inputs: [['color', 'blue']], env: {} });
    expect(dockerImagePlan('docker://alpine', { args: '-c "exit 2"', entrypoint: 'sh' })).toEqual({ image: 'alpine', inputs: [], args: ['-c', 'exit 2'], entrypoint: 'sh', env: {} });
  });
});
