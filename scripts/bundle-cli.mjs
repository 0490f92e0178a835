/**
 * Bundles the compiled CLI (dist/) into a few chunks under dist/bundle/, which bin/ci.js loads:
 * Node 20 pays for every module file it resolves and compiles, and a cached `ci run` loaded about
 * 150 of them. Lazy `import()`s stay lazy (each becomes a chunk of its own), dependencies stay
 * in node_modules, and dist/ itself remains the library that configs import (`defineConfig`).
 * Every chunk sits directly in dist/bundle/, two levels below the package root like src/util/,
 * which src/util/package-root.ts relies on.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const outdir = `${dist}bundle`;

rmSync(outdir, { recursive: true, force: true });
await build({
  // The entry point's pieces: bin/ci.js registers the interrupt handler and the first phase mark
  // before loading the rest, and all three must share one copy of those modules' state.
  entryPoints: ['cli/main.js', 'cli/interrupts.js', 'util/phase-marks.js'].map((entry) => dist + entry),
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
