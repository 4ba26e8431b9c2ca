"""Our xenstored (dom0-tools/xenstored) in dom0: dom0's init starts it,
dom0's stock kernel connects its xenbus to it, and the xenstore client
(dom0-tools/xenstore-client) reads and changes the store through the
kernel's /dev/xen/xenbus (kernel, ring, xenstored) or the daemon's socket.
Bad input gets errors while xenstored and dom0 stay up. The same
initramfs under Debian's Xen 4.17 cross-checks it against the real thing."""
import os
import re
import sys

from test_dom0 import dom0_images  # noqa: F401 (builds the images)
from test_dom0_tools import assert_no_kernel_trouble, boot_dom0_hvc0

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
from xen_ref import boot_xen  # noqa: E402

# Requests only dom0's kernel makes, and only once its xenbus is up: its
# balloon, shutdown and sysrq watches (relative paths), its backend and
# frontend discovery.
KERNEL_REQUESTS = ["dom0 > WATCH memory/target", "dom0 > WATCH control/shutdown",
                   "dom0 > WATCH control/sysrq", "dom0 > WATCH backend", "dom0 > WATCH device",
                   "dom0 > WRITE control/feature-poweroff"]


def sh(m, cmd, timeout=None):
    """Runs cmd in dom0's shell; returns (exit status, output lines). The
    markers keep the echo of a long (wrapped) command out of the output."""
    kw = {"timeout": timeout} if timeout else {}
    sep = "" if cmd.rstrip().endswith("&") else ";"
    text = m.shell(f"echo '@@'B; {cmd}{sep} echo '@@'E=$?", **kw)
    lines = [l.rstrip() for l in text.split("\n")]
    begin = max(i for i, l in enumerate(lines) if l == "@@B")
    end = [i for i, l in enumerate(lines) if re.fullmatch(r"@@E=\d+", l)]
    assert end, f"no exit status after {cmd!r}:\n{text}"
    return int(lines[end[-1]][4:]), lines[begin + 1:end[-1]]


def ok(m, cmd, timeout=None):
    """Runs cmd, which must succeed; returns its output lines."""
    rc, out = sh(m, cmd, timeout)
    assert rc == 0, (cmd, rc, out)
    return out


def fails(m, cmd, status, message):
    """Runs cmd, which must exit with status and say message."""
    rc, out = sh(m, f"{cmd} 2>&1")
    assert rc == status and any(message in l for l in out), (cmd, rc, out)


def xenstored_pid(m):
    pid = ok(m, "cat /run/xenstored.pid")[0]
    assert ok(m, "pidof xenstored") == [pid]
    return pid


def sysrq_round_trip(m):
    """Writes 'h' to dom0's control/sysrq: the kernel's own watch fires, it
    takes the key in a transaction (writing the node back empty) and runs
    the sysrq help, which it logs. Proves the kernel is connected."""
    before = int(ok(m, "dmesg | grep -c 'sysrq: HELP' || true")[0])
    # sysrq prints to the console whatever the log level: the same command
    # waits for it silently, so that its long line cannot land in the
    # middle of the shell's own output (the end marker, the prompt).
    ok(m, "xenstore write /local/domain/0/control/sysrq h; "
          f"for i in $(seq 100); do [ $(dmesg | grep -c 'sysrq: HELP') -gt {before} ] "
          "&& break; sleep 0.1; done; sleep 0.5")
    after = int(ok(m, "dmesg | grep -c 'sysrq: HELP'")[0])
    assert after == before + 1, (before, after)
    value = ok(m, "xenstore read /local/domain/0/control/sysrq")
    assert [l for l in value if "sysrq" not in l] == [""], value


