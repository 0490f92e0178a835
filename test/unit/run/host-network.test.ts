import { describe, expect, it } from 'vitest';
import { detectProxy, detectTrust, HOST_ALIAS } from '../../../src/run/host-network.js';

const bundles: Record<string, string> = { '/etc/ssl/all.pem': 'ALL', '/opt/proxy.pem': 'PROXY' };
const read = (file: string) => (file in bundles ? Buffer.from(bundles[file]!) : undefined);

describe('detectTrust', () => {
  it('copies one bundle once when several variables name it', () => {
    const trust = detectTrust({ NODE_EXTRA_CA_CERTS: '/etc/ssl/all.pem', SSL_CERT_FILE: '/etc/ssl/all.pem', REQUESTS_CA_BUNDLE: '/etc/ssl/all.pem' }, read);
    expect(trust.files).toHaveLength(1);
    expect(trust.files[0]).toMatchObject({ mode: 0o444, content: Buffer.from('ALL') });
    expect(trust.env).toEqual({
      NODE_EXTRA_CA_CERTS: trust.files[0]!.path,
      SSL_CERT_FILE: trust.files[0]!.path,
      REQUESTS_CA_BUNDLE: trust.files[0]!.path,
    });
    expect(trust.files[0]!.path).toMatch(/^\/etc\/localci\/ca\/[0-9a-f]{12}\.pem$/);
  });

  it('keeps distinct bundles apart and sets only the variables the host sets', () => {
    const trust = detectTrust({ NODE_EXTRA_CA_CERTS: '/opt/proxy.pem', SSL_CERT_FILE: '/etc/ssl/all.pem' }, read);
    expect(trust.files).toHaveLength(2);
    expect(Object.keys(trust.env).sort()).toEqual(['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE']);
    expect(trust.env.NODE_EXTRA_CA_CERTS).not.toBe(trust.env.SSL_CERT_FILE);
  });

  it('ignores variables that name a missing file', () => {
    expect(detectTrust({ NODE_EXTRA_CA_CERTS: '/nowhere.pem' }, read)).toEqual({ files: [], env: {} });
  });
});

describe('detectProxy', () => {
  it('passes proxies in both cases and rewrites loopback to the host alias', () => {
    const proxy = detectProxy({ https_proxy: 'http://127.0.0.1:3128', HTTP_PROXY: 'http://proxy.corp:8080', NO_PROXY: 'localhost,.corp' });
    expect(proxy.needsHostAlias).toBe(true);
    expect(proxy.env).toEqual({
      HTTP_PROXY: 'http://proxy.corp:8080',
      http_proxy: 'http://proxy.corp:8080',
      HTTPS_PROXY: `http://${HOST_ALIAS}:3128`,
      https_proxy: `http://${HOST_ALIAS}:3128`,
      NO_PROXY: 'localhost,.corp',
      no_proxy: 'localhost,.corp',
    });
  });

  it('passes nothing when the host has no proxy', () => {
    expect(detectProxy({})).toEqual({ env: {}, needsHostAlias: false });
  });
});
