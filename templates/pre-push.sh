#!/bin/sh
# localci-managed-hook: pre-push
# Written by `ci hook install`; `ci hook uninstall` removes it and puts back any hook it replaced.
# Runs the pipeline on exactly the commits being pushed and refuses the push when a job fails.
# To push without checks once: `git push --no-verify`, or `LOCALCI_SKIP=1 git push`.

# Recorded at install time, because git (GUI clients, cron, `env -i`) may run
# hooks with a PATH that has neither `node` nor `ci` on it.
node_bin=@NODE_BIN@
ci_js=@CI_JS@
# The project folder, relative to the worktree root git runs hooks in.
project_dir=@PROJECT_DIR@
config_file=@CONFIG_FILE@

case "${LOCALCI_SKIP:-}" in
  '' | 0 | false) ;;
  *)
    echo "localci: LOCALCI_SKIP is set, pre-push checks skipped" >&2
    exit 0
    ;;
esac

remote=$1
url=$2
chained="$(dirname -- "$0")/pre-push.localci-chained"

# A hook that was here before ours runs first, with the same arguments and the
# same ref lines on stdin; stdin can only be read once, so it is kept in a file.
input=
if [ -x "$chained" ]; then
  input=$(mktemp "${TMPDIR:-/tmp}/localci-pre-push.XXXXXX") || exit 1
  trap 'rm -f "$input"' EXIT
  # Ctrl-C: wait for the child to clean up, then leave through the EXIT trap.
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
  cat >"$input"
  # A shell script is sourced by a fresh sh whose $0 is the usual hook path, so a
  # hook that finds its siblings from its own name (husky 9's wrapper) still works.
  first_line=
  IFS= read -r first_line <"$chained"
  case $first_line in
    '#!/bin/sh' | '#!/bin/sh '* | '#!/usr/bin/env sh' | '#!/usr/bin/env sh '*)
      LOCALCI_CHAINED=$chained sh -c '. "$LOCALCI_CHAINED"' "$0" "$@" <"$input" ;;
    *) "$chained" "$@" <"$input" ;;
  esac
  status=$?
  if [ "$status" -ne 0 ]; then
    echo "localci: the previous pre-push hook ($chained) failed; push refused" >&2
    exit "$status"
  fi
fi

cd "$project_dir" || exit 1
set -- hook run --remote "$remote" --url "$url"
if [ -n "$config_file" ]; then set -- --config "$config_file" "$@"; fi

node=
if [ -x "$node_bin" ]; then node=$node_bin; else node=$(command -v node 2>/dev/null); fi

# Which CLI: the project's own install first, then the one that installed
# this hook, then whatever `ci` or `localci` is on PATH.
cli=
for candidate in node_modules/.bin/localci node_modules/.bin/ci "$ci_js"; do
  if [ -n "$node" ] && [ -f "$candidate" ]; then cli=$candidate; break; fi
done

run() {
  if [ -n "$input" ]; then
    "$@" <"$input"
    exit $?
  fi
  exec "$@"
}

if [ -n "$cli" ]; then run "$node" "$cli" "$@"; fi
# `localci` first: an unrelated `ci` (RCS check-in) may be on PATH.
for name in localci ci; do
  found=$(command -v "$name" 2>/dev/null) && run "$found" "$@"
done

echo "localci: cannot find the localci CLI (looked in $project_dir/node_modules/.bin, $ci_js and PATH); push refused." >&2
echo "localci: reinstall it and run \`ci hook install\`, or push with LOCALCI_SKIP=1 / --no-verify." >&2
exit 1
