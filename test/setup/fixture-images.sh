#!/usr/bin/env bash
# Build the local fixture images the e2e tests run in. No container registry is reachable, so
# every image is a `docker import` of a root filesystem made on this machine (never a pull).
#
#   localci-test/busybox:latest  static busybox with every applet linked in /bin
#   localci-test/node:20         Debian bookworm minbase + git + ca-certificates, with this
#                                machine's own node/npm/corepack in /usr/local like the
#                                official node image; also tagged node:20 when none exists
#
# Each image carries the label localci.fixture.version; an image is rebuilt only when it is
# missing or the label differs from the constant below, so a rerun takes about a second.
# Bump a version whenever what goes into the image changes.
set -euo pipefail

readonly BUSYBOX_IMAGE=localci-test/busybox:latest
readonly BUSYBOX_VERSION=1
readonly NODE_IMAGE=localci-test/node:20
readonly NODE_VERSION=1
# The debootstrap tarball is cached separately so a rebuilt node image does not redo it.
readonly ROOTFS_VERSION=1
readonly SUITE=bookworm
readonly ROOTFS_PACKAGES=git,ca-certificates
readonly IMAGE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
readonly VERSION_LABEL=localci.fixture.version
# The host's node goes into the image, so a node upgrade on the host must rebuild it too.
readonly NODE_LABEL=localci.fixture.node

readonly CACHE_DIR="${LOCALCI_TEST_CACHE_DIR:-/var/cache/localci-test}"

# shellcheck source=test/setup/debian-rootfs.sh
source "$(dirname "${BASH_SOURCE[0]}")/debian-rootfs.sh"

