#!/bin/bash
# Build the bare-metal test guests: build/guests/probe.Image.
# Run from anywhere; `make` calls it as `bash tests/guests/build.sh`.
set -euo pipefail
cd "$(dirname "$0")/../.."

CROSS=${CROSS:-aarch64-linux-gnu-}
SRC=tests/guests/probe
OUT=build/guests
mkdir -p "$OUT/probe"

# Cheap enough to rebuild, but make stays quiet when nothing changed.
IMG=$OUT/probe.Image
if [ -f "$IMG" ] && [ -z "$(find "$SRC" "$0" -newer "$IMG" -type f -print -quit)" ]; then
    exit 0
fi

CFLAGS=(-std=c11 -O2 -g -ffreestanding -nostdlib -fpie -fno-plt -fvisibility=hidden
        -mgeneral-regs-only -mstrict-align -mno-outline-atomics -march=armv8-a
        -fno-stack-protector -fno-common -fno-asynchronous-unwind-tables
        -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wvla)

"${CROSS}gcc" "${CFLAGS[@]}" -c "$SRC/start.S" -o "$OUT/probe/start.o"
"${CROSS}gcc" "${CFLAGS[@]}" -c "$SRC/probe.c" -o "$OUT/probe/probe.o"
"${CROSS}ld" -pie --no-dynamic-linker -z noexecstack -z norelro -nostdlib --fatal-warnings --no-warn-rwx-segments \
    -T "$SRC/probe.lds" -o "$OUT/probe/probe.elf" "$OUT/probe/start.o" "$OUT/probe/probe.o"

# start.S only knows R_AARCH64_RELATIVE: refuse anything else.
if "${CROSS}readelf" -rW "$OUT/probe/probe.elf" | grep -E '^[0-9a-f]+ ' | grep -qv R_AARCH64_RELATIVE; then
    echo "probe: unsupported dynamic relocations:" >&2
    "${CROSS}readelf" -rW "$OUT/probe/probe.elf" >&2
    exit 1
fi

"${CROSS}objcopy" -O binary "$OUT/probe/probe.elf" "$IMG.tmp"
mv "$IMG.tmp" "$IMG"
echo "  GUEST   $IMG"
