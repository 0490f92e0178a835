/**
 * Doctor: what jobs inherit from the host's network set-up. CA bundles are
 * named with the path jobs see; proxies by variable name only, since a proxy
 * URL often carries a password.
 */
import { detectProxy, detectTrust, HOST_ALIAS, PROXY_VARIABLES, TRUST_VARIABLES } from '../run/host-network.js';
import { ok, warn, type Check } from './check.js';

export function checkNetwork(env: NodeJS.ProcessEnv = process.env): Check[] {
  const trust = detectTrust(env);
  const checks: Check[] = [];
  // Hosts often point every variable at one bundle: one line per bundle, listing its variables.
  const byBundle = new Map<string, { hostPath: string; names: string[] }>();
  for (const name of TRUST_VARIABLES) {
    const hostPath = env[name];
    if (!hostPath) continue;
    const inJobs = trust.env[name];
    if (!inJobs) {
      checks.push(warn('trust', `${name} names ${hostPath}, which cannot be read, so jobs do not get it`, `point ${name} at a readable CA bundle, or unset it`));
      continue;
    }
    const entry = byBundle.get(inJobs) ?? { hostPath, names: [] };
    entry.names.push(name);
    byBundle.set(inJobs, entry);
  }
  for (const [inJobs, { hostPath, names }] of byBundle) checks.push(ok('trust', `${names.join(', ')}: ${hostPath} is copied into jobs as ${inJobs}`));
  if (checks.length === 0) checks.push(ok('trust', `no CA bundle variables set (${TRUST_VARIABLES.slice(0, 2).join(', ')}, …): jobs trust what their image trusts`));
  const proxy = detectProxy(env);
  const names = PROXY_VARIABLES.filter((name) => proxy.env[name] !== undefined);
  if (names.length === 0) checks.push(ok('proxy', 'no proxy variables set: jobs connect directly'));
  else {
    const loopback = proxy.needsHostAlias ? `; a proxy on this machine's loopback is reached from jobs as ${HOST_ALIAS}` : '';
    checks.push(ok('proxy', `${names.join(', ')} passed on to jobs (both spellings, values not shown)${loopback}`));
  }
  return checks;
}
