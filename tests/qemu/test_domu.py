"""Unprivileged domains (domUs) built from dom0 through Domus's domctl and
the Xen memory interface: `domus-selftest domu` builds the bare-metal test
guest (tests/guests/domu) four times, lets it check its RAM, its second
vCPU, a grant and an event channel to dom0 and what it may not do, and
ends it four ways (poweroff, reboot, crash, destroyed while running).
The hypervisor's log must tell the same story, every page must come back,
and dom0 must be well afterwards."""
import re

from test_dom0 import dom0_images  # noqa: F401 (builds the images)
from test_dom0_tools import (PCPUS, assert_no_kernel_trouble, boot_dom0_hvc0, info_fields, run,
                             run_quiet)

LIVES = ["poweroff", "reboot", "crash", "spin"]


def test_domu_lives(boot):
    m = boot_dom0_hvc0(boot)
    rc, out = run_quiet(m, "domus-selftest domu", timeout=600)
    failed = [l for l in out if l.startswith("FAIL")]
    passed = {l.split()[1] for l in out if l.startswith("PASS ")}
    assert not failed and rc == 0, "\n".join(out)
    want = {"domu-create", "domu-populate", "domu-populate-over-max", "domu-load", "domu-start",
            "domu-booted", "domu-grant-map", "domu-grant-read", "domu-event", "domu-second-vcpu",
            "domu-grant-outlives", "domu-grant-unmap", "domu-memory-back",
            "domu-bad-nothing-changed", "domu-bad-destroy-dom0", "domu-bad-id-taken"}
    for life in LIVES:
        want |= {f"domu-{life}", f"domu-{life}-checks", f"domu-{life}-destroy"}
    want |= {f"domu-memory-back-{life}" for life in LIVES[1:]}
    want |= {"domu-concurrent-destroy", "domu-concurrent-same", "domu-concurrent-gone"}
    assert not want - passed, f"not reported as passed: {sorted(want - passed)}\n" + "\n".join(out)
    assert any(re.fullmatch(r"selftest: \d+ passed, 0 failed", l) for l in out), out

    # The hypervisor's side of it, from its log ring (clean lines).
    rc, log = run(m, "domus dmesg")
    text = "\n".join(log)
    assert rc == 0
    assert text.count("domain: d1 created (2 vCPUs)") == 4, text[-3000:]
    assert text.count("domain: d1 created (1 vCPU)") == 2, text[-3000:]
    assert text.count("domain: d1 destroyed") == 6, text[-3000:]
    assert "domain: d2 destroyed" in text and "domain: d3 destroyed" in text, text[-3000:]
    for mode in range(4):
        assert f"(d1) domu: up, mode {mode}" in text, text[-3000:]
    assert text.count("(d1) domu: checks done, 0 failed") == 4, text[-3000:]
    for reason in ("poweroff", "reboot", "crash"):
        assert f"domain: d1 shut down ({reason})" in text, text[-3000:]
    assert "shut down (spin)" not in text and "page_ref_put" not in text, text[-3000:]
    assert "FAIL" not in "\n".join(l for l in log if l.startswith("(d1)")), text[-3000:]

    # Dom0 and the hypervisor are well: no domain but dom0 is left.
    rc, out = run(m, "domus info")
    assert rc == 0 and info_fields(out)["nr_cpus"] == str(PCPUS), out
    rc, out = run(m, "domus hcstats 1")
    assert rc == 1 and any("no domain 1" in l for l in out), out
    assert_no_kernel_trouble(m)
