"""Boots domus.efi in QEMU through the real edk2 firmware and drives the
serial console. Each Machine gets its own ESP image built by
scripts/mkesp.sh from a domus.cfg text (or none) and extra files, and is
started through scripts/run-qemu.sh, the same script `make run` uses."""
import os
import re
import subprocess
import tempfile

import pexpect

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# Firmware start-up under TCG takes about 6 s on a quiet machine; allow for
# a loaded one.
BOOT_TIMEOUT = int(os.environ.get("DOMUS_BOOT_TIMEOUT", "120"))

DEFAULT_CFG = """\
console = dtuart
loglevel = info
"""


class Machine:
    def __init__(self, cfg=DEFAULT_CFG, files=None, cpus=4, mem="2G", machine_extra="",
                 qemu_args="", disks=()):
        self.tmp = tempfile.TemporaryDirectory(prefix="domus-test-")
        self.esp = os.path.join(self.tmp.name, "esp.img")
        self.log = ""
        cfg_path = "none"
        if cfg is not None:
            cfg_path = os.path.join(self.tmp.name, "domus.cfg")
            with open(cfg_path, "w") as f:
                f.write(cfg)
        for name, data in (files or {}).items():
            with open(os.path.join(self.tmp.name, name), "wb") as f:
                f.write(data)
        subprocess.run(["bash", os.path.join(ROOT, "scripts/mkesp.sh"), self.esp, cfg_path],
                       check=True, cwd=ROOT)
        env = dict(os.environ, ESP=self.esp, CPUS=str(cpus), MEM=mem,
                   MACHINE_EXTRA=machine_extra, QEMU_ARGS=qemu_args, DISK=",".join(disks))
        self.child = pexpect.spawn("bash", [os.path.join(ROOT, "scripts/run-qemu.sh")],
                                   env=env, cwd=ROOT, encoding="utf-8",
                                   codec_errors="replace", timeout=BOOT_TIMEOUT)
        self.child.logfile_read = _Tee(self)

    def expect(self, pattern, timeout=BOOT_TIMEOUT):
        """Waits for a regex on the console; returns the match."""
        try:
            self.child.expect(pattern, timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            raise AssertionError(
                f"console never showed {pattern!r} ({type(e).__name__}); console so far:\n"
                + self.tail()) from None
        return self.child.match

    def send(self, text):
        self.child.send(text)

    def shell(self, cmd, prompt=r"dom0# ", timeout=BOOT_TIMEOUT):
        """Runs a command in dom0's shell; returns its output (echo removed)."""
        self.child.sendline(cmd)
        self.expect(prompt, timeout=timeout)
        out = _Tee.ansi.sub("", self.child.before).replace("\r", "")
        lines = out.split("\n")
        return "\n".join(lines[1:]).strip()

    def tail(self, n=4000):
        return self.log[-n:]

    def wait_exit(self, timeout=60):
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.child.close()
        return self.child.exitstatus

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)
        self.tmp.cleanup()


class _Tee:
    """Keeps the console text (ANSI escapes and CRs removed) for asserts."""

    ansi = re.compile(r"\x1b\[[0-9;=?]*[A-Za-z]")

    def __init__(self, m):
        self.m = m

    def write(self, s):
        self.m.log += self.ansi.sub("", s).replace("\r", "")

    def flush(self):
        pass
