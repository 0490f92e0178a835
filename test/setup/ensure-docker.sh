#!/usr/bin/env bash
# Make sure a Docker engine answers and the Debian packages the test fixtures need are
# installed. Idempotent and silent when everything is already in place (well under a second).
# A fresh CI machine (root on Debian bookworm) has neither: we apt-get install docker.io and
# start dockerd in the background, detached so it outlives the test run that started it.
set -euo pipefail

# dockerd and friends live in sbin, which is not always on PATH for non-login shells.
export PATH="${PATH}:/usr/local/sbin:/usr/sbin:/sbin"

readonly WAIT_SECONDS=60
readonly STATE_DIR="${TMPDIR:-/tmp}"
readonly DOCKERD_LOG="${STATE_DIR}/localci-dockerd.log"
readonly PIDFILE=/var/run/docker.pid

log() { printf 'ensure-docker: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Two test runs starting at once must not both apt-get or both start a dockerd.
exec 9>"${STATE_DIR}/localci-ensure-docker.lock"
flock 9

is_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

# Without pgrep: procps is not on every minimal machine.
dockerd_running() {
  local comm name
  for comm in /proc/[0-9]*/comm; do
    read -r name 2>/dev/null <"$comm" || continue
    [[ "$name" == dockerd ]] && return 0
  done
  return 1
}

docker_answers() {
  # A bounded probe: with a wedged daemon `docker info` can block for a long time.
  command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1
}

install_missing_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  local pkg
  for pkg in busybox-static debootstrap; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0

  [[ "$(id -u)" == 0 ]] || die "missing packages (${missing[*]}) and not root; install them first"
  log "installing ${missing[*]}"
  # One update per run, only when something has to be installed.
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

wait_for_docker() {
  local deadline=$((SECONDS + WAIT_SECONDS))
  until docker_answers; do
    if ((SECONDS >= deadline)); then
      log "the Docker engine did not answer within ${WAIT_SECONDS}s; last lines of ${DOCKERD_LOG}:"
      tail -n 20 "$DOCKERD_LOG" >&2 2>/dev/null || true
      exit 1
    fi
    sleep 0.3
  done
}

start_dockerd() {
  if [[ -n "${DOCKER_HOST:-}" && "${DOCKER_HOST}" != "unix:///var/run/docker.sock" ]]; then
    die "DOCKER_HOST=${DOCKER_HOST} does not answer; starting a local dockerd would not help"
  fi
  [[ "$(id -u)" == 0 ]] || die "the Docker engine is not running and only root can start dockerd"

  if dockerd_running; then
    # A daemon is already starting (or restarting): wait for it rather than start a second one.
    log "dockerd is running but not answering yet; waiting"
    return 0
  fi

  # dockerd refuses to start when its pid file names a live process; after a crash or reboot
  # the file can be stale and the pid reused by something else. No dockerd runs, so remove it.
  rm -f "$PIDFILE"

  log "starting dockerd (log: ${DOCKERD_LOG})"
  # setsid -f: new session, so the daemon survives the caller and its terminal;
  # every fd redirected, so whoever runs this script is not kept waiting on our pipes;
  # the lock fd closed, or the daemon would hold the lock for as long as it runs.
  setsid -f nohup dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null 9>&-
}

install_missing_packages
if ! docker_answers; then
  start_dockerd
  wait_for_docker
  log "Docker engine is up"
fi
