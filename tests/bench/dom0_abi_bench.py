#!/usr/bin/env python3
"""Dom0 user-space ABI benchmark: the same stock kernel and initramfs as
dom0 (2 vCPUs, 512 MiB, hvc0) under Domus and under Debian's Xen 4.17, on
the same QEMU machine (2 CPUs, edk2), running `domus-selftest bench N`
(dom0-tools/selftest/bench.c), which times N of each:
  getpid          a plain system call: the baseline of the same run
  xen_version     the null hypercall through privcmd's ioctl
  evtchn_roundtrip an event-channel notification from send to the
                  receiver's wake-up (notify, read(2) of /dev/xen/evtchn,
                  unmask), loopback in dom0
  grant_map_unmap gntdev map + mmap + touch + munmap + unmap of one page
  grant_copy      a 4 KiB grant copy (IOCTL_GNTDEV_GRANT_COPY)
Each line is "bench <name> <n> <total_ns> <ns_per_op>", clock_gettime in
dom0. Under -icount shift=0 one ns is one instruction (of any CPU and
exception level), so the deterministic figures are instructions per
operation of the whole path: user space, dom0's kernel and the hypervisor.
Run twice: deterministic and wall-clock (ratios only).
"""
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "qemu"))
sys.path.insert(0, HERE)
from machine import Machine  # noqa: E402
from test_dom0 import DOM0_CFG  # noqa: E402
import xen_ref  # noqa: E402

DETERMINISTIC = "-accel tcg,thread=single -icount shift=0,sleep=off"
OPS = ("getpid", "xen_version", "evtchn_roundtrip", "grant_map_unmap", "grant_copy")
N = int(os.environ.get("DOM0_ABI_BENCH_N", "1000"))
CMD = f"domus-selftest bench {N}"
LINE = re.compile(r"bench (\w+) (\d+) (\d+) (\d+)")
TIMEOUT = 900


def parse(text):
    return {m.group(1): float(m.group(3)) / int(m.group(2)) for m in LINE.finditer(text)}


def domus(qemu_args):
    cfg = DOM0_CFG.format(vcpus=2, mem="512M").replace("console=ttyAMA0", "console=hvc0")
    m = Machine(cfg=cfg, cpus=2, mem="2G", qemu_args=qemu_args)
    try:
        m.expect(r"dom0: init ready", timeout=TIMEOUT)
        m.expect(r"dom0# ", timeout=TIMEOUT)
        return parse(m.shell(CMD, timeout=TIMEOUT))
    finally:
        m.close()


def xen(qemu_args):
    times = xen_ref.boot_xen(qemu_args=qemu_args, cpus=2, timeout=TIMEOUT, commands=[CMD])
    return parse(times["outputs"][0])


def ratio(a, b):
    return f"{a / b:7.2f}" if a and b else "     NA"


def report(title, d, x, unit):
    print(f"\n{title}")
    print(f"  {'op':<16} {'Domus':>10} {'Xen':>10}  Domus/Xen  Domus/getpid  Xen/getpid")
    for op in OPS:
        dv, xv = d.get(op), x.get(op)
        print(f"  {op:<16} {dv or 0:10.0f} {xv or 0:10.0f}    {ratio(dv, xv)}      "
              f"{ratio(dv, d.get('getpid'))}     {ratio(xv, x.get('getpid'))}")
    print(f"  ({unit} per operation, N = {N})")


def main():
    print(f"Dom0 user-space ABI benchmark: `{CMD}` in dom0 under Domus and Xen 4.17")
    t0 = time.monotonic()
    det = (domus(DETERMINISTIC), xen(DETERMINISTIC))
    print(f"  deterministic runs done ({time.monotonic() - t0:.0f} s)")
    wall = (domus(""), xen(""))
    print(f"  wall-clock runs done ({time.monotonic() - t0:.0f} s)")
    missing = [(who, op) for who, res in (("Domus", det[0]), ("Xen", det[1]),
                                          ("Domus wall", wall[0]), ("Xen wall", wall[1]))
               for op in OPS if op not in res]
    report("Deterministic (-icount shift=0): instructions, all levels", *det, "instructions")
    report("Wall clock (noisy; compare ratios only)", *wall, "ns")
    if missing:
        print(f"missing results: {missing}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
