#!/usr/bin/env bash
# Builds a FAT EFI system partition image:
#   EFI/BOOT/BOOTAA64.EFI (domus.efi), EFI/BOOT/domus.cfg, and the modules
#   the config names (dom0_kernel, dom0_initrd), looked up beside the config
#   file, then in build/dom0/.
# usage: mkesp.sh [OUT.img] [CFG]   (defaults: build/esp.img, $CFG or boot/domus.cfg)
#   CFG "none" builds an ESP without domus.cfg (to test the loader's error).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/esp.img}
cfg=${2:-${CFG:-boot/domus.cfg}}
efi=build/domus.efi
[ -f "$efi" ] || { echo "mkesp: $efi missing: run make" >&2; exit 1; }

files=()
if [ "$cfg" != none ]; then
  [ -f "$cfg" ] || { echo "mkesp: config '$cfg' not found" >&2; exit 1; }
  for key in dom0_kernel dom0_initrd; do
    name=$(sed -n "s/^[[:space:]]*$key[[:space:]]*=[[:space:]]*\"\{0,1\}\([^\"#[:space:]]*\).*/\1/p" "$cfg" | head -1)
    [ -n "$name" ] || continue
    found=
    for dir in "$(dirname "$cfg")" build/dom0; do
      if [ -f "$dir/$name" ]; then found="$dir/$name"; break; fi
    done
    if [ -z "$found" ] && { [ "$name" = Image ] || [ "$name" = initrd.cpio.gz ]; }; then
      make -s "build/dom0/$name" >&2 && found="build/dom0/$name"
    fi
    if [ -n "$found" ]; then
      files+=("$found")
    else
      echo "mkesp: note: $key '$name' not found; the ESP will not hold it" >&2
    fi
  done
fi

bytes=$(stat -c %s "$efi" "${files[@]}" | awk '{s += $1} END {print s}')
size_mb=$(( bytes / 1048576 + 40 ))
mkdir -p "$(dirname "$out")"
rm -f "$out"
truncate -s ${size_mb}M "$out"
mkfs.vfat -F 32 -n DOMUS-ESP "$out" >/dev/null
mmd -i "$out" ::/EFI ::/EFI/BOOT
mcopy -i "$out" "$efi" ::/EFI/BOOT/BOOTAA64.EFI
[ "$cfg" = none ] || mcopy -i "$out" "$cfg" ::/EFI/BOOT/domus.cfg
for f in "${files[@]}"; do
  mcopy -i "$out" "$f" "::/EFI/BOOT/$(basename "$f")"
done
