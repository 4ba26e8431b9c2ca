"""The dom0 toolstack (dom0-tools/) run in dom0 on its Xen console (hvc0):
`domus` reports what the hypervisor says through privcmd and Domus's
sysctl, and `domus-selftest` exercises grants, event channels, xen_version
and bad hypercalls from dom0's user space."""
import re

from test_dom0 import DOM0_CFG, PROMPT, dom0_images  # noqa: F401 (builds the images)

# Distinct numbers, so that a figure reported from the wrong place shows.
PCPUS = 3
VCPUS = 2

# Every check domus-selftest all must report as passed: a check that is
# silently skipped fails the test too.
SELFTEST_CHECKS = [
    # grant
    "grant-privcmd", "grant-alloc", "grant-gntdev", "grant-copy", "grant-map",
    "grant-map-counted", "grant-alloc-to-map", "grant-map-to-alloc", "grant-unmap",
    "grant-unmap-counted", "grant-free",
    # evtchn
    "evtchn-bind", "evtchn-bind-pending", "evtchn-10000-notify", "evtchn-no-extra",
    "evtchn-unbind", "evtchn-unbound-notify",
    # xenver
    "xenver-privcmd", "xenver-version", "xenver-extraversion", "xenver-features",
    "xenver-pagesize",
    # badinput
    "bad-privcmd", "bad-grant-setup", "bad-grant-map-ref", "bad-grant-copy-ref",
    "bad-evtchn-setup", "bad-evtchn-send-free", "bad-evtchn-send-range",
    "bad-evtchn-close-range", "bad-pointer-setup", "bad-pointer-unmapped",
    "bad-pointer-readonly", "bad-op-xen_version", "bad-op-memory_op",
    "bad-op-event_channel_op", "bad-op-grant_table_op", "bad-hypercall-60",
    "bad-sysctl-version", "bad-sysctl-cmd", "bad-sysctl-nodomain", "bad-nothing-changed",
    "bad-foreign-nodomain", "bad-foreign-setup", "bad-foreign-self",
]

BENCH_OPS = ["getpid", "xen_version", "evtchn_roundtrip", "grant_map_unmap", "grant_copy"]


def boot_dom0_hvc0(boot):
    cfg = DOM0_CFG.format(vcpus=VCPUS, mem="512M").replace("console=ttyAMA0", "console=hvc0")
    m = boot(cfg=cfg, cpus=PCPUS, mem="2G")
    m.expect(r"dom0: init ready", timeout=300)
    m.expect(PROMPT)
    # Kernel messages would land in the middle of the programs' output on
    # this one console; they are checked through dmesg instead.
    m.shell("echo 1 > /proc/sys/kernel/printk")
    return m


# The one kernel warning that is Linux's own: after gntdev's pages go back
# to the balloon, its thread can find the balloon empty with credit left and
# try to hot-plug a section below RAM (Debian enables
# XEN_BALLOON_MEMORY_HOTPLUG). Xen 4.17 gives the same warning.
KNOWN_WARNING = re.compile(r"reserve_additional_memory\+.*\n.*balloon_thread\+")


def assert_no_kernel_trouble(m):
    """Fails on any kernel warning, bug or oops in dom0's log but the known
    balloon one."""
    rc, log = run(m, "dmesg")
    text = "\n".join(log)
    reports = re.split(r"-+\[ cut here \]-+", text)[1:]
    unknown = [r for r in reports if not KNOWN_WARNING.search(r)]
    assert not unknown, unknown[0][:3000]
    for word in ("Oops", "BUG:", "Kernel panic", "Unable to handle"):
        assert word not in text, text[text.index(word) - 200:][:3000]


def run(m, cmd, timeout=None):
    """Runs cmd in dom0's shell; returns (exit status, output lines)."""
    kw = {"timeout": timeout} if timeout else {}
    lines = m.shell(f"{cmd}; echo rc=$?", **kw).splitlines()
    # The kernel may print to the console meanwhile (the balloon driver's
    # memory-hotplug warning after many gntdev maps): take the last rc= line.
    at = [i for i, l in enumerate(lines) if re.fullmatch(r"rc=\d+", l.strip())]
    assert at, f"no exit status after {cmd!r}:\n" + "\n".join(lines)
    return int(lines[at[-1]].strip()[3:]), [l.rstrip() for l in lines[:at[-1]]]


def run_quiet(m, cmd, timeout=None):
    """As run(), with the output kept in a file until cmd is done: the
    hypervisor's own lines (a domU's console, domains created and
    destroyed) share the console and would land in the middle of it."""
    rc, _ = run(m, f"{cmd} > /tmp/out.txt 2>&1", timeout=timeout)
    _, out = run(m, "cat /tmp/out.txt")
    return rc, out


