"""Guest accesses to things it does not own: a bare-metal probe guest
(tests/guests/probe) runs as dom0 and reports what each access did."""
import os
import subprocess

import pytest

from machine import ROOT

PROBE = os.path.join(ROOT, "build", "guests", "probe.Image")
ABORT = r"-> abort ESR=0x96000010 FAR=0x{addr:x}"


@pytest.fixture(scope="module", autouse=True)
def probe_image():
    subprocess.run(["bash", "tests/guests/build.sh"], cwd=ROOT, check=True)


def hypercalls(m):
    """xen_version, console_io and sysctl with good and bad arguments."""
    m.expect(r"probe: xen_version -> 0x40011")
    m.expect(r"probe: get_features rc -> 0")
    # writable page tables, auto-translated, SMCCC, dom0, direct-mapped
    m.expect(r"probe: features 0x24805")
    m.expect(r"probe: xen_version bad pointer -> -14")
    m.expect(r"probe: xen_version unknown cmd -> -38")
    m.expect(r"probe: hello through console_io")
    m.expect(r"probe: console_io write -> 0")
    m.expect(r"probe: console_io bad buffer -> -14")
    m.expect(r"probe: console_io device buffer -> -14")
    m.expect(r"probe: console_io unknown cmd -> -38")
    m.expect(r"probe: sysctl physinfo rc -> 0")
    m.expect(r"probe: sysctl physinfo nr_cpus -> 2")
    m.expect(r"probe: sysctl bad version -> -13")
    m.expect(r"probe: sysctl bad pointer -> -14")
    m.expect(r"probe: sysctl getdomaininfo no such domain -> -3")
    m.expect(r"probe: physdev pci_device_add bad flags -> -22")
    m.expect(r"probe: physdev pci_device_add bad pointer -> -14")
    m.expect(r"probe: physdev pci_device_remove unknown -> -19")
    m.expect(r"probe: physdev unknown cmd -> -38")
    m.expect(r"probe: evtchn alloc_unbound -> 0")
    port = int(m.expect(r"probe: evtchn unbound port -> (\d+)").group(1))
    assert port > 0
    m.expect(r"probe: evtchn bind_interdomain -> 0")
    m.expect(r"probe: evtchn send -> 0")
    m.expect(r"probe: evtchn status -> 0")
    m.expect(r"probe: evtchn status state -> 2")  # interdomain
    m.expect(r"probe: evtchn send bad port -> -22")
    m.expect(r"probe: evtchn init_control -> -38")  # FIFO: Linux falls back to 2-level
    m.expect(r"probe: evtchn bad pointer -> -14")
    m.expect(r"probe: gnttab query_size -> 0")
    m.expect(r"probe: gnttab max_nr_frames -> 32")
    m.expect(r"probe: gnttab set_version 2 -> -38")
    m.expect(r"probe: add_to_physmap shared_info -> 0")
    m.expect(r"probe: add_to_physmap bad idx -> -22")
    m.expect(r"probe: add_to_physmap device gpfn -> -22")
    m.expect(r"probe: add_to_physmap unknown space -> -38")
    m.expect(r"probe: register_vcpu_info -> 0")
    m.expect(r"probe: register_vcpu_info again -> -22")
    m.expect(r"probe: vcpu_op bad vcpu -> -2")
    m.expect(r"probe: shared_info pending bit -> 1")
    m.expect(r"probe: vcpu_info upcall pending -> 1")
    m.expect(r"probe: poll pending port -> 0")
    m.expect(r"probe: poll quiet port -> 0")
    m.expect(r"probe: poll slept until the timeout -> 1")
    m.expect(r"probe: poll too many ports -> -22")
    m.expect(r"probe: poll bad port -> -22")
    m.expect(r"probe: poll bad list -> -14")
    m.expect(r"probe: sched_op yield -> 0")
    m.expect(r"probe: sched_op bad shutdown reason -> -22")
    m.expect(r"probe: sched_op unknown cmd -> -38")
    m.expect(r"probe: sched_op remote_shutdown no such domain -> -3")
    m.expect(r"probe: sched_op shutdown_code -> 0")
    m.expect(r"probe: hvm set_param -> 0")
    m.expect(r"probe: hvm get_param -> 0")
    m.expect(r"probe: hvm param value -> %d" % 0x1234abcd)
    m.expect(r"probe: hvm bad index -> -22")
    m.expect(r"probe: hvm no such domain -> -3")


def test_probe_guest_aborts_and_hypervisor_survives(boot):
    """Unmapped RAM, the SMMU, the ITS and unemulated GICR frames abort; an
    unknown hypercall gets -ENOSYS; the hypervisor's console still answers."""
    with open(PROBE, "rb") as f:
        image = f.read()
    cfg = "dom0_kernel = probe.Image\ndom0_mem = 64M\ndom0_vcpus = 1\n"
    m = boot(cfg=cfg, files={"probe.Image": image}, cpus=2, mem="1G")
    m.expect(r"probe: start")
    for addr in (0x3000000000, 0x9050000, 0x8080000, 0x88A0000):
        m.expect(r"probe: read 0x%x " % addr + ABORT.format(addr=addr))
    m.expect(r"probe: read 0x800ffe8 -> value 0x3\w \(no abort\)")
    m.expect(r"probe: hvc 0x1234 -> -38")
    m.expect(r"probe: hvc 0x84000000 -> 65536")
    m.expect(r"probe: write 0x3000000000 -> abort ESR=0x96000050 FAR=0x3000000000")
    hypercalls(m)
    m.expect(r"probe: done")
    m.send("\x01\x01\x01")
    m.expect(r"console input to the hypervisor")
    m.send("h")
    m.expect(r"debug keys: h help")
    m.send("c")
    m.expect(r"cpu1: hwid")
    m.send("O")
    assert m.wait_exit() == 0
