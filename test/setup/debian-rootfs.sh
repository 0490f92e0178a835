# Sourced by the scripts that make Debian root filesystems for images (test fixtures, bench
# helper images): debootstrap from the mirror and through the proxy this machine's apt uses.
# Functions report problems on stderr and return non-zero; the caller decides how to die.
# shellcheck shell=bash

# The Debian mirror this machine's apt already uses, read at run time (the repository must not
# name package mirrors). Understands one-line sources (*.list) and deb822 (*.sources).
debian_mirror() { # suite -> mirror URL; fails (silently) when apt has no source for it
  local suite="$1"
  if [[ -n "${LOCALCI_TEST_DEBIAN_MIRROR:-}" ]]; then
    printf '%s\n' "$LOCALCI_TEST_DEBIAN_MIRROR"
    return 0
  fi
  local files=() file mirror=""
  [[ -f /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
  shopt -s nullglob
  files+=(/etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
  shopt -u nullglob
  for file in "${files[@]}"; do
    if [[ "$file" == *.sources ]]; then
      mirror="$(awk -v suite="$suite" '
        BEGIN { RS = ""; FS = "\n" }          # one record per stanza
        {
          types = ""; uris = ""; suites = ""; enabled = "yes"
          for (i = 1; i <= NF; i++) {
            line = $i
            if (line ~ /^[ \t]*#/ || !match(line, /^[A-Za-z-]+:/)) continue
            key = tolower(substr(line, 1, RLENGTH - 1)); val = substr(line, RLENGTH + 1)
            if (key == "types") types = val; else if (key == "uris") uris = val
            else if (key == "suites") suites = val; else if (key == "enabled") enabled = val
          }
          if ((" " types " ") !~ /[ \t]deb[ \t]/ || enabled ~ /no/) next
          if ((" " suites " ") !~ ("[ \t]" suite "[ \t]")) next
          n = split(uris, u, /[ \t]+/)
          for (k = 1; k <= n; k++) if (u[k] ~ /^(https?|file):/) { print u[k]; exit }
        }' "$file")"
    else
      mirror="$(awk -v suite="$suite" '
        $1 == "deb" {
          sub(/\[[^]]*\]/, "")                  # drop [arch=... signed-by=...] options
          if ($3 == suite && $2 ~ /^(https?|file):/) { print $2; exit }
        }' "$file")"
    fi
    if [[ -n "$mirror" ]]; then
      printf '%s\n' "$mirror"
      return 0
    fi
  done
  return 1
}

# Debootstraps a minbase root filesystem of `suite` with the comma-separated `packages` into the
# folder `root` (~1 min), trimmed for use as an image.
debootstrap_minbase() { # suite packages root
  local suite="$1" packages="$2" root="$3" mirror
  command -v debootstrap >/dev/null || {
    printf 'debootstrap not found; run test/setup/ensure-docker.sh\n' >&2
    return 1
  }
  mirror="$(debian_mirror "$suite")" || {
    printf 'no apt source for Debian %s found in /etc/apt; set LOCALCI_TEST_DEBIAN_MIRROR\n' "$suite" >&2
    return 1
  }
  # Download through the same proxy apt uses, if any; debootstrap does not write it into the
  # target, so the image stays free of proxy settings.
  local http_proxy_conf="" https_proxy_conf=""
  eval "$(apt-config shell http_proxy_conf Acquire::http::Proxy https_proxy_conf Acquire::https::Proxy)"
  if ! http_proxy="${http_proxy:-$http_proxy_conf}" https_proxy="${https_proxy:-$https_proxy_conf}" \
    debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" \
    >"${root}.log" 2>&1; then
    tail -n 20 "${root}.log" >&2
    [[ -f "$root/debootstrap/debootstrap.log" ]] && tail -n 20 "$root/debootstrap/debootstrap.log" >&2
    printf 'debootstrap failed (mirror from /etc/apt: %s)\n' "$mirror" >&2
    return 1
  fi

  # Leave out what docker provides at run time and what only bloats the layer.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root/etc/resolv.conf"
  printf 'localhost\n' >"$root/etc/hostname"
}

# Removes a folder debootstrap worked in; a failed debootstrap can leave /proc or /sys mounted
# inside its target, and rm must not descend into those.
remove_rootfs() { # dir
  local dir="$1" mnt
  while read -r mnt; do umount -l "$mnt" 2>/dev/null || true; done \
    < <(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts)
  rm -rf --one-file-system "$dir"
}

# For the top-level script, once: serialises setups sharing `cache_dir` (a lock on fd 9, held
# until the script ends) and removes every folder new_scratch_dir made, however the script ends.
begin_cached_setup() { # cache_dir
  SCRATCH_BASE="$1"
  SCRATCH=()
  mkdir -p "$SCRATCH_BASE"
  exec 9>"${SCRATCH_BASE}/lock"
  flock 9
  trap remove_scratch_dirs EXIT
}

remove_scratch_dirs() {
  local dir
  for dir in "${SCRATCH[@]}"; do remove_rootfs "$dir"; done
}

# A scratch folder in the cache dir (the same file system as what is cached there, so a final
# mv is atomic). Sets SCRATCH_DIR: a global, as a $(...) subshell would lose SCRATCH.
new_scratch_dir() {
  SCRATCH_DIR="$(mktemp -d "${SCRATCH_BASE}/work.XXXXXX")"
  SCRATCH+=("$SCRATCH_DIR")
}