def info_fields(lines):
    return {k.strip(): v.strip() for k, _, v in (l.partition(":") for l in lines) if v}


def test_domus_info_dmesg_and_bad_commands(boot):
    """domus info matches the machine and the boot banner; domus dmesg shows
    what the hypervisor printed at boot; bad command lines are refused."""
    m = boot_dom0_hvc0(boot)
    banner = re.search(r"Domus (\d+\.\d+\.\d+) \((\S+)\) - a Xen-style", m.log)
    managed = re.search(r"RAM managed\s+: (\d+) MiB", m.log)
    dom0_line = re.search(r"^dom0: \d+ vCPU\(s\), 512 MiB.*$", m.log, re.M)
    assert banner and managed and dom0_line, m.tail()

    rc, out = run(m, "domus info")
    assert rc == 0, out
    f = info_fields(out)
    assert re.fullmatch(r"4\.17-domus\S*", f["xen_version"]), f
    assert f["hypervisor"] == f"Domus {banner.group(1)} {banner.group(2)}", f
    assert f["nr_cpus"] == str(PCPUS), f
    assert f["total_memory"] == f"{managed.group(1)} MiB", f
    assert f["dom0_vcpus"] == f"{VCPUS} online of {VCPUS}", f
    mem = re.fullmatch(r"(\d+) KiB \(max (\d+) KiB\)", f["dom0_memory"])
    # All of its 512 MiB but the few RAM pages it replaced (shared_info).
    assert mem and int(mem.group(2)) == 512 * 1024, f
    assert 512 * 1024 - 64 <= int(mem.group(1)) < 512 * 1024, f
    assert re.fullmatch(r"\d+\.\d{3} s", f["dom0_cpu_time"]), f
    assert f["dom0_flags"].split() == ["privileged", "direct_map"], f

    rc, out = run(m, "domus dmesg")
    assert rc == 0, out
    assert dom0_line.group(0) in out, "\n".join(out[:40])
    assert any(l.startswith(f"Domus {banner.group(1)} ({banner.group(2)})") for l in out), out

    # dom0 talks to the hypervisor all the time; our own sysctl is counted.
    rc, out = run(m, "domus hcstats 0")
    assert rc == 0, out
    rows = {l.split()[1]: int(l.split()[2]) for l in out[1:]}
    assert rows.get("sysctl", 0) >= 1 and rows.get("console_io", 0) >= 1, out

    for cmd, status, message in [
            ("domus bogus", 2, "domus: unknown command 'bogus'"),
            ("domus info extra", 2, "domus info: unexpected argument 'extra'"),
            ("domus hcstats x", 2, "domus hcstats: 'x' is not a domain id"),
            ("domus hcstats 42", 1, "domus hcstats: no domain 42"),
            ("domus-selftest bogus", 2, "domus-selftest: unknown test 'bogus'"),
            ("domus-selftest bench 0", 2, "domus-selftest: bench: N must be a number"),
            ("domus-selftest bench-domu x", 2, "domus-selftest: bench-domu: N must be a number"),
    ]:
        rc, out = run(m, cmd)
        assert rc == status and any(message in l for l in out), (cmd, rc, out)
    rc, out = run(m, "domus")
    assert rc == 0 and out[0].startswith("usage: domus"), out
    assert_no_kernel_trouble(m)


def test_selftest_all_and_bench(boot):
    """domus-selftest all passes every check; dom0 and the hypervisor are
    still well afterwards; the benchmark prints one line per operation."""
    m = boot_dom0_hvc0(boot)
    rc, out = run_quiet(m, "domus-selftest all", timeout=300)
    failed = [l for l in out if l.startswith("FAIL")]
    passed = {l.split()[1] for l in out if l.startswith("PASS ")}
    assert not failed, "\n".join(out)
    missing = [c for c in SELFTEST_CHECKS if c not in passed]
    assert not missing, f"checks not reported as passed: {missing}\n" + "\n".join(out)
    n_pass = sum(1 for l in out if l.startswith("PASS "))  # domu repeats names per life
    assert f"selftest: {n_pass} passed, 0 failed" in out and rc == 0, out
    assert "xenver: extraversion '-domus" in "\n".join(out)

    # After all the bad calls the shell still answers and privcmd still works.
    assert m.shell("echo still-alive").splitlines()[-1] == "still-alive"
    rc, out = run(m, "domus info")
    assert rc == 0 and info_fields(out)["nr_cpus"] == str(PCPUS), out

    rc, out = run(m, "domus-selftest bench 100", timeout=300)
    assert rc == 0, out
    lines = [l.split() for l in out if l.startswith("bench ")]
    assert [l[1] for l in lines] == BENCH_OPS, out
    for l in lines:
        assert len(l) == 5 and l[2] == "100" and l[3].isdigit() and l[4].isdigit(), l
    assert_no_kernel_trouble(m)
