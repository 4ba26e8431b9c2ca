#!/usr/bin/env python3
"""Hypercall microbenchmark: a tiny bare-metal guest (tests/guests/hcbench)
booted as dom0 under Domus and under Debian's Xen 4.17 on the same QEMU
machine (2 CPUs, edk2; dom0 1 vCPU, 64 MiB) times, N times each:
  null             xen_version(XENVER_version)
  evtchn_send      EVTCHNOP_send on a masked loopback channel (the pending
                   bit is cleared before each send: full set-pending path)
  grant_map_unmap  GNTTABOP_map_grant_ref + unmap_grant_ref of its own grant
  grant_copy_4k    GNTTABOP_copy of 4 KiB from its own grant to its own page
minus the same loop without a hypercall. The guest prints per operation
  hcbench: <op> n=<N> el2=<instr/op or NA> total=<ns/op> el1=<instr/op or NA>
el2/el1: the PMU's instructions-retired event filtered by exception level
(QEMU counts it only under -icount; Xen traps the PMU: NA). total: the
generic counter; under -icount shift=0 one ns is one instruction, of either
CPU (QEMU's virtual clock is global), so it is the guest's EL1 instructions
plus the hypervisor's. Xen's EL2 figure is derived: its total minus the
EL1 part measured under Domus (the same guest code), i.e.
  xen_el2 = xen_total - (domus_total - domus_el2).
Run twice: deterministic (-icount) and wall-clock (ratios only). Exits
non-zero if a run did not print every line.
"""
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "qemu"))
sys.path.insert(0, HERE)
from machine import ROOT, Machine  # noqa: E402
import xen_ref  # noqa: E402

DETERMINISTIC = "-accel tcg,thread=single -icount shift=0,sleep=off"
IMAGE = os.path.join(ROOT, "build", "guests", "hcbench.Image")
OPS = ("null", "evtchn_send", "grant_map_unmap", "grant_copy_4k")
LINE = re.compile(r"hcbench: (\w+) n=(\d+) el2=(\S+) total=(\S+) el1=(\S+)")
DOMUS_CFG = "dom0_kernel = hcbench.Image\ndom0_mem = 64M\ndom0_vcpus = 1\n"
XEN_OPTIONS = "console=dtuart dom0_mem=64M dom0_max_vcpus=1 loglvl=all"
TIMEOUT = int(os.environ.get("ABI_BENCH_TIMEOUT", "600"))
TRAP_FLOOR = 40  # EL2 instructions of a trap that saves/restores every GPR


def _num(s):
    return None if s == "NA" else float(s)


def parse(log):
    """The guest's figures by operation, and its error lines."""
    res = {}
    for m in LINE.finditer(log):
        res[m.group(1)] = {"n": int(m.group(2)), "el2": _num(m.group(3)),
                           "total": float(m.group(4)), "el1": _num(m.group(5))}
    errors = re.findall(r"hcbench: (?:error|unexpected)[^\n]*", log)
    return res, errors


def domus(qemu_args):
    with open(IMAGE, "rb") as f:
        files = {"hcbench.Image": f.read()}
    m = Machine(cfg=DOMUS_CFG, files=files, cpus=2, mem="1G", qemu_args=qemu_args)
    try:
        m.expect(r"hcbench: done", timeout=TIMEOUT)
        m.wait_exit(timeout=60)
        return parse(m.log)
    except AssertionError as e:
        return parse(m.log)[0], [f"Domus: {str(e).splitlines()[0]}"]
    finally:
        m.close()


def xen(qemu_args):
    os.environ["XEN_OPTIONS"] = XEN_OPTIONS
    try:
        t = xen_ref.boot_xen(qemu_args=qemu_args, cpus=2, mem="1G", timeout=TIMEOUT,
                             dom0_kernel=IMAGE, initrd=False,
                             marks=(("done", r"hcbench: done"),))
    except AssertionError as e:
        return {}, [f"Xen: {str(e).splitlines()[0]}"]
    return parse(t["log"])


def fmt(v, width=9, prec=1):
    return f"{'-':>{width}}" if v is None else f"{v:{width}.{prec}f}"


def ratio(a, b):
    return f"{a / b:7.2f}" if a is not None and b else "    n/a"


def el1_part(d):
    """Domus's EL1 instructions per op (total - EL2): the guest's own code."""
    return d["total"] - d["el2"] if d and d["el2"] is not None else None


def report(det, wall):
    (d, x), (dw, xw) = det, wall
    print("\nper operation; EL2 and totals in instructions (-icount), wall-clock in ns"
          " (best of 3 loops)")
    print(f"  {'op':<16} {'Domus EL2':>9} {'Xen EL2*':>9} {'D/X':>7} {'Domus tot':>9}"
          f" {'Xen tot':>9} {'Domus ns':>9} {'Xen ns':>9} {'D/X':>7}")
    for op in OPS:
        a, b, c, e = d.get(op), x.get(op), dw.get(op), xw.get(op)
        del1 = el1_part(a)
        xel2 = b["total"] - del1 if b and del1 is not None else None
        del2 = a["el2"] if a else None
        print(f"  {op:<16} {fmt(del2)} {fmt(xel2)} {ratio(del2, xel2)}"
              f" {fmt(a and a['total'])} {fmt(b and b['total'])}"
              f" {fmt(c and c['total'], prec=0)} {fmt(e and e['total'], prec=0)}"
              f" {ratio(c and c['total'], e and e['total'])}")
    print("  * Xen traps the PMU, so its EL2 figure is derived: Xen's total minus the"
          " EL1 part\n    measured under Domus (Domus total - Domus EL2), the same guest code.")
    print(f"  D/X: Domus / Xen (below 1: Domus is cheaper). A trap that saves and restores"
          f" every\n  general register costs about {TRAP_FLOOR} EL2 instructions.")
    null = d.get("null")
    if null and null["el2"] is not None:
        print(f"  Domus null hypercall: {null['el2'] / TRAP_FLOOR:.1f}x that floor")
    # Under -icount the clock counts both CPUs: if the other one was busy,
    # totals exceed EL1 + EL2 and the derived Xen figures are suspect.
    for op in OPS:
        a = d.get(op)
        if a and a["el2"] is not None and abs(a["total"] - a["el2"] - a["el1"]) > 0.01 * a["total"]:
            print(f"  warning: Domus {op}: total {a['total']} != EL2 {a['el2']} + EL1 {a['el1']}"
                  " (the other CPU ran during the loop)")


def main():
    subprocess.run(["make", "-s", "all"], cwd=ROOT, check=True)
    subprocess.run(["bash", "tests/guests/build.sh"], cwd=ROOT, check=True)
    print("Hypercall microbenchmark (tests/guests/hcbench as dom0, 1 vCPU, 64 MiB;"
          " 2 CPUs; Domus vs Xen 4.17)")
    runs, ok = {}, True
    for name, args in (("deterministic", DETERMINISTIC), ("wall-clock", "")):
        t0 = time.monotonic()
        for hv, fn in (("domus", domus), ("xen", xen)):
            res, errors = fn(args)
            for err in errors:
                print(f"  {name} {hv}: {err}")
            missing = [op for op in OPS if op not in res]
            if missing or errors:
                ok = False
                print(f"  {name} {hv}: FAILED, no figures for {', '.join(missing) or '-'}")
            runs[name, hv] = res
        print(f"  {name} runs done ({time.monotonic() - t0:.0f} s)", flush=True)
    report((runs["deterministic", "domus"], runs["deterministic", "xen"]),
           (runs["wall-clock", "domus"], runs["wall-clock", "xen"]))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
