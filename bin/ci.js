#!/usr/bin/env node
// Thin on purpose: all logic lives in dist/bundle/ (scripts/bundle-cli.mjs), loaded lazily per command.
import { exitOnInterrupt } from '../dist/bundle/interrupts.js';
import { markPhase } from '../dist/bundle/phase-marks.js';

markPhase('node started');

// Before the rest loads, so that Ctrl-C at any moment ends the CLI with exit code 130.
exitOnInterrupt();
const { main } = await import('../dist/bundle/main.js');
process.exit(await main(process.argv));
