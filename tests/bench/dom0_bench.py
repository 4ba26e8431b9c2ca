#!/usr/bin/env python3
"""Dom0 boot benchmark: the same stock kernel and initramfs on the same
QEMU machine (2 CPUs, 2 GiB, edk2), dom0 with 2 vCPUs and 512 MiB:
  (a) bare: booted directly by the firmware (edk2 loads the Image's EFI
      stub from QEMU's -kernel), no hypervisor;
  (b) Domus;
  (c) Debian's Xen 4.17 (tests/bench/xen_ref.py).
Figures:
  hv->dom0   hypervisor entry to dom0's first instruction: Domus prints it
             ("boot: entering dom0 N us after hypervisor entry"); Xen's
             console timestamps (console_timestamps=boot) give the time of
             "*** Serial input to DOM0"
  kernel     dom0 kernel start to init: the kernel's own printk time of
             "Run /init as init process" (its counter-based clock)
Run twice: deterministic (-icount shift=0: the 1 GHz counter advances one
tick per instruction, so figures are instruction counts and repeat) and
wall-clock (ratios only). Also Domus's guest traps during dom0's boot, by
kind (debug key 't' once the prompt is up).
"""
import os
import re
import subprocess
import sys
import time

import pexpect

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "qemu"))
sys.path.insert(0, HERE)
from machine import ROOT, Machine, _Tee  # noqa: E402
import xen_ref  # noqa: E402

DETERMINISTIC = "-accel tcg,thread=single -icount shift=0,sleep=off"
CMDLINE = "rdinit=/init"
RUN_INIT = r"\[\s*(\d+\.\d+)\] Run /init as init process"
TIMEOUT = 900


class _Log:
    def __init__(self):
        self.log = ""


def bare(qemu_args):
    img = os.path.join(ROOT, "build/dom0/Image")
    rd = os.path.join(ROOT, "build/dom0/initrd.cpio.gz")
    cmd = ["qemu-system-aarch64", "-machine",
           "virt,virtualization=on,gic-version=3,iommu=smmuv3,acpi=off", "-cpu", "max",
           "-smp", "2", "-m", "512M", "-bios", "/usr/share/qemu-efi-aarch64/QEMU_EFI.fd",
           "-kernel", img, "-initrd", rd, "-append", "console=ttyAMA0 " + CMDLINE,
           "-nic", "none", "-display", "none", "-serial", "stdio", "-monitor", "none"]
    cmd += qemu_args.split()
    log = _Log()
    child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8", codec_errors="replace",
                          timeout=TIMEOUT)
    child.logfile_read = _Tee(log)
    try:
        child.expect(RUN_INIT)
        kernel = float(child.match.group(1))
        child.expect("dom0# ")
    finally:
        child.terminate(force=True)
    return {"hv": None, "kernel": kernel}


def domus(qemu_args):
    cfg = ("dom0_kernel = Image\ndom0_initrd = initrd.cpio.gz\n"
           f"dom0_cmdline = \"console=hvc0 {CMDLINE}\"\ndom0_mem = 512M\ndom0_vcpus = 2\n")
    m = Machine(cfg=cfg, cpus=2, mem="2G", qemu_args=qemu_args)
    try:
        hv = int(m.expect(r"boot: entering dom0 (\d+) us after hypervisor entry",
                          timeout=TIMEOUT).group(1)) / 1e6
        kernel = float(m.expect(RUN_INIT, timeout=TIMEOUT).group(1))
        m.expect("dom0# ", timeout=TIMEOUT)
        m.send("\x01\x01\x01")
        m.expect(r"console input to the hypervisor")
        m.send("t")
        traps = m.expect(r"traps d0: total (\d+)([^\n]*)\n", timeout=60)
        kinds = dict(re.findall(r" (\w+) (\d+)", traps.group(2)))
        return {"hv": hv, "kernel": kernel, "traps": int(traps.group(1)), "kinds": kinds}
    finally:
        m.close()


XEN_TIMEOUT = int(os.environ.get("XEN_TIMEOUT", "300"))


def xen(qemu_args):
    os.environ["XEN_OPTIONS"] = ("console=dtuart dom0_mem=512M dom0_max_vcpus=2 loglvl=all "
                                 "console_timestamps=boot")
    os.environ["DOM0_ARGS"] = "console=hvc0 " + CMDLINE
    try:
        t = xen_ref.boot_xen(qemu_args=qemu_args, cpus=2, timeout=XEN_TIMEOUT)
    except AssertionError as e:
        # Seen here: under -icount Xen 4.17 takes many minutes to reach dom0.
        print(f"  (Xen did not reach dom0's prompt within {XEN_TIMEOUT} s per step: "
              f"{str(e).splitlines()[0]})")
        return {"hv": None, "kernel": None}
    log = t["log"]
    hv = re.search(r"\(XEN\) \[\s*(\d+\.\d+)\] \*\*\* Serial input to DOM0", log)
    kernel = re.search(RUN_INIT, log)
    return {"hv": float(hv.group(1)) if hv else None,
            "kernel": float(kernel.group(1)) if kernel else None}


def ratio(a, b):
    return f"{a / b:6.3f}" if a and b else "   n/a"


def report(name, a, b, c):
    unit = "instructions (M)" if name == "deterministic" else "seconds"
    scale = 1000.0 if name == "deterministic" else 1.0  # 1 s = 1e9 ticks = 1000 M instructions
    print(f"\n[{name}] ({unit}; ratios are Domus / other)")
    if name == "deterministic":
        for label, key in (("hv entry -> dom0", "hv"), ("kernel -> init", "kernel")):
            vals = [x[key] * scale if x[key] is not None else None for x in (a, b, c)]
            shown = ["      -" if v is None else f"{v:9.1f}" for v in vals]
            print(f"  {label:<18} bare {shown[0]}  domus {shown[1]}  xen {shown[2]}")
    print(f"  hv entry -> dom0: domus/xen {ratio(b['hv'], c['hv'])}")
    print(f"  kernel -> init  : domus/bare {ratio(b['kernel'], a['kernel'])}"
          f"  domus/xen {ratio(b['kernel'], c['kernel'])}  xen/bare {ratio(c['kernel'], a['kernel'])}")
    if b.get("kinds"):
        kinds = ", ".join(f"{k} {v}" for k, v in b["kinds"].items() if v != "0")
        print(f"  Domus traps during dom0 boot: {b['traps']} ({kinds})")


def main():
    subprocess.run(["make", "-s", "all", "build/dom0/Image", "build/dom0/initrd.cpio.gz"],
                   cwd=ROOT, check=True)
    print("Dom0 boot benchmark: 2 CPUs, 2 GiB; dom0 2 vCPUs, 512 MiB; same kernel/initramfs")
    for name, args in (("deterministic", DETERMINISTIC), ("wall-clock", "")):
        t0 = time.monotonic()
        a = bare(args)
        print(f"  bare done ({time.monotonic() - t0:.0f} s)", flush=True)
        b = domus(args)
        print(f"  domus done ({time.monotonic() - t0:.0f} s)", flush=True)
        c = xen(args)
        report(name, a, b, c)
        print(f"  (run took {time.monotonic() - t0:.0f} s)")


if __name__ == "__main__":
    main()
