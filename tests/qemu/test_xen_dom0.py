"""Dom0 sees Domus as Xen: the stock kernel's own Xen support comes alive
(detection, grant tables, 2-level event channels, per-CPU vcpu_info) and
the stock Xen modules load and bind."""
from test_dom0 import DOM0_CFG, PROMPT, boot_dom0


def test_dom0_detects_xen_and_modules_bind(boot):
    """/sys/hypervisor/type is xen; xenfs, evtchn, gntdev, gntalloc, privcmd work."""
    m = boot_dom0(boot, vcpus=2, cpus=2)
    assert m.shell("cat /sys/hypervisor/type").splitlines()[-1].strip() == "xen"
    log = m.shell("dmesg | grep -i xen")
    for line in ("Xen 4.17 support found", "Grant tables using version 1 layout",
                 "Using 2-level ABI", "Xen: initializing cpu0", "Xen: initializing cpu1"):
        assert line in log, line
    # /hypervisor reg: the grant window, then one extended region (1 GiB).
    reg = m.shell("od -A n -t x1 -v /proc/device-tree/hypervisor/reg | tr -d ' \\n'; echo")
    assert reg.splitlines()[-1].strip() == (
        "0000010000000000" "0000000000020000" "0000010040000000" "0000000040000000")
    # Every PCI device dom0 enumerates is reported to the hypervisor
    # (PHYSDEVOP_pci_device_add), which logs it.
    assert "Failed to add" not in m.shell("dmesg | grep -i 'failed to add'; echo end")
    assert "pci: dom0 reports 0000:00:00.0" in m.log
    for mod in ("xenfs", "xen-evtchn", "xen-gntdev", "xen-gntalloc", "xen-privcmd"):
        assert m.shell(f"modprobe {mod}; echo rc=$?").splitlines()[-1] == "rc=0", mod
    # dom0's init mounted xenfs (it starts xenstored under Xen).
    assert "xenfs /proc/xen xenfs" in m.shell("grep ' /proc/xen ' /proc/mounts")
    assert "control_d" in m.shell("cat /proc/xen/capabilities")
    devs = m.shell("ls /dev/xen").split()
    for dev in ("evtchn", "gntdev", "gntalloc", "privcmd", "xenbus"):
        assert dev in devs, dev


def test_dom0_shell_on_hvc0(boot):
    """The Xen console: dom0's shell runs on hvc0 (console_io out, VIRQ_CONSOLE in)."""
    cfg = DOM0_CFG.format(vcpus=2, mem="512M").replace("console=ttyAMA0", "console=hvc0")
    m = boot(cfg=cfg, cpus=2, mem="2G")
    m.expect(r"dom0: init ready", timeout=300)
    m.expect(PROMPT)
    assert m.shell("tty").splitlines()[-1].strip() == "/dev/hvc0"
    # Typed input reaches the shell through CONSOLEIO_read: a long line, whole.
    line = "echo " + "x" * 200 + " end-of-line"
    assert m.shell(line).splitlines()[-1].strip() == "x" * 200 + " end-of-line"
    m.child.sendline("poweroff -f")
    m.expect(r"dom0 shut down \(poweroff\)")
    assert m.wait_exit() == 0


def test_dom0_balloon(boot):
    """Ballooning through the stock driver: decrease_reservation gives 64 MiB
    back (MemTotal drops by exactly that), populate_physmap takes it again;
    the pages read as zeroes and the machine stays healthy."""
    cfg = DOM0_CFG.format(vcpus=2, mem="512M").replace("console=ttyAMA0", "console=hvc0")
    m = boot(cfg=cfg, cpus=2, mem="2G")
    m.expect(r"dom0: init ready", timeout=300)
    m.expect(PROMPT)
    sysfs = "/sys/devices/system/xen_memory/xen_memory0"

    def mem_state():
        out = m.shell(f"cat {sysfs}/info/current_kb; grep MemTotal /proc/meminfo").splitlines()
        return int(out[-2].strip()), int(out[-1].split()[1])

    cur0, total0 = mem_state()
    assert cur0 == 512 * 1024
    m.shell(f"echo {512 * 1024 - 65536} > {sysfs}/target_kb")
    # The balloon worker runs in the background: wait for it to get there.
    m.shell(f"for i in $(seq 50); do [ $(cat {sysfs}/info/current_kb) -le "
            f"{512 * 1024 - 65536} ] && break; sleep 0.2; done")
    cur1, total1 = mem_state()
    assert cur1 == 512 * 1024 - 65536 and total0 - total1 == 65536, (cur1, total1)
    m.shell(f"echo {512 * 1024} > {sysfs}/target_kb")
    m.shell(f"for i in $(seq 50); do [ $(cat {sysfs}/info/current_kb) -ge {512 * 1024} ] "
            f"&& break; sleep 0.2; done")
    cur2, total2 = mem_state()
    assert (cur2, total2) == (cur0, total0)
    # The memory given back works: fill most of it through a tmpfs file.
    out = m.shell("mount -t tmpfs -o size=400m t /mnt && dd if=/dev/zero of=/mnt/f bs=1M "
                  "count=300 2>&1 | tail -1; rm /mnt/f; umount /mnt; echo done")
    assert out.splitlines()[-1] == "done" and "300" in out


def test_dom0_cpu_hotplug(boot):
    """A vCPU taken offline (PSCI CPU_OFF) comes back online (CPU_ON) with
    a fresh state, twice, and runs work; the kernel's Xen per-CPU setup
    (vcpu_info, runstate area) survives."""
    cfg = DOM0_CFG.format(vcpus=2, mem="512M").replace("console=ttyAMA0", "console=hvc0")
    m = boot(cfg=cfg, cpus=2, mem="2G")
    m.expect(r"dom0: init ready", timeout=300)
    m.expect(PROMPT)
    online = "/sys/devices/system/cpu/cpu1/online"
    for _ in range(2):
        assert m.shell(f"echo 0 > {online}; cat /sys/devices/system/cpu/online"
                       ).splitlines()[-1].strip() == "0"
        assert m.shell(f"echo 1 > {online}; cat /sys/devices/system/cpu/online"
                       ).splitlines()[-1].strip() == "0-1"
        out = m.shell("taskset -c 1 sh -c 'cat /proc/self/stat' | awk '{print $39}'")
        assert out.splitlines()[-1].strip() == "1"
    assert "Unable to handle" not in m.shell("dmesg | grep -c 'Unable to handle'; echo")
