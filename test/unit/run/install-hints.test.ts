import { describe, expect, it } from 'vitest';
import type { JobIO } from '../../../src/backend/backend.js';
import { watchInstallOutput } from '../../../src/run/install-hints.js';

function recording() {
  const lines: string[] = [];
  const warnings: Array<{ message: string; hint?: string }> = [];
  const io: JobIO = { log: (_stream, line) => lines.push(line), stepStarted: () => undefined, warn: (message, hint) => warnings.push({ message, hint }) };
  return { io, lines, warnings };
}

describe('watchInstallOutput', () => {
  it("passes every line on and, after a failed install, explains corepack's signature error once", () => {
    const target = recording();
    const watched = watchInstallOutput(target.io);
    watched.io.log('stderr', 'Internal Error: Error when performing the request to https://registry.example/pnpm/-/pnpm-9.15.9.tgz');
    watched.io.log('stderr', 'Error: No compatible signature found in package metadata');
    watched.io.log('stderr', 'Error: No compatible signature found in package metadata');
    watched.warnIfKnown();
    expect(target.lines).toHaveLength(3);
    expect(target.warnings).toHaveLength(1);
    expect(target.warnings[0]!.message).toContain('corepack could not verify');
    expect(target.warnings[0]!.hint).toContain('COREPACK_INTEGRITY_KEYS=0');
  });

  it('says nothing for other failures', () => {
    const target = recording();
    const watched = watchInstallOutput(target.io);
    watched.io.log('stderr', 'npm error code E404');
    watched.warnIfKnown();
    expect(target.warnings).toEqual([]);
  });
});
