import { describe, expect, it } from 'vitest';
import { checkImageName, isMutableReference } from '../../../src/config/image-ref.js';

const digest = `sha256:${'a'.repeat(64)}`;

describe('checkImageName', () => {
  it.each([
    ['node:20', { path: 'node', tag: '20' }],
    ['node', { path: 'node' }],
    ['library/node:20-alpine', { path: 'library/node', tag: '20-alpine' }],
    ['ghcr.io/acme/app:v1.2.3', { registry: 'ghcr.io', path: 'acme/app', tag: 'v1.2.3' }],
    ['localhost:5000/app:dev', { registry: 'localhost:5000', path: 'app', tag: 'dev' }],
    ['localhost/app', { registry: 'localhost', path: 'app' }],
    ['registry.example.com:443/team/my_app__x:1', { registry: 'registry.example.com:443', path: 'team/my_app__x', tag: '1' }],
    [`node@${digest}`, { path: 'node', digest }],
    [`node:20@${digest}`, { path: 'node', tag: '20', digest }],
    ['my-org/app---x:Tag_1.0', { path: 'my-org/app---x', tag: 'Tag_1.0' }],
  ])('accepts %s', (reference, parts) => {
    expect(checkImageName(reference)).toEqual({ ok: true, parts });
  });

  it.each([
    ['Node:20', 'must be lowercase', 'use `node:20`'],
    ['ghcr.io/Acme/App:V1', 'must be lowercase', 'use `ghcr.io/acme/app:V1`'],
    ['node:20!', 'invalid tag `20!`', undefined],
    ['node:.hidden', 'invalid tag', undefined],
    [`node:${'x'.repeat(129)}`, 'invalid tag', undefined],
    ['node@sha256:abc', 'invalid digest', undefined],
    ['node@md5:' + 'a'.repeat(32), 'invalid digest', undefined],
    ['node 20', 'contains whitespace', undefined],
    ['', 'empty', undefined],
    ['-node:20', 'not a valid image name', undefined],
    ['node_:20', 'not a valid image name', undefined],
    ['a//b', 'not a valid image name', undefined],
  ])('rejects %s', (reference, message, hint) => {
    const result = checkImageName(reference);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain(message);
    if (hint) expect(result.hint).toBe(hint);
  });

  it('calls a reference without a tag or with `latest` mutable, and a pinned one not', () => {
    const parts = (reference: string) => {
      const result = checkImageName(reference);
      if (!result.ok) throw new Error(result.message);
      return result.parts;
    };
    expect(isMutableReference(parts('node'))).toBe(true);
    expect(isMutableReference(parts('node:latest'))).toBe(true);
    expect(isMutableReference(parts('localhost:5000/app'))).toBe(true);
    expect(isMutableReference(parts('node:20'))).toBe(false);
    expect(isMutableReference(parts(`node@${digest}`))).toBe(false);
  });
});
