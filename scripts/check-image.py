#!/usr/bin/env python3
"""Post-link checks of the hypervisor image (domus-hv.elf):
  - the permission boundaries (_text_*, _rodata_*, _data_start) are page aligned;
  - no loadable segment is both writable and executable;
  - the only dynamic relocations are R_AARCH64_RELATIVE (what head.S applies),
    and there is at least one (the anchor: proves the scan sees them);
  - the image stays within its size budget.
Each check fails loudly when the pattern it looks for is missing."""
import re
import subprocess
import sys

READELF = "aarch64-linux-gnu-readelf"
TEXT_BUDGET = 512 * 1024
IMAGE_BUDGET = 2 * 1024 * 1024


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def symbols(elf):
    syms = {}
    for line in run(READELF, "-sW", elf).splitlines():
        parts = line.split()
        if len(parts) >= 8 and parts[7].startswith("_"):
            syms[parts[7]] = int(parts[1], 16)
    return syms


def main(elf):
    errors = []
    syms = symbols(elf)
    need = ["_text_start", "_text_end", "_rodata_start", "_rodata_end", "_data_start",
            "_image_end", "_file_end"]
    missing = [s for s in need if s not in syms]
    if missing:
        print(f"check-image: FAIL: symbols missing: {missing}")
        return 1
    for s in need[:-2]:
        if syms[s] % 4096:
            errors.append(f"{s} = {syms[s]:#x} is not page aligned")
    segs = re.findall(r"^\s+LOAD\s+.*?\s([RWE ]{3})\s+0x", run(READELF, "-lW", elf), re.M)
    if not segs:
        errors.append("no LOAD segment found")
    for flags in segs:
        if "W" in flags and "E" in flags:
            errors.append(f"a LOAD segment is writable and executable ({flags.strip()})")
    relocs = re.findall(r"^[0-9a-f]+\s+[0-9a-f]+\s+(R_AARCH64_\w+)", run(READELF, "-rW", elf), re.M)
    if not relocs:
        errors.append("no dynamic relocation found (anchor missing: is the image PIE?)")
    others = sorted(set(r for r in relocs if r != "R_AARCH64_RELATIVE"))
    if others:
        errors.append(f"unsupported relocation types: {others}")
    text = syms["_text_end"] - syms["_text_start"]
    if text > TEXT_BUDGET:
        errors.append(f"text is {text} bytes, over the {TEXT_BUDGET} budget")
    if syms["_image_end"] > IMAGE_BUDGET:
        errors.append(f"image is {syms['_image_end']} bytes, over the {IMAGE_BUDGET} budget")
    for e in errors:
        print(f"check-image: FAIL: {e}")
    if errors:
        return 1
    print(f"check-image: ok: {len(segs)} segments, none W+X; {len(relocs)} RELATIVE relocations; "
          f"text {text} bytes, image {syms['_image_end']} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
