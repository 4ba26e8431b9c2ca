"""QEMU integration tests of the foundation: domus.efi booted by the real
edk2 firmware, asserting on the serial console."""
import re

import pytest

BANNER_CPUS = r"CPUs online\s*:\s*(\d+) of (\d+)"
RAM = r"RAM managed\s*:\s*(\d+) MiB \((\d+) MiB free\) of (\d+) MiB usable RAM"


@pytest.mark.parametrize("cpus", [1, 2, 4])
def test_banner_cpu_count(boot, cpus):
    """The banner reports EL2 and exactly the CPUs QEMU was given, all online."""
    m = boot(cpus=cpus, mem="1G")
    m.expect(r"Domus \d+\.\d+\.\d+ ")
    m.expect(r"exception level : EL2")
    online, possible = m.expect(BANNER_CPUS).groups()
    assert (int(online), int(possible)) == (cpus, cpus)
    m.expect("Domus: ready")


def test_memory_within_qemu_size(boot):
    """The RAM figure is positive, below the -m size, and nearly all of it."""
    m = boot(cpus=2, mem="1536M")
    managed, free, usable = map(int, m.expect(RAM).groups())
    assert 0 < free <= managed <= usable <= 1536
    assert managed > 1536 * 0.9, "the allocator should own nearly all of RAM"


def test_ipi_every_pair(boot):
    """An IPI round trip succeeds between every ordered pair of 4 CPUs."""
    m = boot(cpus=4, mem="1G")
    m.expect(r"ipi: (\d+)/(\d+) round trips ok")
    ok, total = map(int, m.child.match.groups())
    assert (ok, total) == (12, 12)
    pairs = set(re.findall(r"ipi: cpu(\d) -> cpu(\d) round trip ok", m.log))
    assert pairs == {(str(i), str(j)) for i in range(4) for j in range(4) if i != j}
    assert "FAILED" not in m.log


def test_timer_queue_and_debug_keys(boot):
    """Software timers fire in order; the console answers debug keys after boot."""
    m = boot(cpus=2, mem="1G")
    m.expect(r"3 software timers fired in deadline order")
    m.expect("Domus: ready")
    m.send("h")
    m.expect(r"debug keys: h help")
    m.send("m")
    m.expect(r"mem: \d+ KiB free of \d+ KiB managed")
    m.send("i")
    m.expect(r"ipi: 2/2 round trips ok")
    m.send("O")
    m.expect("Domus: powering off")
    assert m.wait_exit() == 0


def test_modules_listed(boot):
    """Modules named in domus.cfg are loaded and listed with their size."""
    kernel = b"K" * 12345
    initrd = b"I" * 4096
    cfg = "dom0_kernel = Image\ndom0_initrd = \"rd.cpio\"\ndom0_mem = 256M\n"
    m = boot(cfg=cfg, files={"Image": kernel, "rd.cpio": initrd}, cpus=1, mem="1G")
    m.expect(r"module\s*: kernel 'Image' at 0x[0-9a-f]+, 12345 bytes")
    m.expect(r"module\s*: initrd 'rd.cpio' at 0x[0-9a-f]+, 4096 bytes")


def test_unexpected_exception_dump(boot):
    """A fault at EL2 gives the decoded ESR/FAR, all registers and a backtrace."""
    m = boot(cfg="test = crash\n", cpus=2, mem="1G")
    m.expect(r"unexpected synchronous exception from EL2 on CPU 0")
    m.expect(r"EC 0x25 \(data abort at the same EL\)")
    m.expect(r"fault: translation fault at level \d, read access")
    m.expect(r"FAR_EL2 0x0000fff000000000")
    m.expect(r"x30 [0-9a-f]{16}  sp  [0-9a-f]{16}")
    m.expect(r"backtrace")
    m.expect(r"#1 lr 0x[0-9a-f]+ \(\+0x[0-9a-f]+\)")
    m.expect(r"CPU 0 halted")


def test_text_is_not_writable(boot):
    """The image's text is mapped read-only: a write to it takes a permission fault."""
    m = boot(cfg="test = wtext\n", cpus=1, mem="1G")
    m.expect(r"writing to the hypervisor's own text")
    m.expect(r"fault: permission fault at level 3, write access")
    assert "W^X is broken" not in m.log
