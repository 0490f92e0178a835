#!/usr/bin/env node
// Thin on purpose: all logic lives in dist/bundle/ (scripts/bundle-cli.mjs), loaded lazily per command.
import { readFileSync } from 'node:fs';

// First of all, before the bundle loads (tens of ms on a busy machine): an interrupt ends the CLI
// with exit code 130, as the CLI's own handler does once it is in place, not by the signal
// itself (a shell would show 143 for SIGTERM). Only Node's own start-up comes before this line.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const exitInterrupted = () => process.exit(130);
for (const signal of SIGNALS) process.on(signal, exitInterrupted);

// `ci --version` alone needs nothing but package.json: answered before the CLI loads.
if (process.argv.length === 3 && (process.argv[2] === '--version' || process.argv[2] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
  process.exit(0);
}

const { exitOnInterrupt } = await import('../dist/bundle/interrupts.js');
const { markPhase } = await import('../dist/bundle/phase-marks.js');
markPhase('node started');

// Before the rest loads, so that Ctrl-C at any moment ends the CLI with exit code 130. The
// stand-in goes only once the real handler listens: a signal never finds no listener.
exitOnInterrupt();
for (const signal of SIGNALS) process.off(signal, exitInterrupted);
const { main } = await import('../dist/bundle/main.js');
process.exit(await main(process.argv));
