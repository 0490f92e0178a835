#!/usr/bin/env bash
# Make gitlab-ci-local ready for the side-by-side benchmarks, without touching the project:
#
#   - rsync on the host: gitlab-ci-local copies the tracked files with it before every pipeline;
#   - gitlab-ci-local itself, installed from npm into a cache folder outside the repository
#     (never a dependency of localci), reused when present;
#   - its helper image docker.io/firecow/gitlab-ci-local-util:latest, which every job with an
#     image uses to fill its volumes (needs sh, bash, git, rsync). No container registry is
#     reachable, so it is made here like the test fixtures: a Debian minbase root filesystem
#     with git and rsync, imported under exactly the name gitlab-ci-local asks for. An image of
#     that name that already has the tools (the real one, or ours) is kept.
#
# Idempotent: a rerun with everything in place takes well under a second. Prints the path of
# gitlab-ci-local's entry script (run it with node) as the last line on stdout.
set -euo pipefail

readonly GCL_VERSION=4.60.0
readonly HELPER_IMAGE=docker.io/firecow/gitlab-ci-local-util:latest
readonly HELPER_PACKAGES=git,rsync,ca-certificates
# Bump when what goes into the helper image changes, so cached images are rebuilt.
readonly HELPER_VERSION=1
readonly VERSION_LABEL=localci.bench.version
readonly SUITE=bookworm
readonly CACHE_DIR="${LOCALCI_BENCH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/localci-bench}"
readonly INSTALL_DIR="${CACHE_DIR}/gitlab-ci-local-${GCL_VERSION}"
readonly ENTRY="${INSTALL_DIR}/node_modules/gitlab-ci-local/src/index.js"

# shellcheck source=test/setup/debian-rootfs.sh
source "$(dirname "${BASH_SOURCE[0]}")/../test/setup/debian-rootfs.sh"

log() { printf 'setup-gitlab-ci-local: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Two bench runs starting at once would otherwise install or debootstrap the same thing twice.
begin_cached_setup "$CACHE_DIR"

ensure_host_rsync() {
  command -v rsync >/dev/null && return 0
  [[ "$(id -u)" == 0 ]] || die "gitlab-ci-local needs rsync on the host; install it (apt-get install rsync)"
  log "installing rsync"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rsync >&2
}

installed_version() {
  node -p "require(process.argv[1]).version" "${INSTALL_DIR}/node_modules/gitlab-ci-local/package.json" 2>/dev/null || true
}

ensure_gitlab_ci_local() {
  [[ "$(installed_version)" == "$GCL_VERSION" && -f "$ENTRY" ]] && return 0
  log "installing gitlab-ci-local ${GCL_VERSION} from npm (about a minute: re2 builds natively)"
  # Into a fresh folder that replaces the old one only when complete, so an interrupted
  # install is never mistaken for a finished one.
  local partial="${INSTALL_DIR}.partial"
  rm -rf "$partial"
  mkdir -p "$partial"
  npm install --prefix "$partial" --no-audit --no-fund --loglevel=error "gitlab-ci-local@${GCL_VERSION}" >&2
  rm -rf "$INSTALL_DIR"
  mv "$partial" "$INSTALL_DIR"
  [[ "$(installed_version)" == "$GCL_VERSION" ]] || die "npm did not install gitlab-ci-local ${GCL_VERSION}"
}

helper_has_tools() {
  docker run --rm --network none --entrypoint sh "$HELPER_IMAGE" -c \
    'command -v bash && command -v git && command -v rsync' >/dev/null 2>&1
}

ensure_helper_image() {
  local label
  label="$(docker image inspect -f "{{ index .Config.Labels \"${VERSION_LABEL}\" }}" "$HELPER_IMAGE" 2>/dev/null || true)"
  [[ "$label" == "$HELPER_VERSION" ]] && return 0
  # Present but not ours (the real image, put there by someone with a registry): use it as is.
  if [[ -n "$(docker image ls -q "$HELPER_IMAGE")" && -z "$label" ]] && helper_has_tools; then
    return 0
  fi
  local root
  new_scratch_dir
  root="${SCRATCH_DIR}/rootfs"
  log "building ${HELPER_IMAGE}: debootstrap ${SUITE} (minbase, ${HELPER_PACKAGES}); takes about a minute"
  debootstrap_minbase "$SUITE" "$HELPER_PACKAGES" "$root" || die "no root filesystem for the helper image"
  tar --numeric-owner -C "$root" -cf - . | docker import \
    --change "LABEL ${VERSION_LABEL}=${HELPER_VERSION}" \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change 'CMD ["bash"]' \
    - "$HELPER_IMAGE" >/dev/null
  helper_has_tools || die "the built ${HELPER_IMAGE} lacks bash, git or rsync"
}

docker info >/dev/null 2>&1 || die "the Docker engine does not answer; run test/setup/ensure-docker.sh"
ensure_host_rsync
ensure_gitlab_ci_local
ensure_helper_image
printf '%s\n' "$ENTRY"
