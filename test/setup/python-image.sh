#!/usr/bin/env bash
# localci-test/python:3 for the Python install-layer e2e test: Debian bookworm minbase with
# Debian's python3, venv and pip, and `python` naming python3 as in the official images. No
# registry is reachable, so it is a `docker import` of a debootstrapped root filesystem, made once
# per machine (about a minute) and kept while its label matches the version below.
set -euo pipefail

readonly IMAGE=localci-test/python:3
readonly VERSION=1
readonly SUITE=bookworm
readonly PACKAGES=python3,python3-venv,python-is-python3
readonly VERSION_LABEL=localci.fixture.version
readonly IMAGE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
readonly CACHE_DIR="${LOCALCI_TEST_CACHE_DIR:-/var/cache/localci-test}"

# shellcheck source=test/setup/debian-rootfs.sh
source "$(dirname "${BASH_SOURCE[0]}")/debian-rootfs.sh"

label() { docker image inspect -f "{{ index .Config.Labels \"${VERSION_LABEL}\" }}" "$IMAGE" 2>/dev/null || true; }

[[ "$(label)" == "$VERSION" ]] && exit 0
begin_cached_setup "$CACHE_DIR"
# Another test run may have built it while this one waited for the lock.
[[ "$(label)" == "$VERSION" ]] && exit 0
new_scratch_dir
root="${SCRATCH_DIR}/rootfs"
printf 'python-image: debootstrap %s with %s (once; about a minute)\n' "$SUITE" "$PACKAGES" >&2
debootstrap_minbase "$SUITE" "$PACKAGES" "$root"
tar --numeric-owner -C "$root" -cf - . | docker import \
  --change "LABEL ${VERSION_LABEL}=${VERSION}" \
  --change "ENV PATH=${IMAGE_PATH}" \
  --change 'CMD ["python"]' \
  - "$IMAGE" >/dev/null
# Prove it can make the virtualenv the install layer holds before a test relies on it.
if ! docker run --rm --network none "$IMAGE" sh -c 'python -m venv --copies /tmp/venv && /tmp/venv/bin/pip --version' >/dev/null; then
  docker image rm "$IMAGE" >/dev/null 2>&1 || true
  printf 'python-image: the built %s cannot make a virtualenv with pip\n' "$IMAGE" >&2
  exit 1
fi
