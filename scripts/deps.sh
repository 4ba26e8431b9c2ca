#!/usr/bin/env bash
# Installs everything Domus needs on a Debian 12 host, idempotently.
#   host packages: cross toolchain, image tools, QEMU (>= 8.2, from
#   bookworm-backports), edk2 firmware, test tools;
#   arm64 packages: fetched with `apt-get download` into $DOMUS_CACHE
#   (default ~/.cache/domus, outside git) and unpacked there.
# Exits non-zero with the package's name when something cannot be had.
set -euo pipefail

CACHE=${DOMUS_CACHE:-$HOME/.cache/domus}
STAMP_VERSION=4
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

die() { echo "deps: error: $*" >&2; exit 1; }

HOST_PKGS=(
  make gcc gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
  libc6-dev-arm64-cross mtools dosfstools cpio e2fsprogs
  device-tree-compiler libfdt-dev python3 python3-pytest python3-pexpect
  clang libclang-rt-14-dev clang-format cppcheck qemu-efi-aarch64 xz-utils zstd
)

# --- distribution check -----------------------------------------------------
[ -r /etc/os-release ] || die "cannot read /etc/os-release; Domus needs Debian 12 (bookworm)"
. /etc/os-release
if [ "${ID:-}" != debian ] || [ "${VERSION_CODENAME:-}" != bookworm ]; then
  die "this is ${PRETTY_NAME:-an unknown system}; Domus's setup needs Debian 12 (bookworm)"
fi

qemu_ok() {
  command -v qemu-system-aarch64 >/dev/null 2>&1 || return 1
  local v
  v=$(qemu-system-aarch64 --version | sed -n 's/.*version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p' | head -1)
  set -- $v
  [ "${1:-0}" -gt 8 ] || { [ "${1:-0}" -eq 8 ] && [ "${2:-0}" -ge 2 ]; }
}

host_ok() {
  local p
  for p in "${HOST_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || return 1
  done
  qemu_ok
}

arm64_ok() {
  [ -f "$CACHE/arm64/.stamp" ] && [ "$(cat "$CACHE/arm64/.stamp")" = "$STAMP_VERSION" ]
}

if host_ok && arm64_ok; then
  exit 0
fi

# --- apt sources: arm64 architecture and bookworm-backports ----------------
# The backports suite is added on the same mirror the system already uses.
add_backports() {
  if grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
       /etc/apt/sources.list.d/*.list; then
    return 0
  fi
  local uri
  uri=$(grep -hs -E '^URIs:' /etc/apt/sources.list.d/*.sources | grep -v security | head -1 | awk '{print $2}')
  if [ -z "$uri" ]; then
    uri=$(grep -hs -E '^deb ' /etc/apt/sources.list | grep -v security | head -1 | awk '{print $2}')
  fi
  [ -n "$uri" ] || die "no Debian mirror found in the apt sources to add bookworm-backports to"
  echo "deps: adding bookworm-backports ($uri)"
  printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$uri" | $SUDO tee /etc/apt/sources.list.d/domus-backports.sources >/dev/null
}

updated=0
apt_update() {
  [ $updated -eq 1 ] && return 0
  echo "deps: apt-get update"
  # Third-party sources on the machine may be unreachable; what matters is
  # that the packages below can be found afterwards, which is checked there.
  $SUDO apt-get update -qq >/dev/null 2>&1 || echo "deps: warning: apt-get update reported errors (continuing)"
  updated=1
}

add_backports
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  echo "deps: adding the arm64 architecture to dpkg"
  $SUDO dpkg --add-architecture arm64
fi

# --- host packages ----------------------------------------------------------
if ! host_ok; then
  apt_update
  for p in "${HOST_PKGS[@]}"; do
    apt-cache show "$p" >/dev/null 2>&1 || die "package '$p' cannot be found (no network or no Debian mirror?)"
  done
  echo "deps: installing host packages"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${HOST_PKGS[@]}" >/dev/null \
    || die "apt-get install of host packages failed: ${HOST_PKGS[*]}"
  if ! qemu_ok; then
    case "$(apt-cache policy qemu-system-arm 2>/dev/null)" in
      *bpo*) ;;
      *) die "package 'qemu-system-arm' >= 8.2 not found in bookworm-backports" ;;
    esac
    echo "deps: installing qemu-system-arm from bookworm-backports"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -t bookworm-backports qemu-system-arm >/dev/null \
      || die "apt-get install -t bookworm-backports qemu-system-arm failed"
    qemu_ok || die "qemu-system-aarch64 is older than 8.2 after installing 'qemu-system-arm'"
  fi
fi

# --- arm64 packages ---------------------------------------------------------
fetch_arm64() {
  apt_update
  local dl="$CACHE/arm64/debs" root="$CACHE/arm64/root"
  rm -rf "$dl" "$root"
  mkdir -p "$dl" "$root"
  # Resolve the kernel metapackage to today's versioned image package.
  local kpkg
  kpkg=$(apt-cache depends linux-image-arm64:arm64 2>/dev/null \
           | sed -n 's/^ *Depends: \(linux-image-[0-9][^ :]*\).*/\1/p' | head -1)
  [ -n "$kpkg" ] || die "package 'linux-image-arm64' (arm64) cannot be resolved to a kernel package"
  local pkgs=(gnu-efi libfdt-dev libfdt1 picolibc-aarch64-linux-gnu busybox-static "$kpkg")
  # Xen itself, only as the reference the benchmarks compare against (scripts/xen-ref.sh).
  pkgs+=(xen-hypervisor-4.17-arm64)
  local p
  for p in "${pkgs[@]}"; do
    echo "deps: fetching $p (arm64)"
    (cd "$dl" && apt-get download -qq "$p:arm64" >/dev/null 2>&1) \
      || (cd "$dl" && apt-get download -qq "$p" >/dev/null 2>&1) \
      || die "package '$p' (arm64) cannot be downloaded"
  done
  for f in "$dl"/*.deb; do dpkg-deb -x "$f" "$root"; done
  echo "$kpkg" > "$CACHE/arm64/kernel-package"
  echo "$STAMP_VERSION" > "$CACHE/arm64/.stamp"
}

arm64_ok || fetch_arm64
echo "deps: all dependencies present (cache: $CACHE)"
