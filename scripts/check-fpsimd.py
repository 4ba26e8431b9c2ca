#!/usr/bin/env python3
"""Post-link check: no FP/SIMD/SVE instruction in the hypervisor image.

Every instruction word in the disassembly of executable sections is classified
by its encoding (not by register names): the AArch64 top-level groups
"data processing - scalar FP and Advanced SIMD" (op0 = x111), SIMD&FP loads
and stores (op0 = x1x0 with V = 1), SVE (op0 = 0010), and MRS/MSR of
FPCR/FPSR.  Instructions inside functions listed with --allow (libfdt's, which
may only run at boot) are counted but tolerated.

The guest FP/SIMD switch (arm64_fp_save/arm64_fp_restore) is named with
--allow-func: it is the one place that must touch these registers.

usage: check-fpsimd.py IMAGE.elf [--allow-from LIB.a]... [--allow-func NAME]...
                       [--expect-allowed]
  --expect-allowed  fail if no tolerated instruction was found at all (the
                    anchor: proves the scanner sees libfdt's known FP code).
"""
import re
import subprocess
import sys

OBJDUMP = "aarch64-linux-gnu-objdump"
NM = "aarch64-linux-gnu-nm"

FPCR_FPSR = {0x5A20, 0x5A21}  # op0=3 op1=3 CRn=4 CRm=4 op2=0/1 (sysreg field >> 5)


def is_fpsimd(w):
    op0 = (w >> 25) & 0xF
    if op0 in (0b0111, 0b1111):
        return "fp/simd data-processing"
    if op0 == 0b0010:
        return "sve"
    if (op0 & 0b0101) == 0b0100 and (w >> 26) & 1:
        return "simd&fp load/store"
    # MRS/MSR (register): 1101 0101 00 L 1 ...
    if (w & 0xFFD00000) == 0xD5100000 and ((w >> 5) & 0x7FFF) in FPCR_FPSR:
        return "fpcr/fpsr access"
    return None


def symbols_of(archives):
    names = set()
    for a in archives:
        out = subprocess.run([NM, "--defined-only", a], capture_output=True,
                             text=True, check=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in "Tt":
                names.add(parts[2])
    return names


def scan(image):
    out = subprocess.run([OBJDUMP, "-d", "--no-show-raw-insn", "-z", image],
                         capture_output=True, text=True, check=True).stdout
    # Re-run with raw words: objdump prints them as one 8-digit hex field.
    out = subprocess.run([OBJDUMP, "-d", "-z", image], capture_output=True,
                         text=True, check=True).stdout
    func = None
    insn_re = re.compile(r"^\s*([0-9a-f]+):\s+([0-9a-f]{8})\s+(\S+)(.*)$")
    for line in out.splitlines():
        m = re.match(r"^[0-9a-f]+ <(.+)>:$", line)
        if m:
            func = m.group(1)
            continue
        m = insn_re.match(line)
        if not m or m.group(3).startswith("."):
            continue
        yield func, int(m.group(1), 16), int(m.group(2), 16), m.group(3) + m.group(4)


def main(argv):
    image = None
    allow_libs = []
    allow_funcs = []
    expect_allowed = False
    i = 1
    while i < len(argv):
        if argv[i] == "--allow-func":
            allow_funcs.append(argv[i + 1])
            i += 2
        elif argv[i] == "--allow-from":
            allow_libs.append(argv[i + 1])
            i += 2
        elif argv[i] == "--expect-allowed":
            expect_allowed = True
            i += 1
        else:
            image = argv[i]
            i += 1
    if not image:
        print(__doc__)
        return 2
    allowed = symbols_of(allow_libs) | set(allow_funcs)
    total = tolerated = 0
    bad = []
    funcs_tol = set()
    for func, addr, word, text in scan(image):
        total += 1
        kind = is_fpsimd(word)
        if not kind:
            continue
        if func in allowed:
            tolerated += 1
            funcs_tol.add(func)
        else:
            bad.append((func, addr, word, kind, text.strip()))
    if total == 0:
        print(f"check-fpsimd: {image}: no instructions found (scanner broken?)")
        return 1
    for func, addr, word, kind, text in bad[:50]:
        print(f"check-fpsimd: {image}: {addr:#x} <{func}> {word:08x} {kind}: {text}")
    if bad:
        print(f"check-fpsimd: FAIL: {len(bad)} FP/SIMD instruction(s) outside the allowed functions")
        return 1
    if expect_allowed and tolerated == 0:
        print("check-fpsimd: FAIL: anchor missing: no FP/SIMD found in the allowed "
              "library functions, so the scanner cannot be trusted")
        return 1
    print(f"check-fpsimd: ok: {total} instructions, no FP/SIMD outside allowed code "
          f"({tolerated} in {len(funcs_tol)} allowed function(s): {', '.join(sorted(funcs_tol))})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
