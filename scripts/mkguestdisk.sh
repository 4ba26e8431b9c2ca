#!/usr/bin/env bash
# Builds the guest disk the domain-builder tests attach to dom0 as a virtio
# disk (/dev/vda): an ext2 file system holding what `domus create` boots
# as a domU:
#   /Image              the stock Debian kernel (the same Image as dom0's)
#   /initrd.cpio.gz     a small domU initramfs: busybox-static and
#                       tests/domu/init
# Everything comes from the arm64 packages `make deps` unpacked in
# $DOMUS_CACHE. Dom0's initramfs stays as it is (no 33 MB kernel in every
# boot); only the tests that need a guest kernel attach this disk.
# usage: mkguestdisk.sh OUT.img IMAGE
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "mkguestdisk: error: $*" >&2; exit 1; }

[ $# -eq 2 ] || die "usage: scripts/mkguestdisk.sh OUT.img IMAGE"
out=$1
image=$2
CACHE=${DOMUS_CACHE:-$HOME/.cache/domus}
root=$CACHE/arm64/root
init=tests/domu/init

[ -f "$image" ] || die "kernel Image $image missing (make build/dom0/Image)"
[ -x "$root/bin/busybox" ] || die "busybox-static missing from $root: run make deps"
for tool in cpio gzip mke2fs truncate; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found: run make deps"
done

stage=$(mktemp -d "${TMPDIR:-/tmp}/domus-guestdisk.XXXXXX")
tmp_out="$out.tmp.$$"
trap 'rm -rf "$stage" "$tmp_out"' EXIT

# The domU initramfs, with fixed timestamps and owners (same bytes for the
# same inputs).
rd=$stage/initrd
mkdir -p "$rd"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc}
cp "$root/bin/busybox" "$rd/bin/busybox"
ln -s busybox "$rd/bin/sh"
cp "$init" "$rd/init"
chmod 0755 "$rd/init" "$rd/bin/busybox"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$rd/etc/passwd"
if [ "$(id -u)" -eq 0 ]; then
  mknod -m 0600 "$rd/dev/console" c 5 1
fi
find "$rd" -exec touch -h -d @0 {} +
fs=$stage/fs
mkdir -p "$fs"
(cd "$rd" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --reproducible --quiet) \
  | gzip -9n >"$fs/initrd.cpio.gz"
cp "$image" "$fs/Image"
find "$fs" -exec touch -h -d @0 {} +

# Room for the files and the file system's own blocks.
kib=$(du -sk "$fs" | cut -f1)
mib=$(( (kib / 1024) * 11 / 10 + 8 ))
mkdir -p "$(dirname "$out")"
truncate -s "${mib}M" "$tmp_out"
mke2fs -q -F -t ext2 -L domus-guest -E root_owner=0:0 -d "$fs" "$tmp_out"
mv "$tmp_out" "$out"
echo "mkguestdisk: wrote $out (${mib} MiB: Image $(stat -c %s "$fs/Image") bytes, initrd.cpio.gz $(stat -c %s "$fs/initrd.cpio.gz") bytes)"
