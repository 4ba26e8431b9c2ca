#!/usr/bin/env python3
"""Domain-building benchmark: dom0 (the stock kernel, 2 vCPUs, 512 MiB,
hvc0) under Domus runs `domus-selftest bench-domu N`
(dom0-tools/selftest/domu.c), which times N of each:
  getpid                      a plain system call: the baseline of the run
  domu_create_destroy         DOMUS_DOMCTL_createdomain (1 vCPU) + destroy
  domu_populate_decrease_16m  populate_physmap of 16 MiB in 2 MiB extents
                              into a domU, then decrease_reservation of it
Each line is "bench <name> <n> <total_ns> <ns_per_op>". Under -icount
shift=0 one ns is one instruction, so the deterministic figures are
instructions per operation of the whole path (user space, dom0's kernel,
the hypervisor). Run twice: deterministic and wall-clock; every figure is
reported as a multiple of getpid in the same run. Xen 4.17 has no Domus
domctl, so there is no side-by-side figure: the comparison with Xen comes
with whole guests (`domus create` against `xl create`).
"""
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "qemu"))
from machine import Machine  # noqa: E402
from test_dom0 import DOM0_CFG  # noqa: E402

DETERMINISTIC = "-accel tcg,thread=single -icount shift=0,sleep=off"
OPS = ("getpid", "domu_create_destroy", "domu_populate_decrease_16m")
N = int(os.environ.get("DOMU_BENCH_N", "50"))
LINE = re.compile(r"bench (\w+) (\d+) (\d+) (\d+)")
TIMEOUT = 900


def run(qemu_args):
    cfg = DOM0_CFG.format(vcpus=2, mem="512M").replace("console=ttyAMA0", "console=hvc0")
    m = Machine(cfg=cfg, cpus=2, mem="2G", qemu_args=qemu_args)
    try:
        m.expect(r"dom0: init ready", timeout=TIMEOUT)
        m.expect(r"dom0# ", timeout=TIMEOUT)
        out = m.shell(f"domus-selftest bench-domu {N} > /tmp/b.txt 2>&1; cat /tmp/b.txt",
                      timeout=TIMEOUT)
        return {g.group(1): float(g.group(3)) / int(g.group(2)) for g in LINE.finditer(out)}
    finally:
        m.close()


def main():
    t = time.time()
    det = run(DETERMINISTIC)
    wall = run("")
    missing = [op for op in OPS if op not in det or op not in wall]
    print(f"domU building, N={N} each (Domus; {time.time() - t:.0f} s)")
    print(f"{'operation':<28} {'instr/op':>12} {'x getpid':>10} {'wall x getpid':>14}")
    for op in OPS:
        if op in missing:
            print(f"{op:<28} {'missing':>12}")
            continue
        print(f"{op:<28} {det[op]:12.0f} {det[op] / det['getpid']:10.1f} "
              f"{wall[op] / wall['getpid']:14.1f}")
    if missing:
        print(f"domu_bench: no figure for {missing}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