def test_xenstored_serves_dom0_kernel(boot):
    """init starts xenstored; dom0's kernel connects its xenbus to it (its
    own watches in xenstored's log, the feature nodes it writes, a sysrq
    sent through xenstore); init wrote the nodes Xen's toolstack writes."""
    m = boot_dom0_hvc0(boot)
    assert re.search(r"dom0: xenstored running \(pid \d+\)", m.log), m.tail()
    pid = xenstored_pid(m)
    log = "\n".join(ok(m, "head -300 /var/log/xenstored.log"))
    assert "dom0: store ring port" in log, log[:2000]
    for request in KERNEL_REQUESTS:
        assert request in log, (request, log[:3000])
    assert ok(m, "grep ' /proc/xen ' /proc/mounts")[0].startswith("xenfs /proc/xen xenfs")
    assert ok(m, "cat /proc/xen/capabilities") == ["control_d"]
    # Written by the kernel's xenbus (drivers/xen/manage.c) once connected.
    for feature in ("poweroff", "reboot", "suspend"):
        assert ok(m, f"xenstore read /local/domain/0/control/feature-{feature}") == ["1"]
    # Written by init, as xen-init-dom0 does under Xen.
    assert ok(m, "xenstore read /local/domain/0/domid /local/domain/0/name "
                 "/local/pool/0/name") == ["0", "Domain-0", "Pool-0"]
    assert ok(m, "xenstore perms /local/domain/0/name") == ["n0"]
    sysrq_round_trip(m)
    assert ok(m, "xenstore control check") == ["OK"]
    assert xenstored_pid(m) == pid
    assert_no_kernel_trouble(m)


def test_xenstore_client_commands(boot):
    """read, write, ls (also of a directory too big for one reply), rm,
    mkdir, exists, chmod, perms and watch through the kernel's device, and
    read through xenstored's socket; bad command lines exit with status 2."""
    m = boot_dom0_hvc0(boot)
    ok(m, "xenstore write /t/a 1 /t/b/c 'two words' /t/d ''")
    assert ok(m, "xenstore read /t/a /t/b/c /t/d") == ["1", "two words", ""]
    assert ok(m, "xenstore ls /t") == ['a = "1"', 'b = ""', ' c = "two words"', 'd = ""']
    ok(m, "xenstore mkdir /t/e /t/a")
    assert ok(m, "xenstore read /t/a /t/e") == ["1", ""]
    assert sh(m, "xenstore exists /t/e /t/b/c")[0] == 0
    assert sh(m, "xenstore exists /t/nothing")[0] == 1
    ok(m, "xenstore rm /t/b /t/nothing")
    fails(m, "xenstore read /t/b/c", 1, "xenstore read: /t/b/c: ENOENT")
    fails(m, "xenstore rm /t/b/c", 1, "xenstore rm: /t/b/c: ENOENT")

    ok(m, "xenstore chmod /t/a n0 r1 b2")
    assert ok(m, "xenstore perms /t/a") == ["n0 r1 b2"]
    assert ok(m, "xenstore ls -p /t") == ['a = "1"  (n0,r1,b2)', 'd = ""  (n0)', 'e = ""  (n0)']
    fails(m, "xenstore chmod /t/a q1", 2, "'q1' is not a permission")
    fails(m, "xenstore chmod /t/missing n0", 1, "ENOENT")

    # A watch: its first event at once, then one per change at or below.
    ok(m, "(xenstore watch -n 4 -t 30 /t/w > /tmp/events; echo done=$? >> /tmp/events) &")
    ok(m, "for i in $(seq 50); do grep -q /t/w /tmp/events 2>/dev/null && break; sleep 0.1; done")
    ok(m, "xenstore write /t/w/x 1; xenstore write /t/other 1; xenstore chmod /t/w/x n0; "
          "xenstore rm /t/w")
    ok(m, "for i in $(seq 50); do grep -q done= /tmp/events && break; sleep 0.1; done")
    assert ok(m, "cat /tmp/events") == ["/t/w", "/t/w/x", "/t/w/x", "/t/w", "done=0"]

    # 150 children with long names: too many for one DIRECTORY reply
    # (E2BIG); ls reads them with DIRECTORY_PART.
    ok(m, "xenstore write $(for i in $(seq 150); do "
          "echo /big/a-child-with-a-rather-long-name-$i v; done)")
    assert ok(m, "xenstore raw DIRECTORY /big; true") == ["ERROR E2BIG"]
    names = ok(m, "xenstore ls /big")
    assert len(names) == 150 and names[0] == 'a-child-with-a-rather-long-name-1 = "v"', names[:3]
    assert names[-1] == 'a-child-with-a-rather-long-name-150 = "v"'

    # The socket: the same store, straight to xenstored.
    assert ok(m, "xenstore -s read /t/a") == ["1"]
    ok(m, "xenstore -s write /t/s via-socket")
    assert ok(m, "xenstore read /t/s") == ["via-socket"]

    for cmd, message in [("xenstore", "usage: xenstore"),
                         ("xenstore bogus", "unknown command 'bogus'"),
                         ("xenstore read", "xenstore read: no path"),
                         ("xenstore write /x", "xenstore write: no path and value"),
                         ("xenstore write /x 1 /y", "a path without a value"),
                         ("xenstore watch -n 0 /x", "-n needs a positive number"),
                         ("xenstore ls -q", "unknown option '-q'"),
                         ("xenstore raw NOPE", "'NOPE' is not a message type")]:
        fails(m, cmd, 2, message)
    assert_no_kernel_trouble(m)


