#!/usr/bin/env bash
# Boots an ESP image in QEMU's virt board under the edk2 firmware with the
# serial console on stdio. Settings come from the environment:
#   CPUS (4) MEM (2G) DISK (extra raw images, comma-separated, virtio-blk-pci)
#   QEMU_ARGS (appended as is) ESP (build/esp.img) MACHINE_EXTRA (appended to -machine)
set -euo pipefail
cd "$(dirname "$0")/.."
CPUS=${CPUS:-4}
MEM=${MEM:-2G}
ESP=${ESP:-build/esp.img}
FW=${FW:-/usr/share/qemu-efi-aarch64/QEMU_EFI.fd}
machine="virt,virtualization=on,gic-version=3,iommu=smmuv3,acpi=off${MACHINE_EXTRA:-}"

args=(-machine "$machine" -cpu max -smp "$CPUS" -m "$MEM" -bios "$FW"
      -drive "if=none,id=esp,format=raw,file=$ESP" -device "nvme,drive=esp,serial=domus-esp"
      -nic none)
if [ -n "${DISK:-}" ]; then
  IFS=, read -ra disks <<<"$DISK"
  i=0
  for d in "${disks[@]}"; do
    [ -f "$d" ] || { echo "run-qemu: DISK '$d' not found" >&2; exit 1; }
    args+=(-drive "if=none,id=disk$i,format=raw,file=$d" -device "virtio-blk-pci,drive=disk$i")
    i=$((i + 1))
  done
fi
if [ -t 0 ]; then
  # QEMU's own escape moves from Ctrl-A to Ctrl-] so that Ctrl-A reaches
  # Domus (three in a row switch the console input): Ctrl-] x quits QEMU.
  args+=(-nographic -echr 0x1d)
else
  args+=(-display none -serial stdio -monitor none)
fi
# shellcheck disable=SC2086
exec qemu-system-aarch64 "${args[@]}" ${QEMU_ARGS:-}
