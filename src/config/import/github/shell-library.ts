/**
 * The POSIX sh every translated step starts with. Each step runs in a new
 * process, as on a runner, so what one step hands to the next goes through
 * files, exactly the files GitHub documents: `$GITHUB_ENV` (variables for later
 * steps), `$GITHUB_PATH` (folders put in front of PATH), `$GITHUB_OUTPUT` (the
 * step's outputs), `$GITHUB_STEP_SUMMARY`. Lines are `NAME=value` or
 * `NAME<<DELIMITER` … `DELIMITER` for multi-line values. Needs only sh, so it
 * works in busybox images too.
 */
import { SHARED_STATE_DIR } from '../../../model/step-container.js';
import { SUMMARY_END, SUMMARY_START } from '../../../model/summary-frame.js';

/** Per-job scratch folder inside the container (not in the workspace, so no tool sees it); the containers of Docker actions share it. */
export const STATE_DIR = `${SHARED_STATE_DIR}/github`;

const LIBRARY = String.raw`_g=${STATE_DIR}; mkdir -p "$_g/tmp"
export GITHUB_ENV="$_g/env" GITHUB_PATH="$_g/path" GITHUB_STEP_SUMMARY="$_g/summary.md"
touch "$GITHUB_ENV" "$GITHUB_PATH" "$GITHUB_STEP_SUMMARY"
_gparse() {
  [ -f "$1" ] || return 0
  _gd=
  while IFS= read -r _gl || [ -n "$_gl" ]; do
    if [ -n "$_gd" ]; then
      if [ "$_gl" = "$_gd" ]; then "$2" "$_gk" "$_gv"; _gd=
      elif [ "$_gn" = 0 ]; then _gv=$_gl; _gn=1
      else _gv="$_gv
$_gl"; fi
    else
      case "\${_gl%%=*}" in
        *"<<"*) _gk=\${_gl%%<<*}; _gd=\${_gl#*<<}; _gv=; _gn=0 ;;
        "$_gl") [ -z "$_gl" ] || { echo "localci: $1: expected NAME=value or NAME<<DELIMITER, got: $_gl" >&2; return 1; } ;;
        *) "$2" "\${_gl%%=*}" "\${_gl#*=}" ;;
      esac
    fi
  done < "$1"
  [ -z "$_gd" ] || { echo "localci: $1: $_gk<<$_gd is not closed with $_gd" >&2; return 1; }
}
_gset() {
  case "$1" in ''|[0-9]*|*[!A-Za-z0-9_]*) echo "localci: $GITHUB_ENV: \"$1\" is not a variable name" >&2; return 1 ;; esac
  export "$1=$2"
}
_gpick() { [ "$1" != "$_gwant" ] || _gfound=$2; }
_gget() { _gwant=$2; _gfound=; _gparse "$1" _gpick; printf '%s' "$_gfound"; }
# The step's summary goes to the log framed for localci's text gate (run/workflow-commands.ts), each line behind a bar.
_gsummary() { [ -s "$1" ] || return 0; echo '${SUMMARY_START}'; sed 's/^/|/' "$1"; echo '${SUMMARY_END}'; }
_gparse "$GITHUB_ENV" _gset
while IFS= read -r _gl || [ -n "$_gl" ]; do [ -z "$_gl" ] || PATH="$_gl:$PATH"; done < "$GITHUB_PATH"
export PATH`;

/** The job variable holding the library; each step `eval`s it. */
export const LIBRARY_VARIABLE = 'LOCALCI_GITHUB_STEP_LIB';

export function shellLibrary(): string {
  return `${LIBRARY.replace(/\\\$/g, '$')}\n${CONDITION_HELPERS}\n${NEEDS_HELPERS.replace(/\\\$/g, '$')}`;
}

/** `'text'`, safe for any content. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Case-insensitive tests for translated `if:` conditions (GitHub compares strings ignoring case). */
export const CONDITION_HELPERS = String.raw`_glc() { printf '%s' "$1" | tr '[:upper:]' '[:lower:]'; }
_geq() { [ "$(_glc "$1")" = "$(_glc "$2")" ]; }
_gcontains() { case "$(_glc "$1")" in *"$(_glc "$2")"*) return 0 ;; esac; return 1; }
_gstarts() { case "$(_glc "$1")" in "$(_glc "$2")"*) return 0 ;; esac; return 1; }
_gends() { case "$(_glc "$1")" in *"$(_glc "$2")") return 0 ;; esac; return 1; }`;

/** `needs.<job>.result` from the statuses the run passes (`<status> <job>` lines in LOCALCI_NEEDS_STATUS). */
const NEEDS_HELPERS = String.raw`_gstatus() { printf '%s\n' "\${LOCALCI_NEEDS_STATUS-}" | while IFS= read -r _gl; do case "\${_gl#* }" in "$1"|*" / $1") printf '%s' "\${_gl%% *}"; break ;; esac; done; }
_gresult() {
  _gr=skipped
  for _gj in "$@"; do
    case "$(_gstatus "$_gj")" in
      failed|timed-out) printf failure; return ;;
      cancelled) _gr=cancelled ;;
      passed|cached|allowed-failure) [ "$_gr" = cancelled ] || _gr=success ;;
    esac
  done
  printf '%s' "$_gr"
}`;
