import { describe, expect, it } from 'vitest';
import { translateCondition } from '../../../../../src/config/import/github/conditions.js';
import type { RuntimeScope } from '../../../../../src/config/import/github/runtime-values.js';
import { runtimeWord } from '../../../../../src/config/import/github/runtime-values.js';

function runtime(): RuntimeScope & { problems: string[] } {
  const problems: string[] = [];
  return {
    scope: { contexts: { github: { event_name: 'push', ref: 'refs/heads/main' }, matrix: { os: 'linux' }, inputs: {}, vars: {} } },
    stepIds: new Map([['build', 4]]),
    needsLegs: (job) => (job === 'prep' ? ['prep'] : []),
    needsOutputs: (job) => (job === 'prep' ? '.localci-github/outputs/prep' : undefined),
    secrets: new Set(),
    unsupported: (source, why) => problems.push(`${source}: ${why}`),
    problems,
  };
}

describe('translateCondition', () => {
  it('turns status functions into when, adding success() as GitHub does', () => {
    const scope = runtime();
    expect(translateCondition(undefined, scope)).toEqual({ when: 'on-success' });
    expect(translateCondition("github.event_name == 'push'", scope)).toEqual({ when: 'on-success' });
    expect(translateCondition('failure()', scope)).toEqual({ when: 'on-failure' });
    expect(translateCondition('${{ always() }}', scope)).toEqual({ when: 'always' });
    expect(translateCondition('success() || failure()', scope)).toEqual({ when: 'always' });
    expect(translateCondition("failure() && matrix.os == 'windows'", scope)).toEqual({ when: 'never' });
    expect(translateCondition("github.ref != 'refs/heads/main'", scope)).toEqual({ when: 'never' });
    expect(translateCondition('!cancelled()', scope)).toEqual({ when: 'always' });
    expect(translateCondition(false, scope)).toEqual({ when: 'never' });
  });

  it('leaves parts that read run-time values to a sh test', () => {
    const scope = runtime();
    expect(translateCondition("always() && steps.build.outputs.ok == 'yes'", scope)).toEqual({
      when: 'always',
      guard: `_geq "$(_gget "/tmp/localci/github/out-4" 'ok')" 'yes'`,
    });
    expect(translateCondition("!contains(needs.prep.outputs.list, 'x') || env.FORCE", scope).guard).toBe(
      `{ ! { _gcontains "$(_gget '/workspace/.localci-github/outputs/prep' 'list')" 'x'; }; } || { [ -n "\${FORCE-}" ]; }`,
    );
    expect(scope.problems).toEqual([]);
  });

  it('warns about run-time parts it cannot test, and takes them as true', () => {
    const scope = runtime();
    expect(translateCondition('steps.build.outputs.n > 3', scope)).toEqual({ when: 'on-success' });
    expect(scope.problems).toEqual(['steps.build.outputs.n > 3: this part of the condition cannot be checked inside the job; it is taken as true']);
  });
});

describe('runtimeWord', () => {
  it('substitutes values known now as text and reads the others inside the job', () => {
    const scope = runtime();
    expect(runtimeWord("os=${{ matrix.os }} it's ${{ secrets.TOKEN }}", scope)).toBe(`'os=''linux'' it'\\''s '"\${TOKEN-}"`);
    expect([...scope.secrets]).toEqual(['TOKEN']);
    expect(runtimeWord('${{ steps.build.outcome }}/${{ steps.later.outputs.x }}', scope)).toBe(`"$(cat "/tmp/localci/github/outcome-4" 2>/dev/null || echo skipped)"'/'''`);
    expect(runtimeWord("${{ format('{0}', steps.build.outputs.x) }}", scope)).toBe("''");
    expect(scope.problems).toHaveLength(1);
  });
});
