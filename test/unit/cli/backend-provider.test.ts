import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../src/cli/backend-provider.js';
import { UsageError } from '../../../src/errors.js';

describe('chooseBackend', () => {
  it('takes --backend, then LOCALCI_BACKEND, then the config, then docker', () => {
    expect(chooseBackend({}, {}, {})).toEqual({ name: 'docker', from: 'default' });
    expect(chooseBackend({ backend: 'docker' }, {}, {})).toEqual({ name: 'docker', from: 'config' });
    expect(chooseBackend({ backend: 'docker' }, {}, { LOCALCI_BACKEND: 'docker' })).toEqual({ name: 'docker', from: 'LOCALCI_BACKEND' });
    expect(chooseBackend({ backend: 'docker' }, { backend: 'docker' }, { LOCALCI_BACKEND: 'nope' })).toEqual({ name: 'docker', from: '--backend' });
  });

  it('refuses a name it does not know, saying where it came from and what there is', () => {
    expect(() => chooseBackend({}, { backend: 'kubernetes' }, {})).toThrow(UsageError);
    expect(() => chooseBackend({}, { backend: 'kubernetes' }, {})).toThrow('Unknown backend "kubernetes" (from --backend).');
    expect(() => chooseBackend({}, {}, { LOCALCI_BACKEND: 'swam' })).toThrow('Unknown backend "swam" (from LOCALCI_BACKEND).');
    try {
      chooseBackend({}, {}, { LOCALCI_BACKEND: 'swam' });
    } catch (error) {
      expect((error as UsageError).hint).toMatch(/^localci runs jobs with: docker/);
    }
  });
});
