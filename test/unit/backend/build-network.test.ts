import { describe, expect, it } from 'vitest';
import { hostBuildNetwork, trustEntries, withTrustLines } from '../../../src/backend/docker/build-network.js';

const BUNDLE = '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n';

describe('image builds get the host trust and proxy', () => {
  it('passes proxies as build args, with a loopback proxy reached through the host alias', () => {
    const built = hostBuildNetwork({ HTTPS_PROXY: 'http://127.0.0.1:3128', no_proxy: 'localhost' });
    expect(built.proxyArgs).toEqual({ HTTPS_PROXY: 'http://host.docker.internal:3128', https_proxy: 'http://host.docker.internal:3128', NO_PROXY: 'localhost', no_proxy: 'localhost' });
    expect(built.extraHosts).toEqual(['host.docker.internal:host-gateway']);
    expect(hostBuildNetwork({ HTTP_PROXY: 'http://proxy.corp.invalid:8080' }).extraHosts).toEqual([]);
  });

  it('copies each bundle into every stage and names it by ARG, after FROM lines that continue', () => {
    const trust = { files: [{ path: '/etc/localci/ca/0123456789ab.pem', content: Buffer.from(BUNDLE), mode: 0o444 }], env: { NODE_EXTRA_CA_CERTS: '/etc/localci/ca/0123456789ab.pem', PIP_CERT: '/etc/localci/ca/0123456789ab.pem' } };
    const dockerfile = ['# syntax=docker/dockerfile:1', 'FROM node:20 AS deps', 'RUN npm ci', 'from \\', '  deps', 'COPY . .'].join('\n');
    const lines = [
      'COPY .localci-ca/0123456789ab.pem /etc/localci/ca/0123456789ab.pem',
      'ARG NODE_EXTRA_CA_CERTS=/etc/localci/ca/0123456789ab.pem',
      'ARG PIP_CERT=/etc/localci/ca/0123456789ab.pem',
    ];
    expect(withTrustLines(dockerfile, trust).split('\n')).toEqual(['# syntax=docker/dockerfile:1', 'FROM node:20 AS deps', ...lines, 'RUN npm ci', 'from \\', '  deps', ...lines, 'COPY . .']);
    expect(trustEntries(trust)).toEqual([{ name: '.localci-ca/0123456789ab.pem', content: Buffer.from(BUNDLE) }]);
  });

  it('leaves the Dockerfile alone when the host names no bundle', () => {
    expect(withTrustLines('FROM x\nRUN y\n', { files: [], env: {} })).toBe('FROM x\nRUN y\n');
  });

  it('honours a backtick escape directive for continued FROM lines', () => {
    const trust = { files: [{ path: '/etc/localci/ca/a.pem', content: Buffer.from(BUNDLE), mode: 0o444 }], env: { SSL_CERT_FILE: '/etc/localci/ca/a.pem' } };
    const out = withTrustLines('# escape=`\nFROM `\n  base\nRUN x', trust).split('\n');
    expect(out.slice(0, 3)).toEqual(['# escape=`', 'FROM `', '  base']);
    expect(out[3]).toMatch(/^COPY /);
  });
});
