#!/usr/bin/env bash
# The first step of npm test: the build and the type check at once, one per core (each is one
# single-threaded tsc, and the check does not need the build's output). Fails when either
# fails, after both have printed their errors.
set -uo pipefail
cd "$(dirname "$0")/.."
npm run --silent build &
build=$!
npm run --silent typecheck
typecheck=$?
wait "$build"
built=$?
if ((built != 0)); then exit "$built"; fi
exit "$typecheck"