def test_xenstore_transactions(boot):
    """A transaction sees its own changes only; it commits when nothing it
    looked at changed meanwhile, and fails with EAGAIN (its changes
    dropped) when something did."""
    m = boot_dom0_hvc0(boot)
    ok(m, "xenstore write /tx/v start")
    script = ("begin\\nwrite /tx/a 1\\nwrite /tx/b 2\\nread /tx/a\\nnotx exists /tx/a\\n"
              "commit\\nread /tx/a /tx/b\\n")
    rc, out = sh(m, f"printf '{script}' | xenstore session 2>&1")
    # Inside: a reads 1; outside it does not exist yet (exists fails); after
    # the commit both are there.
    assert rc == 1 and out == ["1", "1", "2"], out
    script = ("begin\\nread /tx/v\\nnotx write /tx/v outside\\nwrite /tx/v inside\\n"
              "write /tx/new 1\\ncommit\\nread /tx/v\\n")
    rc, out = sh(m, f"printf '{script}' | xenstore session 2>&1")
    assert rc == 1 and out == ["start", "xenstore session: commit: EAGAIN "
                               "(Resource temporarily unavailable)", "outside"], out
    fails(m, "xenstore read /tx/new", 1, "ENOENT")
    rc, out = sh(m, "printf 'begin\\nwrite /tx/gone 1\\nabort\\n' | xenstore session")
    assert rc == 0, out
    fails(m, "xenstore read /tx/gone", 1, "ENOENT")
    log = "\n".join(ok(m, "grep -c 'TRANSACTION_END tx' /var/log/xenstored.log"))
    assert int(log) >= 3
    assert_no_kernel_trouble(m)


