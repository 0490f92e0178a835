#!/usr/bin/env node
// Thin on purpose: all logic lives in dist/, loaded lazily per command.
import { main } from '../dist/cli/main.js';

process.exit(await main(process.argv));
