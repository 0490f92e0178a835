/** Deploy naming: container/network names, tags with `{sha}`/`{env}`, port entries. */
import { describe, expect, it } from 'vitest';
import { deployTags, envNames, parsePorts, shaTag, splitReference } from '../../../src/deploy/naming.js';

describe('deploy naming', () => {
  it('names the container, candidate and network after the project id (per checkout) and environment', () => {
    expect(envNames('web_app-1a2b3c4d', 'Staging')).toEqual({
      container: 'localci-env-web-app-1a2b3c4d-staging',
      candidate: 'localci-env-web-app-1a2b3c4d-staging-next',
      previous: 'localci-env-web-app-1a2b3c4d-staging-prev',
      network: 'localci-env-web-app-1a2b3c4d-staging',
      alias: 'staging',
    });
    expect(envNames('web-00000000', 'staging').container).not.toBe(envNames('web-ffffffff', 'staging').container);
  });

  it('tags <project id>:<sha> and <project id>:<env> by default; build.tags fill {sha} and {env}', () => {
    expect(deployTags('web-1a2b3c4d', 'staging', '0123abcd')).toEqual([
      { reference: 'web-1a2b3c4d:0123abcd', followsEnv: false },
      { reference: 'web-1a2b3c4d:staging', followsEnv: true },
    ]);
    expect(deployTags('web', 'prod', 'abc', ['registry.local:5000/web:{sha}', 'web:{env}-{sha}', 'registry.local:5000/web:abc'])).toEqual([
      { reference: 'registry.local:5000/web:abc', followsEnv: false },
      { reference: 'web:prod-abc', followsEnv: true },
    ]);
  });

  it('the sha tag says when the tree had uncommitted changes, and `local` outside git', () => {
    expect(shaTag({ kind: 'worktree', commit: '0123456789abcdef', dirty: false })).toBe('01234567');
    expect(shaTag({ kind: 'worktree', commit: '0123456789abcdef', dirty: true })).toBe('01234567-dirty');
    expect(shaTag({ kind: 'directory', dirty: false })).toBe('local');
  });

  it('splits references at the tag, not at a registry port', () => {
    expect(splitReference('web:1')).toEqual({ repo: 'web', tag: '1' });
    expect(splitReference('registry.local:5000/web')).toEqual({ repo: 'registry.local:5000/web', tag: 'latest' });
  });

  it('parses ports: 8080, "8080:80", "0:80" (any free host port); rejects the rest', () => {
    expect(parsePorts([8080, '8081:80', '0:80', '9000/tcp'])).toEqual([
      { host: 8080, container: 8080 },
      { host: 8081, container: 80 },
      { host: 0, container: 80 },
      { host: 9000, container: 9000 },
    ]);
    expect(() => parsePorts(['http'])).toThrow(/not a port/);
    expect(() => parsePorts([70000])).toThrow(/not a port/);
  });
});
