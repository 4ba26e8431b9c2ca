#!/bin/bash
# Build the bare-metal test guests: build/guests/probe.Image,
# build/guests/hcbench.Image and build/guests/domu.Image.
# Run from anywhere; `make` calls it as `bash tests/guests/build.sh`.
set -euo pipefail
cd "$(dirname "$0")/../.."

CROSS=${CROSS:-aarch64-linux-gnu-}
OUT=build/guests

CFLAGS=(-std=c11 -O2 -g -ffreestanding -nostdlib -fpie -fno-plt -fvisibility=hidden
        -mgeneral-regs-only -mstrict-align -mno-outline-atomics -march=armv8-a
        -fno-stack-protector -fno-common -fno-asynchronous-unwind-tables
        -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wvla)

# build_guest NAME [EXTRA_CFLAGS...]: tests/guests/common/start.S with
# tests/guests/NAME/NAME.c, linked by tests/guests/common/guest.lds
# -> build/guests/NAME.Image.
build_guest() {
    local name=$1 src=tests/guests/$1 obj=$OUT/$1
    shift
    local img=$OUT/$name.Image
    mkdir -p "$obj"

    # Cheap enough to rebuild, but make stays quiet when nothing changed.
    if [ -f "$img" ] &&
        [ -z "$(find "$src" tests/guests/common xen "$0" -newer "$img" -type f -print -quit)" ]; then
        return 0
    fi

    "${CROSS}gcc" "${CFLAGS[@]}" "$@" -c tests/guests/common/start.S -o "$obj/start.o"
    "${CROSS}gcc" "${CFLAGS[@]}" "$@" -c "$src/$name.c" -o "$obj/$name.o"
    "${CROSS}ld" -pie --no-dynamic-linker -z noexecstack -z norelro -nostdlib --fatal-warnings \
        --no-warn-rwx-segments -T tests/guests/common/guest.lds -o "$obj/$name.elf" "$obj/start.o" "$obj/$name.o"

    # start.S only knows R_AARCH64_RELATIVE: refuse anything else.
    if "${CROSS}readelf" -rW "$obj/$name.elf" | grep -E '^[0-9a-f]+ ' |
        grep -qv R_AARCH64_RELATIVE; then
        echo "$name: unsupported dynamic relocations:" >&2
        "${CROSS}readelf" -rW "$obj/$name.elf" >&2
        exit 1
    fi

    "${CROSS}objcopy" -O binary "$obj/$name.elf" "$img.tmp"
    mv "$img.tmp" "$img"
    echo "  GUEST   $img"
}

build_guest probe
# hcbench includes the ABI headers in xen/ (repository root).
build_guest hcbench -I.
build_guest domu -I.
