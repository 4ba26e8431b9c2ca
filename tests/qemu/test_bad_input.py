"""Every bad input to the UEFI front end gets a clear message on the
firmware console and a return to the firmware (never a hang)."""

RETURNED = "Domus: not started; returning to the firmware"
FW_NEXT = r"BdsDxe: failed to start|Shell>|UEFI Interactive Shell"


def test_no_config(boot):
    """No domus.cfg beside domus.efi."""
    m = boot(cfg=None, cpus=1, mem="512M")
    m.expect(r"Domus: error: cannot read domus.cfg in \\EFI\\BOOT\\: Not Found")
    m.expect(RETURNED)
    m.expect(FW_NEXT)


def test_syntax_error_names_line(boot):
    """A syntax error names the line."""
    m = boot(cfg="# comment\nloglevel = info\nthis line is wrong\n", cpus=1, mem="512M")
    m.expect(r"Domus: error: domus.cfg:3: expected 'key = value'")
    m.expect(RETURNED)
    m.expect(FW_NEXT)


def test_unknown_key_names_line(boot):
    """An unknown key is refused with its line and name."""
    m = boot(cfg="console = dtuart\n\nfrobnicate = 1\n", cpus=1, mem="512M")
    m.expect(r"Domus: error: domus.cfg:3: unknown key 'frobnicate'")
    m.expect(RETURNED)


def test_bad_value(boot):
    """A bad value (zero vCPUs) is refused before anything starts."""
    m = boot(cfg="dom0_vcpus = 0\n", cpus=1, mem="512M")
    m.expect(r"Domus: error: domus.cfg:1: dom0_vcpus must be between 1 and 128")
    m.expect(RETURNED)


def test_missing_file(boot):
    """A module named in domus.cfg that is not on the ESP."""
    m = boot(cfg="dom0_kernel = nosuch-Image\n", cpus=1, mem="512M")
    m.expect(r"Domus: error: domus.cfg: dom0_kernel 'nosuch-Image' cannot be loaded "
             r"from \\EFI\\BOOT\\: Not Found")
    m.expect(RETURNED)
    m.expect(FW_NEXT)


def test_acpi_without_device_tree(boot):
    """The firmware hands ACPI only: the message says to use acpi=off."""
    m = boot(cpus=1, mem="512M", machine_extra=",acpi=on")
    m.expect(r"Domus: error: the firmware hands ACPI tables but no device tree.*acpi=off")
    m.expect(RETURNED)


def test_entered_at_el1(boot):
    """Without virtualization=on the firmware runs at EL1: refused, with advice."""
    m = boot(cpus=1, mem="512M", machine_extra=",virtualization=off")
    m.expect(r"Domus: error: started at EL1, but the hypervisor must start at EL2 "
             r"\(on QEMU use -machine virt,virtualization=on\)")
    m.expect(RETURNED)