log() { printf 'fixture-images: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Concurrent test runs would otherwise debootstrap or import the same thing twice.
begin_cached_setup "$CACHE_DIR"

now_ms() { local us="${EPOCHREALTIME//[.,]/}"; printf '%s\n' "$((us / 1000))"; }
elapsed() { local ms=$(($(now_ms) - $1)); printf '%d.%ds' "$((ms / 1000))" "$((ms % 1000 / 100))"; }

image_label() { # image key -> value, empty when the image or the label is missing
  docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true
}
image_id() { docker image inspect -f '{{ .Id }}' "$1" 2>/dev/null || true; }

# Drop the image a rebuild replaced. Without force this fails (harmlessly) while a container
# or another tag still uses it.
remove_replaced() {
  [[ -n "$1" && "$1" != "$(image_id "$2")" ]] || return 0
  docker image rm "$1" >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------------------- busybox

build_busybox() {
  local busybox=/bin/busybox root applet
  [[ -x "$busybox" ]] || die "$busybox not found; run test/setup/ensure-docker.sh (installs busybox-static)"
  # A dynamically linked busybox (package `busybox`) would not run in an empty rootfs.
  if ldd "$busybox" >/dev/null 2>&1; then
    die "$busybox is dynamically linked; install busybox-static instead of busybox"
  fi

  new_scratch_dir
  root="$SCRATCH_DIR"
  mkdir -p "$root"/{bin,etc,root,tmp,usr/bin,proc,sys,dev}
  install -m 0755 "$busybox" "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [[ "$applet" == busybox ]] || ln -s busybox "$root/bin/$applet"
  done
  # `#!/usr/bin/env ...` scripts are common enough to be worth one link.
  ln -s ../../bin/env "$root/usr/bin/env"
  chmod 1777 "$root/tmp"
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' \
    >"$root/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$root/etc/group"

  tar --numeric-owner -C "$root" -cf - . | docker import \
    --change "LABEL ${VERSION_LABEL}=${BUSYBOX_VERSION}" \
    --change "ENV PATH=${IMAGE_PATH}" \
    --change 'CMD ["sh"]' \
    - "$BUSYBOX_IMAGE" >/dev/null
}

# ---------------------------------------------------------------------------- node

# Sets ROOTFS_TARBALL to the cached minbase rootfs, made with debootstrap when missing (~1 min).
ensure_rootfs_tarball() {
  local tarball="${CACHE_DIR}/${SUITE}-minbase-v${ROOTFS_VERSION}.tar" root
  ROOTFS_TARBALL="$tarball"
  [[ -f "$tarball" ]] && return 0
  new_scratch_dir
  root="${SCRATCH_DIR}/rootfs"
  log "debootstrap ${SUITE} (minbase, ${ROOTFS_PACKAGES}); takes about a minute"
  debootstrap_minbase "$SUITE" "$ROOTFS_PACKAGES" "$root" || die "no root filesystem for ${SUITE}"

  tar --numeric-owner -C "$root" -cf "${tarball}.partial" .
  mv "${tarball}.partial" "$tarball"
}

# Refuse to build an image whose node cannot start: every library the host's node loads
# (and its loader) must exist in the rootfs.
check_node_libraries() {
  local node_bin="$1" root="$2" missing=() lib
  while read -r lib; do
    [[ -e "${root}${lib}" ]] || missing+=("$lib")
  done < <(ldd "$node_bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }')
  ((${#missing[@]} == 0)) || die "the rootfs lacks libraries node needs: ${missing[*]}"
}

build_node() {
  local version="$1" node_bin npm_dir modules root
  [[ "$version" == v20.* ]] || die "${NODE_IMAGE} is made from this machine's node, which is ${version}, not 20"
  node_bin="$(readlink -f "$(command -v node)")" || die "node not found on PATH"
  # npm's package directory: the npm on PATH is a link to <pkg>/bin/npm-cli.js.
  npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")" || die "npm not found on PATH"
  [[ -f "$npm_dir/package.json" ]] || die "cannot find npm's package directory (got ${npm_dir})"
  modules="$(dirname "$npm_dir")"

  ensure_rootfs_tarball
  new_scratch_dir
  root="$SCRATCH_DIR"
  tar --numeric-owner -C "$root" -xf "$ROOTFS_TARBALL"

  install -D -m 0755 "$node_bin" "$root/usr/local/bin/node"
  check_node_libraries "$node_bin" "$root"
  mkdir -p "$root/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
  # A builtin npmrc would carry this machine's settings (registry, proxy, cafile) into the image.
  rm -f "$root/usr/local/lib/node_modules/npm/npmrc"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  if [[ -f "$modules/corepack/dist/corepack.js" ]]; then
    cp -a "$modules/corepack" "$root/usr/local/lib/node_modules/corepack"
    ln -s ../lib/node_modules/corepack/dist/corepack.js "$root/usr/local/bin/corepack"
  fi

  tar --numeric-owner -C "$root" -cf - . | docker import \
    --change "LABEL ${VERSION_LABEL}=${NODE_VERSION}" \
    --change "LABEL ${NODE_LABEL}=${version}" \
    --change "ENV PATH=${IMAGE_PATH}" \
    --change 'CMD ["node"]' \
    - "$NODE_IMAGE" >/dev/null

  # Prove the image works before any test relies on it.
  local got
  got="$(docker run --rm --network none "$NODE_IMAGE" node --version 2>&1)" || true
  if [[ "$got" != "$version" ]]; then
    docker image rm "$NODE_IMAGE" >/dev/null 2>&1 || true
    die "the built ${NODE_IMAGE} does not run node (expected ${version}, got: ${got})"
  fi
}

# Zero-config pipelines infer node:20; give them ours only when the machine has no real one.
# A node:20 that carries our label is ours from an earlier build and follows the rebuild.
tag_node20() {
  if [[ -z "$(image_id node:20)" ]]; then
    docker tag "$NODE_IMAGE" node:20
    log "tagged ${NODE_IMAGE} as node:20"
  elif [[ -n "$(image_label node:20 "$VERSION_LABEL")" && "$(image_id node:20)" != "$(image_id "$NODE_IMAGE")" ]]; then
    docker tag "$NODE_IMAGE" node:20
    log "re-tagged node:20 to the rebuilt ${NODE_IMAGE}"
  fi
}

# ---------------------------------------------------------------------------- main

docker info >/dev/null 2>&1 || die "the Docker engine does not answer; run test/setup/ensure-docker.sh"

start="$(now_ms)"
if [[ "$(image_label "$BUSYBOX_IMAGE" "$VERSION_LABEL")" == "$BUSYBOX_VERSION" ]]; then
  printf '%s: cached\n' "$BUSYBOX_IMAGE"
else
  old="$(image_id "$BUSYBOX_IMAGE")"
  build_busybox
  remove_replaced "$old" "$BUSYBOX_IMAGE"
  printf '%s: built in %s\n' "$BUSYBOX_IMAGE" "$(elapsed "$start")"
fi

start="$(now_ms)"
host_node="$(node --version)"
if [[ "$(image_label "$NODE_IMAGE" "$VERSION_LABEL")" == "$NODE_VERSION" &&
  "$(image_label "$NODE_IMAGE" "$NODE_LABEL")" == "$host_node" ]]; then
  printf '%s: cached\n' "$NODE_IMAGE"
  tag_node20
else
  old="$(image_id "$NODE_IMAGE")"
  build_node "$host_node"
  tag_node20
  remove_replaced "$old" "$NODE_IMAGE"
  printf '%s: built in %s (node %s)\n' "$NODE_IMAGE" "$(elapsed "$start")" "$host_node"
fi
