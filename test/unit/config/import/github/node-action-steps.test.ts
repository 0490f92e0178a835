import { describe, expect, it } from 'vitest';
import { readLocalAction } from '../../../../../src/config/import/github/local-actions.js';
import { nodeActionSteps } from '../../../../../src/config/import/github/node-action-steps.js';

const ACTION = ['inputs:', '  token: { default: t }', 'runs:', '  using: node20', '  main: dist/main.js', '  pre: dist/pre.js', '  post: dist/post.js', '  post-if: failure()'].join('\n');

describe('JavaScript actions with pre and post', () => {
  it('reads pre, post and their conditions from action.yml', () => {
    const action = readLocalAction('./act', (file) => (file === 'act/action.yml' ? ACTION : undefined));
    expect(action).toMatchObject({ kind: 'node', main: 'dist/main.js', pre: 'dist/pre.js', post: 'dist/post.js', postIf: 'failure()' });
  });

  it('makes a pre step (always by default) and a post step that runs only after its main step ran, keeping the step env and limits', () => {
    const action = readLocalAction('./act', (file) => (file === 'act/action.yml' ? ACTION : undefined));
    if (action.kind !== 'node') throw new Error('expected a node action');
    const raw = { id: 'x', if: 'success()', uses: './act', with: { token: 'given' }, env: { A: '1' }, 'timeout-minutes': 3 };
    const steps = nodeActionSteps(action, './act', [['token', 'given']], raw, 7, (relative) => `/workspace/${relative}`);
    expect(steps.main).toMatchObject({ id: 'x', if: 'success()', name: 'Run ./act', env: { A: '1', LOCALCI_INPUT_0: 'given' } });
    expect(steps.main.run).toBe("exec env 'INPUT_TOKEN='\"$LOCALCI_INPUT_0\" node '/workspace/act/dist/main.js'");
    expect(steps.pre).toMatchObject({ name: 'Pre Run ./act', if: 'always()', 'timeout-minutes': 3 });
    expect(steps.pre).not.toHaveProperty('id');
    expect(steps.post).toMatchObject({ name: 'Post Run ./act', if: 'failure()' });
    expect(steps.post!.run).toContain('/tmp/localci/github/outcome-7');
    expect(String(steps.post!.run).split('\n')[1]).toContain('/workspace/act/dist/post.js');
  });

  it('makes neither when the action has none', () => {
    const action = readLocalAction('./act', () => 'runs:\n  using: node20\n  main: index.js\n');
    if (action.kind !== 'node') throw new Error('expected a node action');
    const steps = nodeActionSteps(action, './act', [], { uses: './act' }, 0, (relative) => relative);
    expect([steps.pre, steps.post]).toEqual([undefined, undefined]);
  });
});
