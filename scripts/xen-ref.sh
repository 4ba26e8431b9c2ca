#!/usr/bin/env bash
# Builds the Xen reference ESP: Debian's Xen 4.17 EFI binary booting the
# same stock kernel and initramfs as Domus's dom0, for benchmarks to compare
# against. The ESP holds
#   EFI/BOOT/BOOTAA64.EFI    xen-4.17-arm64.efi from xen-hypervisor-4.17-arm64
#   EFI/BOOT/BOOTAA64.cfg    Xen's EFI config (named after the binary)
#   EFI/BOOT/Image           the kernel (vmlinuz-*, unpacked if gzip'd)
#   EFI/BOOT/initrd.cpio.gz  dom0's initramfs: build/dom0/initrd.cpio.gz, as Domus boots it
# Boot it with: ESP=OUT_ESP.img CPUS=2 MEM=2G scripts/run-qemu.sh
# usage: xen-ref.sh OUT_ESP.img
# Environment: XEN_OPTIONS (Xen's command line), DOM0_ARGS (dom0's),
# INITRD (another prebuilt initramfs to use instead, or "none"
# for no initramfs), DOM0_KERNEL (an arm64 Image to boot as dom0 instead
# of the stock kernel, e.g. a bare-metal test guest).
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "xen-ref: error: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: scripts/xen-ref.sh OUT_ESP.img"
out=$1
CACHE=${DOMUS_CACHE:-$HOME/.cache/domus}
root=$CACHE/arm64/root
XEN_OPTIONS=${XEN_OPTIONS:-console=dtuart dom0_mem=512M dom0_max_vcpus=2 loglvl=all}
DOM0_ARGS=${DOM0_ARGS:-console=hvc0 rdinit=/init}

[ -d "$root" ] || die "no arm64 cache at $CACHE/arm64: run make deps"
shopt -s nullglob
xens=("$root"/boot/xen-*-arm64.efi)
kernels=("$root"/boot/vmlinuz-*)
shopt -u nullglob
[ ${#xens[@]} -ge 1 ] || die "no Xen EFI binary (boot/xen-*-arm64.efi) in $root: run make deps (package xen-hypervisor-4.17-arm64)"
[ ${#xens[@]} -eq 1 ] || die "several Xen EFI binaries in $root/boot: ${xens[*]}"
if [ -z "${DOM0_KERNEL:-}" ]; then
  [ ${#kernels[@]} -eq 1 ] || die "expected one kernel (boot/vmlinuz-*) in $root, found ${#kernels[@]}: run make deps"
fi
for tool in mkfs.vfat mmd mcopy; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found: run make deps"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/domus-xenref.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Kernel: Debian ships an uncompressed arm64 Image; unpack a gzip'd one.
if [ -n "${DOM0_KERNEL:-}" ]; then
  [ -f "$DOM0_KERNEL" ] || die "DOM0_KERNEL '$DOM0_KERNEL' not found"
  cp "$DOM0_KERNEL" "$work/Image"
  kernels=("$DOM0_KERNEL")
elif gzip -t "${kernels[0]}" 2>/dev/null; then
  zcat "${kernels[0]}" >"$work/Image"
else
  cp "${kernels[0]}" "$work/Image"
fi

ramdisk="ramdisk=initrd.cpio.gz"
if [ "${INITRD:-}" = none ]; then
  ramdisk=""
  : >"$work/initrd.cpio.gz" # an empty file, copied but not named in the config
elif [ -n "${INITRD:-}" ]; then
  [ -f "$INITRD" ] || die "INITRD '$INITRD' not found"
  cp "$INITRD" "$work/initrd.cpio.gz"
else
  # The very initramfs Domus boots (with dom0-tools), so that both run the
  # same programs.
  make -s build/dom0/initrd.cpio.gz >/dev/null
  cp build/dom0/initrd.cpio.gz "$work/initrd.cpio.gz"
fi

# Xen's EFI loader reads <binary name>.cfg from the binary's directory
# (docs/misc/efi.pandoc): [global] default= names the section to boot;
# options= is Xen's command line, kernel= the dom0 kernel file followed by
# dom0's command line, ramdisk= the initramfs file (paths relative to the
# binary). Plain ASCII.
cat >"$work/BOOTAA64.cfg" <<EOF
[global]
default=xen

[xen]
options=$XEN_OPTIONS
kernel=Image $DOM0_ARGS
$ramdisk
EOF

bytes=$(stat -c %s "${xens[0]}" "$work/Image" "$work/initrd.cpio.gz" | awk '{s += $1} END {print s}')
size_mb=$((bytes / 1048576 + 40))
mkdir -p "$(dirname "$out")"
tmp_img="$work/esp.img"
truncate -s ${size_mb}M "$tmp_img"
mkfs.vfat -F 32 -n XEN-REF "$tmp_img" >/dev/null
mmd -i "$tmp_img" ::/EFI ::/EFI/BOOT
mcopy -i "$tmp_img" "${xens[0]}" ::/EFI/BOOT/BOOTAA64.EFI
mcopy -i "$tmp_img" "$work/BOOTAA64.cfg" "$work/Image" "$work/initrd.cpio.gz" ::/EFI/BOOT/
mv "$tmp_img" "$out"
echo "xen-ref: wrote $out ($(basename "${xens[0]}"), kernel $(basename "${kernels[0]}"))"
