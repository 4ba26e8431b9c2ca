#!/usr/bin/env python3
"""Boot benchmark: how long Domus takes from the firmware's hand-off to a
ready hypervisor, as ratios to the firmware's own start-up measured in the
same run (machines here are noisy; ratios are what to compare).

Two runs, as for every Domus benchmark:
  deterministic: -accel tcg,thread=single -icount shift=0,sleep=off, where
                 the 1 GHz counter advances one tick per instruction, so the
                 hypervisor's own figures are instruction counts and repeat;
  wall-clock:    the default multi-threaded TCG, reported as ratios only.
Figures:
  firmware  : QEMU start to the loader's first line (wall seconds)
  loader    : efi_main to the jump into the hypervisor (counter ticks)
  hypervisor: entry to the banner: page tables, GIC, SMP, IPI and timer
              self-tests included (counter ticks)
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "qemu"))
from machine import Machine  # noqa: E402

DETERMINISTIC = "-accel tcg,thread=single -icount shift=0,sleep=off"


def one_run(qemu_args, cpus):
    m = Machine(cfg="console = dtuart\n", cpus=cpus, mem="2G", qemu_args=qemu_args)
    try:
        t0 = time.monotonic()
        m.expect("Domus: UEFI loader starting", timeout=300)
        fw = time.monotonic() - t0
        loader_us, hv_us = map(int, m.expect(
            r"boot time\s*: (\d+) us in the loader, (\d+) us from entry to banner",
            timeout=300).groups())
        total = time.monotonic() - t0
        return fw, loader_us, hv_us, total
    finally:
        m.close()


def main():
    cpus = int(os.environ.get("CPUS", "4"))
    print(f"Domus boot benchmark ({cpus} CPUs, 2 GiB, edk2 firmware)")
    for name, args in (("deterministic", DETERMINISTIC), ("wall-clock", "")):
        fw, loader_us, hv_us, total = one_run(args, cpus)
        fw_us = fw * 1e6
        print(f"\n[{name}]")
        if name == "deterministic":
            print(f"  loader     : {loader_us * 1000:>12,d} instructions")
            print(f"  hypervisor : {hv_us * 1000:>12,d} instructions (entry to banner)")
        print(f"  ratio hypervisor/loader          : {hv_us / max(loader_us, 1):.3f}")
        print(f"  ratio (loader+hypervisor)/firmware: {(loader_us + hv_us) / fw_us:.3f}")
        print(f"  ratio firmware/whole boot        : {fw / total:.3f}")


if __name__ == "__main__":
    main()
