#!/usr/bin/env python3
"""Xen reference boot: Debian's Xen 4.17 booting the same stock kernel and
initramfs as Domus's dom0, on the same QEMU machine and edk2 firmware, so
that benchmarks can put Domus's figures beside Xen's.

boot_xen() builds the ESP with scripts/xen-ref.sh, boots it through
scripts/run-qemu.sh (as tests/qemu/machine.py does for Domus; Machine itself
always builds a Domus ESP, so it is not used directly) and returns when each
of these console lines first appeared, in seconds from QEMU's start:

  xen_loader    "Xen 4.17.x (c/s ...) EFI loader": Xen's EFI stub, the
                first line Xen prints (edk2 has finished by then)
  xen_banner    "(XEN) Xen version ...": the hypervisor proper, after the
                stub has exited boot services
  dom0_handover "(XEN) *** Serial input to DOM0": printed by
                console_endboot(), the last step before start_xen()
                unpauses dom0 (xen/arch/arm/setup.c); "Freed NkB init
                memory" follows, but then dom0 is already running
  dom0_kernel   "Booting Linux on physical CPU": dom0's first line on hvc0;
                Linux prints it from its log buffer when the console
                registers (console_init), a little after kernel entry
  dom0_ready    "dom0: init ready": the initramfs /init is done
  dom0_prompt   "dom0# ": the shell's prompt on hvc0

Run as a script it prints them; QEMU_ARGS (e.g. the deterministic
"-accel tcg,thread=single -icount shift=0,sleep=off") and CPUS apply.
"""
import os
import subprocess
import sys
import tempfile
import time

import pexpect

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "qemu"))
from machine import BOOT_TIMEOUT, ROOT, _Tee  # noqa: E402

MARKS = (
    ("xen_loader", r"Xen \S+ \(c/s [^)]*\) EFI loader"),
    ("xen_banner", r"\(XEN\) (\[[^\]]*\] )?Xen version \S+"),
    ("dom0_handover", r"\(XEN\) (\[[^\]]*\] )?\*\*\* Serial input to DOM0"),
    ("dom0_kernel", r"Booting Linux on physical CPU"),
    ("dom0_ready", r"dom0: init ready"),
    ("dom0_prompt", r"dom0# "),
)


class _Console:
    """What _Tee expects of a Machine: a log string it appends to."""

    def __init__(self):
        self.log = ""


def boot_xen(qemu_args="", cpus=2, mem="2G", timeout=BOOT_TIMEOUT, dom0_kernel=None,
             initrd=True, marks=MARKS, commands=()):
    """Boots Xen + dom0 to the dom0 shell prompt and returns a dict of the
    MARKS' times (seconds from QEMU's start) and the console "log". Raises
    AssertionError with the console's tail if a line never shows.
    dom0_kernel: another arm64 Image to boot as dom0; initrd=False: none;
    marks: other (key, regex) lines to wait for instead of MARKS;
    commands: shell commands run in dom0 once the last mark showed, each
    to its next prompt; their console output is returned in "outputs"."""
    with tempfile.TemporaryDirectory(prefix="domus-xenref-") as tmp:
        esp = os.path.join(tmp, "xen-esp.img")
        env = dict(os.environ)
        if dom0_kernel:
            env["DOM0_KERNEL"] = dom0_kernel
        if not initrd:
            env["INITRD"] = "none"
        subprocess.run(["bash", os.path.join(ROOT, "scripts/xen-ref.sh"), esp],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env=env)
        env = dict(os.environ, ESP=esp, CPUS=str(cpus), MEM=mem, MACHINE_EXTRA="",
                   QEMU_ARGS=qemu_args, DISK="")
        console = _Console()
        t0 = time.monotonic()
        child = pexpect.spawn("bash", [os.path.join(ROOT, "scripts/run-qemu.sh")],
                              env=env, cwd=ROOT, encoding="utf-8",
                              codec_errors="replace", timeout=timeout)
        child.logfile_read = _Tee(console)
        times = {}
        try:
            for key, pattern in marks:
                try:
                    child.expect(pattern, timeout=timeout)
                except (pexpect.TIMEOUT, pexpect.EOF) as e:
                    raise AssertionError(
                        f"Xen reference: console never showed {pattern!r} "
                        f"({type(e).__name__}); console so far:\n{console.log[-4000:]}") from None
                times[key] = time.monotonic() - t0
            outputs = []
            for cmd in commands:
                child.sendline(cmd)
                child.expect(r"dom0# ", timeout=timeout)
                outputs.append(child.before)
            times["outputs"] = outputs
            # Power off from dom0: Xen then halts the machine and QEMU exits.
            child.sendline("poweroff -f")
            try:
                child.expect(pexpect.EOF, timeout=60)
            except pexpect.TIMEOUT:
                pass
            times["log"] = console.log
        finally:
            if child.isalive():
                child.terminate(force=True)
            child.close()
        return times


def main():
    cpus = int(os.environ.get("CPUS", "2"))
    qemu_args = os.environ.get("QEMU_ARGS", "")
    print(f"Xen reference boot ({cpus} CPUs, 2 GiB, edk2 firmware"
          + (f", {qemu_args}" if qemu_args else "") + ")")
    times = boot_xen(qemu_args=qemu_args, cpus=cpus)
    for key, _ in MARKS:
        print(f"  {key:<14}: {times[key]:8.2f} s")  # noqa: E231


if __name__ == "__main__":
    main()
