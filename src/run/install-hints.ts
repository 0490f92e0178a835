/**
 * Install failures whose log line names a cause the user can act on, but not how:
 * the install job's output is watched for them, and a failed install gets a warning
 * with the fix next to the log.
 */
import type { JobIO } from '../backend/backend.js';

interface KnownFailure {
  pattern: RegExp;
  message: string;
  hint: string;
}

const KNOWN: readonly KnownFailure[] = [
  {
    // corepack checks the package manager's signature against keys it ships; a registry or mirror that
    // serves metadata without signatures (or newer keys than this corepack knows) fails every pnpm/yarn call.
    pattern: /No compatible signature found in package metadata/,
    message: "corepack could not verify the package manager's signature (the registry or mirror serves metadata without the signatures this corepack knows)",
    hint: 'Run with --env COREPACK_INTEGRITY_KEYS=0 (or set it in the pipeline env) to skip that check, or make the install start with `npm install -g corepack@latest`.',
  },
];

/** `io` with its output watched; `warnIfKnown()` after a failed install says what to do. */
export function watchInstallOutput(io: JobIO): { io: JobIO; warnIfKnown(): void } {
  const seen = new Set<KnownFailure>();
  const watched: JobIO = {
    ...io,
    log: (stream, line, continues) => {
      for (const failure of KNOWN) if (failure.pattern.test(line)) seen.add(failure);
      io.log(stream, line, continues);
    },
  };
  return { io: watched, warnIfKnown: () => seen.forEach((failure) => io.warn(failure.message, failure.hint)) };
}