def test_xenstored_bad_input(boot):
    """Malformed requests written to /dev/xen/xenbus (through the kernel to
    xenstored) and to the socket get the right errors; an oversized message
    on the socket gets E2BIG and that connection is dropped; xenstored
    (same pid) and dom0's kernel connection stay up."""
    m = boot_dom0_hvc0(boot)
    pid = xenstored_pid(m)
    ok(m, "xenstore write /bad/kept value")
    # Made in dom0: the shell's line editor would cut a long typed line.
    long_path = "/$(yes p | tr -d '\\n' | head -c 3100)"
    for cmd, reply in [
            ("xenstore raw 99 /x", "ERROR ENOSYS"),              # unknown type
            ("xenstore raw 20 /x", "ERROR ENOSYS"),              # XS_RESTRICT, removed
            ("xenstore raw WATCH_EVENT /x t", "ERROR ENOSYS"),   # daemon-to-client only
            ("xenstore raw -x READ /bad/kept", "ERROR EINVAL"),  # no NUL
            ("xenstore raw READ /bad/kept /bad", "ERROR EINVAL"),  # two paths
            ("xenstore raw READ", "ERROR EINVAL"),               # no path
            ("xenstore raw WRITE /bad//x v", "ERROR EINVAL"),    # empty component
            ("xenstore raw WRITE '/bad/sp ace' v", "ERROR EINVAL"),
            ("xenstore raw WRITE /bad/x/ v", "ERROR EINVAL"),    # trailing slash
            (f"xenstore raw WRITE {long_path} v", "ERROR EINVAL"),  # over 3072 bytes
            ("xenstore raw RM /", "ERROR EINVAL"),
            ("xenstore raw SET_PERMS /bad/kept z9", "ERROR EINVAL"),
            ("xenstore raw SET_PERMS /bad/kept r99999", "ERROR EINVAL"),
            ("xenstore raw DIRECTORY_PART /bad 3", "ERROR EINVAL"),  # inside a name
            ("xenstore raw GET_DOMAIN_PATH dom0", "ERROR EINVAL"),
            ("xenstore raw INTRODUCE 0 1 1", "ERROR EINVAL"),    # dom0 is not introduced
            ("xenstore raw INTRODUCE 42 1 1", "ERROR EINVAL"),   # no such domain to map
            ("xenstore raw RELEASE 42", "ERROR ENOENT"),
            ("xenstore raw IS_DOMAIN_INTRODUCED 42", "IS_DOMAIN_INTRODUCED F"),
            ("xenstore control reboot", None),
            ("xenstore -s raw 99", "ERROR ENOSYS"),
            ("xenstore -s raw -x WRITE /bad/kept", "ERROR EINVAL"),
    ]:
        rc, out = sh(m, f"{cmd} 2>&1")
        if reply:
            assert out == [reply] and rc == (0 if "ERROR" not in reply else 1), (cmd, rc, out)
        else:
            assert rc == 1 and out == ["xenstore control: reboot: EINVAL"], (cmd, rc, out)
    # Values: 4000 bytes fit a message and dom0 has no quota; 5000 do not
    # fit, and the kernel's device refuses them (E2BIG) before xenstored.
    ok(m, "xenstore write /bad/big $(yes v | tr -d '\\n' | head -c 4000)")
    assert ok(m, "xenstore read /bad/big | tr -d '\\n' | wc -c") == ["4000"]
    fails(m, "xenstore write /bad/big $(yes v | tr -d '\\n' | head -c 5000)", 1,
          "xenstore write: /bad/big: E2BIG")
    # A header claiming 5000 bytes on the socket: E2BIG, then xenstored hangs
    # up on that client (the stream cannot be followed); others go on.
    rc, out = sh(m, "xenstore -s raw -l 5000 READ /bad/kept 2>&1")
    assert rc == 1 and out == ["ERROR E2BIG"], out
    assert ok(m, "xenstore -s read /bad/kept") == ["value"]
    log = "\n".join(ok(m, "cat /var/log/xenstored.log"))
    assert "payload of 5000 bytes is over the 4096-byte limit" in log
    assert "dropped: protocol violation" in log

    # Nothing changed, everyone is still there.
    assert ok(m, "xenstore ls /bad") == ['kept = "value"', 'big = "' + "v" * 4000 + '"']
    assert xenstored_pid(m) == pid
    assert ok(m, "xenstore control check") == ["OK"]
    sysrq_round_trip(m)
    assert_no_kernel_trouble(m)


def test_xenstored_under_xen_reference():
    """The same initramfs under Debian's Xen 4.17: our xenstored serves
    that dom0 kernel too (its feature nodes, a sysrq, a conflicting
    transaction), with Xen's event channels and Linux's xenbus."""
    cmds = ["echo 1 > /proc/sys/kernel/printk",
            "xenstore read /local/domain/0/control/feature-poweroff /local/domain/0/name",
            "xenstore write /local/domain/0/control/sysrq h; sleep 1; "
            "xenstore read /local/domain/0/control/sysrq | wc -c; dmesg | grep -c 'sysrq: HELP'",
            "printf 'begin\\nread /x\\nnotx write /x 1\\nwrite /x 2\\ncommit\\n' "
            "| xenstore session 2>&1; xenstore read /x",
            "grep -c 'dom0 > WATCH control/shutdown' /var/log/xenstored.log"]
    t = boot_xen(commands=cmds, timeout=300)
    assert re.search(r"\(XEN\) .*Xen version 4\.17", t["log"]), t["log"][-3000:]
    assert "dom0: xenstored running" in t["log"], t["log"][-3000:]
    # Each output: the command's echo (perhaps wrapped), then its output;
    # kernel messages (sysrq's) may land anywhere. Keep the last lines.
    outs = [[l.strip() for l in re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", o).replace("\r", "")
             .split("\n")[1:] if l.strip() and not l.startswith("[")] for o in t["outputs"]]
    assert outs[1][-2:] == ["1", "Domain-0"], outs[1]
    assert outs[2][-2:] == ["1", "1"], outs[2]  # the node emptied ("\n"), one HELP
    assert outs[3][-2:] == ["xenstore session: commit: EAGAIN (Resource temporarily "
                            "unavailable)", "1"], outs[3]
    assert outs[4][-1] == "1", outs[4]
