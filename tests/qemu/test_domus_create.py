"""The domain builder's command line in dom0 (dom0-tools/domus: create,
list, destroy, pause, unpause), on dom0's Xen console. The guest kernel and
initrd come on a virtio disk (build/guest/disk.img, scripts/mkguestdisk.sh:
ext2 with the stock kernel Image and a small busybox initramfs), mounted at
/mnt. `domus create` is checked as a dry run (the plan against the Image's
own header, the device tree against the one the host build of domus
makes), through its refusals, by a real create that cannot succeed (it
must leave nothing behind), and by booting the stock kernel as a domU: its
early console (earlycon=xenboot, console_io into the hypervisor's log)
shows it found Xen, PSCI, the GIC, its memory and command line from the
device tree we built, and it brings its second vCPU up. Then the whole
way to the domU's shell, through the console daemon (domus-consoled: the
domU's console log and `domus console`) and xenstore (the nodes domus
create writes, those the domU's kernel writes back), shut down through
xenstore with every page back; and a domU that corrupts its console ring
loses its console while another domU's goes on."""
import base64
import os
import re
import struct
import subprocess

import pytest

from machine import ROOT, Machine
from test_dom0 import PROMPT, dom0_images  # noqa: F401 (builds the images)
from test_dom0_tools import assert_no_kernel_trouble, boot_dom0_hvc0, run

DISK = os.path.join(ROOT, "build/guest/disk.img")
HOST_DOMUS = os.path.join(ROOT, "build/toolstack/domus")
MIB = 1 << 20

GOOD_CFG = [
    "# a guest for the dry run",
    'name = "guest1"',
    'type = "pvh"',
    "memory = 256",
    "vcpus = 2",
    'kernel = "/mnt/Image"',
    'ramdisk = "/mnt/initrd.cpio.gz"',
    'extra = "console=hvc0 rdinit=/init"',
    'on_crash = "preserve"',
]


@pytest.fixture(scope="module")
def guest_files(tmp_path_factory):
    """Builds the guest disk and the host domus, and takes the Image and
    initrd back out of the disk (debugfs) for the host-side checks."""
    subprocess.run(["make", "-s", "build/guest/disk.img", "build/toolstack/domus"], cwd=ROOT,
                   check=True)
    d = tmp_path_factory.mktemp("guest")
    for name in ("Image", "initrd.cpio.gz"):
        subprocess.run(["debugfs", "-R", f"dump /{name} {d / name}", DISK], check=True,
                       capture_output=True)
        assert (d / name).stat().st_size > 0, name
    return d


@pytest.fixture(scope="module")
def dom0(dom0_images, guest_files):  # noqa: F811 (the imported fixture)
    """One dom0 (hvc0, 2 vCPUs, 512 MiB) with the guest disk at /mnt, shared
    by the tests of this file."""
    started = []

    def start(**kw):
        m = Machine(disks=[DISK], **kw)
        started.append(m)
        return m

    m = boot_dom0_hvc0(start)
    rc, out = run(m, "modprobe crc32c_generic; modprobe ext4; mkdir -p /mnt")
    assert rc == 0, out
    rc, out = run(m, "mount -o ro -t ext2 /dev/vda /mnt && ls /mnt")
    assert rc == 0 and out[-1].split()[:2] == ["Image", "initrd.cpio.gz"], out
    yield m
    for x in started:
        x.close()


def write_cfg(m, path, lines):
    """Writes a configuration file in dom0, one printf argument per line."""
    assert not any("'" in line for line in lines)
    args = " ".join(f"'{line}'" for line in lines)
    rc, out = run(m, f"printf '%s\\n' {args} > {path}")
    assert rc == 0, out


def image_header(path):
    with open(path, "rb") as f:
        head = f.read(64)
    text_offset, image_size, flags = struct.unpack_from("<QQQ", head, 8)
    return text_offset, image_size, flags


def plan_fields(lines):
    """The "key : value" lines of the plan (ram may repeat)."""
    fields = {}
    for line in lines:
        m = re.match(r"^(\w+)\s+: (.*)$", line)
        if m:
            fields.setdefault(m.group(1), []).append(m.group(2))
    return fields


def hypercall_counts(m):
    rc, out = run(m, "domus hcstats 0")
    assert rc == 0, out
    return {line.split()[1]: int(line.split()[2]) for line in out[1:]}


def only_dom0_listed(m):
    rc, out = run(m, "domus list")
    assert rc == 0, out
    assert out[0].split() == ["Name", "ID", "Mem", "VCPUs", "State", "Time(s)"], out
    rows = [line.split() for line in out[1:]]
    assert len(rows) == 1 and rows[0][:2] == ["Domain-0", "0"], out
    return rows[0]


def test_create_dry_run_plan_and_device_tree(dom0, guest_files, tmp_path):
    """The dry run lays the stock kernel and the initrd out by the boot
    protocol (checked against the Image's own header), lists the build's
    steps in order, writes the same device tree the host build of domus
    makes for the same files, and asks the hypervisor for nothing that
    changes state: no domctl, no hvm_op, no new domain."""
    m = dom0
    before = hypercall_counts(m)
    write_cfg(m, "/tmp/g.cfg", GOOD_CFG)
    rc, out = run(m, "domus create --dry-run /tmp/g.cfg --dtb-out /tmp/g.dtb", timeout=300)
    assert rc == 0, out
    f = plan_fields(out)

    text_offset, image_size, flags = image_header(guest_files / "Image")
    kernel_size = (guest_files / "Image").stat().st_size
    initrd_size = (guest_files / "initrd.cpio.gz").stat().st_size
    load = 0x40000000 + text_offset
    end = load + image_size
    dtb = (end + 2 * MIB - 1) & ~(2 * MIB - 1)
    initrd = dtb + 2 * MIB
    assert f["name"] == ["guest1"] and f["vcpus"] == ["2 (max 2)"], f
    assert f["memory"] == ["256 MiB (max 256 MiB, max_pages 65538)"], f
    assert f["ram"] == ["0x40000000-0x50000000 (268435456 bytes)"], f
    assert f["kernel"][0].startswith(
        f"0x{load:x}-0x{end:x} ({image_size} bytes = image_size; file /mnt/Image, "
        f"{kernel_size} bytes; text_offset 0x{text_offset:x}; flags 0x{flags:x}"), f
    assert f["entry"] == [f"0x{load:x}"], f
    dtb_m = re.fullmatch(r"0x([0-9a-f]+)-0x([0-9a-f]+) \((\d+) bytes\)", f["dtb"][0])
    assert dtb_m and int(dtb_m.group(1), 16) == dtb, f
    dtb_size = int(dtb_m.group(3))
    assert 0 < dtb_size <= 2 * MIB and dtb % 8 == 0 and dtb + 2 * MIB <= 0x40000000 + 512 * MIB
    assert f["initrd"] == [f"0x{initrd:x}-0x{initrd + initrd_size:x} ({initrd_size} bytes; "
                           "file /mnt/initrd.cpio.gz)"], f
    assert f["console_ring"] == ["gfn 0x39000"] and f["xenstore_ring"] == ["gfn 0x39001"], f
    assert f["cmdline"] == ["console=hvc0 rdinit=/init"], f
    assert f["actions"] == ["on_poweroff=destroy on_reboot=restart on_crash=preserve"], f

    steps = out[out.index("steps (dry run: none of them was taken):") + 1:]
    names = [s.split()[0] + (" " + s.split()[1] if s.split()[0] == "write" else "")
             for s in steps]
    assert names == [
        "createdomain", "max_mem", "populate_physmap", "populate_physmap", "write kernel:",
        "write device", "write initrd:", "write console", "write xenstore", "alloc_unbound",
        "alloc_unbound", "set_param", "set_param", "set_param", "set_param", "setvcpucontext",
        "xenstore", "xenstore", "unpausedomain"], steps
    assert "xenstore write dom=new: 31 nodes under /local/domain/new (name, domid, memory, " \
        "cpu, store, console, control, device; one transaction)" in [s.strip() for s in steps]
    assert f"setvcpucontext dom=new vcpu=0 pc=0x{load:x} x0=0x{dtb:x} x1=0 x2=0 x3=0" in \
        [s.strip() for s in steps], steps

    # The device tree, brought out over the console, is the host build's.
    rc, b64 = run(m, "base64 /tmp/g.dtb")
    assert rc == 0, b64
    blob = base64.b64decode("".join(b64))
    assert len(blob) == dtb_size and blob[:4] == b"\xd0\x0d\xfe\xed", len(blob)
    host_cfg = tmp_path / "g.cfg"
    host_cfg.write_text("\n".join(GOOD_CFG).replace("/mnt/", f"{guest_files}/") + "\n")
    host = subprocess.run([HOST_DOMUS, "create", "-n", str(host_cfg), "--dtb-out",
                           str(tmp_path / "host.dtb")], capture_output=True, text=True,
                          env=dict(os.environ, DOMUS_RUN_DIR=str(tmp_path / "run")))
    assert host.returncode == 0, host.stdout + host.stderr
    assert blob == (tmp_path / "host.dtb").read_bytes()
    (tmp_path / "dom0.dtb").write_bytes(blob)
    dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", str(tmp_path / "dom0.dtb")],
                         capture_output=True, text=True, check=True).stdout
    assert 'compatible = "xen,xen-4.17\\0xen,xen";' in dts, dts
    assert f"linux,initrd-start = <0x00 0x{initrd:x}>;" in dts, dts

    after = hypercall_counts(m)
    for call in ("domctl", "hvm_op"):
        assert after.get(call, 0) == before.get(call, 0), (before, after)
    only_dom0_listed(m)


def test_create_refusals(dom0):
    """Bad configurations, files and command lines are refused with their
    message and exit status (1 refused, 2 bad usage), and create nothing."""
    m = dom0
    write_cfg(m, "/tmp/bad.cfg", ['name = "b"', "memory = 64", 'colour = "blue"'])
    write_cfg(m, "/tmp/gz.cfg", ['name = "b"', "memory = 64", 'kernel = "/mnt/initrd.cpio.gz"'])
    write_cfg(m, "/tmp/small.cfg", ['name = "b"', "memory = 16", 'kernel = "/mnt/Image"'])
    for cmd, status, message in [
            ("domus create -n /tmp/bad.cfg", 1, "domus create: /tmp/bad.cfg:3: unknown key 'colour'"),
            ("domus create -n /tmp/gz.cfg", 1,
             "domus create: kernel /mnt/initrd.cpio.gz: not an arm64 Linux Image: a gzip file"),
            ("domus create -n /tmp/small.cfg", 1, "domus create: memory = 16 MiB is too small"),
            ("domus create -n /tmp/small.cfg kernel=\\\"/mnt/nothere\\\"", 1,
             "domus create: cannot read kernel /mnt/nothere: No such file or directory"),
            ("domus create -n /tmp/small.cfg vcpus=0", 1,
             "domus create: command line:1: vcpus = 0 is out of range (1 to 128)"),
            ("domus create -n /tmp/none.cfg", 1, "domus create: cannot open /tmp/none.cfg"),
            ("domus create", 2, "domus create: no configuration file given"),
            ("domus create --frob /tmp/bad.cfg", 2, "domus create: unknown option '--frob'"),
            ("domus create -n /tmp/bad.cfg memory", 2,
             "domus create: 'memory' is neither an option nor KEY=VALUE"),
            ("domus list now", 2, "domus list: unexpected argument 'now'"),
    ]:
        rc, out = run(m, cmd)
        assert rc == status and any(message in line for line in out), (cmd, rc, out)
        assert not any(line.startswith("steps") for line in out), (cmd, out)
    only_dom0_listed(m)


def test_list_and_refused_lifecycle(dom0):
    """domus list shows Domain-0 as xl does; destroy, pause and unpause
    refuse domain 0 and name missing domains."""
    m = dom0
    row = only_dom0_listed(m)
    name, domid, mem, vcpus, state, cpu = row
    assert 500 <= int(mem) <= 512 and vcpus == "2", row
    # One of its vCPUs is on a pCPU: the one asking.
    assert state == "r-----" and re.fullmatch(r"\d+\.\d", cpu), row
    for cmd, status, message in [
            ("domus destroy 0", 1, "domus destroy: domain 0 is the control domain: refused"),
            ("domus destroy Domain-0", 1, "domus destroy: domain 0 is the control domain"),
            ("domus pause 0", 1, "domus pause: domain 0 is the control domain: refused"),
            ("domus unpause 0", 1, "domus unpause: domain 0 is the control domain"),
            ("domus destroy 42", 1, "domus destroy: no domain 42"),
            ("domus pause 63", 1, "domus pause: no domain 63"),
            ("domus destroy ghost", 1, "domus destroy: no domain named 'ghost'"),
            ("domus destroy", 2, "domus destroy: which domain?"),
            ("domus unpause 1 2", 2, "domus unpause: unexpected argument '2'"),
    ]:
        rc, out = run(m, cmd)
        assert rc == status and any(message in line for line in out), (cmd, rc, out)
    assert m.shell("echo still-alive").splitlines()[-1] == "still-alive"
    only_dom0_listed(m)


def test_failed_create_leaves_nothing(dom0):
    """A real create that cannot finish (4 GiB cannot be populated on this
    2 GiB machine) names the step that failed, exits 1, and leaves no
    domain, no name and no memory behind."""
    m = dom0
    free = free_memory(m)
    write_cfg(m, "/tmp/big.cfg", ['name = "big"', "memory = 4096", 'kernel = "/mnt/Image"'])
    rc, out = run(m, "domus create /tmp/big.cfg", timeout=600)
    assert rc == 1, out
    assert any(re.match(r"domus create: (createdomain|max_mem|populate_physmap) \(", line)
               for line in out), out
    assert not any("left behind" in line for line in out), out
    only_dom0_listed(m)
    rc, out = run(m, "ls /run/domus 2>/dev/null | grep -c name")
    assert out == ["0"], out
    assert free_memory(m) == free
    assert_no_kernel_trouble(m)


def free_memory(m):
    """The hypervisor's free memory (domus info), in MiB."""
    rc, out = run(m, "domus info | grep free_memory")
    assert rc == 0 and len(out) == 1, out
    return int(re.fullmatch(r"free_memory\s+: (\d+) MiB", out[0]).group(1))


def wait_free_memory(m, free):
    """Every page back: xenstored and the console daemon let go of a dead
    domain's ring pages (their foreign mappings hold them) as soon as they
    hear of its death, which may be just after destroy returns."""
    for _ in range(20):
        now = free_memory(m)
        if now == free:
            return
        m.shell("sleep 0.5")
    assert now == free, (now, free)


def domain_row(m, name):
    rc, out = run(m, "domus list")
    assert rc == 0, out
    rows = [line.split() for line in out[1:] if line.split()[:1] == [name]]
    return rows[0] if rows else None


BOOT_CFG = [
    'name = "guest1"',
    "memory = 256",
    "vcpus = 2",
    'kernel = "/mnt/Image"',
    'ramdisk = "/mnt/initrd.cpio.gz"',
    'extra = "console=hvc0 earlycon=xenboot rdinit=/init"',
]


def test_create_boots_the_stock_kernel(dom0):
    """domus create boots Debian's kernel as a domU from the layout and
    device tree it built; the domain is listed, paused and unpaused, its
    name is taken while it lives, and destroy gives every page back."""
    m = dom0
    free = free_memory(m)
    write_cfg(m, "/tmp/boot.cfg", BOOT_CFG)
    # The guest's early console lines reach dom0's console too: the script
    # waits until they end (hvc0 takes over) before anything is printed.
    write_cfg(m, "/tmp/boot.sh", [
        "domus create /tmp/boot.cfg > /tmp/create.out 2>&1",
        'echo "create=$?" >> /tmp/create.out',
        'id=$(sed -n "s/.*created: id \\([0-9]*\\),.*/\\1/p" /tmp/create.out)',
        'i=0; [ -n "$id" ] || i=240',
        'while [ $i -lt 240 ] && ! domus dmesg | grep -F "(d$id) " | '
        'grep -q "bootconsole .xenboot0. disabled"; do sleep 1; i=$((i + 1)); done',
        'echo "waited=$i"',
    ])
    rc, out = run(m, "sh /tmp/boot.sh; cat /tmp/create.out", timeout=400)
    assert rc == 0 and "create=0" in out, out
    made = [re.search(r"domain guest1 created: id (\d+), running; console ring gfn 0x39000 "
                      r"port (\d+), xenstore ring gfn 0x39001 port (\d+)", line) for line in out]
    made = [x for x in made if x]
    assert made, out
    domid = int(made[0].group(1))
    assert domid > 0
    tag = f"(d{domid})"
    rc, log = run(m, f"domus dmesg | grep -F '{tag} ' | cut -c{len(tag) + 2}-")
    text = "\n".join(log)
    for expected in [
            "Booting Linux on physical CPU 0x0000000000",
            "Xen 4.17 support found",
            "psci: PSCIv1.0 detected in firmware.",
            "Kernel command line: console=hvc0 earlycon=xenboot rdinit=/init",
            "/262144K available",
            "nr_cpu_ids=2",
            "GICv3: CPU0: found redistributor 0 region 0:0x0000000003020000",
            "printk: console [hvc0] enabled",
    ]:
        assert expected in text, (expected, text)
    for bad in ("Kernel panic", "Unable to handle", "BUG:", "Internal error"):
        assert bad not in text, text

    # Its second vCPU comes up through PSCI CPU_ON (the /cpus node).
    for _ in range(120):
        row = domain_row(m, "guest1")
        if row and row[3] == "2":
            break
        m.shell("sleep 1")
    assert row[:4] == ["guest1", str(domid), "256", "2"], row
    assert "d" not in row[4] and "s" not in row[4], row

    rc, out = run(m, "domus create /tmp/boot.cfg")
    assert rc == 1 and any(f"a domain named 'guest1' exists already (id {domid})" in line
                           for line in out), out
    rc, out = run(m, "domus pause guest1")
    assert rc == 0, out
    assert domain_row(m, "guest1")[4] == "--p---"
    rc, out = run(m, f"domus unpause {domid}")
    assert rc == 0, out
    assert "p" not in domain_row(m, "guest1")[4]
    rc, out = run(m, f"domus unpause {domid}")
    assert rc == 1 and any(f"domain {domid} is not paused" in line for line in out), out

    rc, out = run(m, "domus destroy guest1")
    assert rc == 0, out
    only_dom0_listed(m)
    rc, out = run(m, "ls /run/domus | wc -l")
    assert out == ["0"], out
    wait_free_memory(m, free)
    assert_no_kernel_trouble(m)


# Under pexpect QEMU's standard input is a terminal, so scripts/run-qemu.sh
# gives QEMU -nographic with Ctrl-] as its escape key: typed twice, it
# sends one Ctrl-], which detaches `domus console`.
DETACH = "\x1d\x1d"
CONSOLE_LOG = "/var/log/domus/console-{}.log"


def shell_cfg(name, memory, vcpus):
    return [f'name = "{name}"', f"memory = {memory}", f"vcpus = {vcpus}",
            'kernel = "/mnt/Image"', 'ramdisk = "/mnt/initrd.cpio.gz"',
            'extra = "console=hvc0 rdinit=/init"']


def daemon_pids(m):
    """The pids of domus-consoled and xenstored, each checked alive. (Each
    command here fits on one console line: a longer one comes back
    wrapped, its echo mixed with the output.)"""
    rc, out = run(m, "for p in $(cat /run/*d.pid); do kill -0 $p && echo $p; done")
    assert rc == 0 and len(out) == 2, out
    return out


def wait_for(m, path, text, secs=240):
    """Waits until the file at path (in dom0) holds text; fails if not."""
    rc, out = run(m, f"i=0; while ! grep -qF -- '{text}' {path} 2>/dev/null && [ $i -lt {secs} ]; "
                     f"do sleep 1; i=$((i + 1)); done; grep -qF -- '{text}' {path}",
                  timeout=secs + 60)
    assert rc == 0, f"{path} never showed {text!r}"


def file_lines(m, path):
    rc, out = run(m, f"cat {path}; echo")
    assert rc == 0, out
    return out


def create(m, name, cfg):
    write_cfg(m, f"/tmp/{name}.cfg", cfg)
    rc, out = run(m, f"domus create /tmp/{name}.cfg", timeout=300)
    made = [re.search(rf"domain {name} created: id (\d+), running", line) for line in out]
    made = [x for x in made if x]
    assert rc == 0 and made, out
    return int(made[0].group(1))


def console_command(m, command, answer):
    """Types command at the attached domU shell and waits for answer."""
    m.send(command + "\r")
    m.expect(answer, timeout=120)
    m.expect("domU# ", timeout=120)


def test_domu_boots_to_its_shell_on_the_console_daemon(dom0):
    """The stock kernel boots as a domU to its busybox shell with nothing
    but its PV console and xenstore: `domus create -c` shows the boot on
    the console daemon's terminal and takes a command, the console log
    file holds the whole boot, `domus console` attaches again later;
    xenstore has the nodes domus create wrote (with libxl's permissions)
    and those the domU's kernel wrote back over its ring (so its xenbus is
    connected); `domus shutdown` powers it off through xenstore and
    destroys it, and then every page is back and both daemons have let go
    of it."""
    m = dom0
    free = free_memory(m)
    pids = daemon_pids(m)
    write_cfg(m, "/tmp/shell1.cfg", shell_cfg("shell1", 192, 2))

    m.child.sendline("domus create -c /tmp/shell1.cfg")
    made = m.expect(r"domain shell1 created: id (\d+), running")
    domid = int(made.group(1))
    m.expect(rf"domus console: attached to shell1 \(id {domid}\) on (/dev/pts/\d+); "
             r"Ctrl-\] detaches")
    pts = m.child.match.group(1)
    m.expect("domU# ", timeout=300)
    console_command(m, "echo $((6 * 7))-from-the-domU", "42-from-the-domU")
    m.send(DETACH)
    m.expect("domus console: detached from shell1")
    m.expect(PROMPT)
    rc, out = run(m, "echo status=$?")
    assert out == ["status=0"], out

    log_path = CONSOLE_LOG.format(domid)
    wait_for(m, log_path, "42-from-the-domU")
    log = "\n".join(file_lines(m, log_path))
    assert log.startswith(f"[domus-consoled] console of domain {domid} (shell1) attached, "
                          f"terminal {pts}\n"), log[:500]
    for expected in [
            "Booting Linux on physical CPU 0x0000000000",
            "Xen 4.17 support found",
            "Kernel command line: console=hvc0 rdinit=/init",
            "/196608K available",
            "smp: Brought up 1 node, 2 CPUs",
            "domU: kernel", "2 CPU(s)",
            "domU: init ready",
            "42-from-the-domU",
    ]:
        assert expected in log, (expected, log[-3000:])
    for bad in ("Kernel panic", "Unable to handle", "BUG:", "WARNING:", "Illegal ring",
                "xenbus_probe_frontend: failed", "xenbus: failed"):
        assert bad not in log, (bad, log)

    # xenstore: what domus create wrote, and what the domU's kernel wrote
    # over its own ring.
    home = f"/local/domain/{domid}"
    rc, out = run(m, f"xenstore ls -p {home}")
    assert rc == 0, out
    listing = "\n".join(out)
    for node in [f'name = "shell1"  (n0,r{domid})', f'domid = "{domid}"  (n0,r{domid})',
                 f' target = "196608"  (n0,r{domid})', f'  availability = "online"  (n0,r{domid})',
                 f' ring-ref = "233472"  (n0,r{domid})', f' tty = "{pts}"  (n0,r{domid})',
                 f' type = "xenconsoled"  (n0,r{domid})', f' shutdown = ""  (n{domid})',
                 f' feature-poweroff = "1"  (n{domid})', f' feature-reboot = "1"  (n{domid})',
                 f'device = ""  (n0,r{domid})']:
        assert node in listing, (node, listing)
    rc, out = run(m, f"xenstore raw IS_DOMAIN_INTRODUCED {domid}")
    assert out == ["IS_DOMAIN_INTRODUCED T"], out
    rc, out = run(m, f"grep -c 'dom{domid} > WATCH' /var/log/xenstored.log")
    assert rc == 0 and int(out[-1]) >= 3, out
    rc, out = run(m, f"grep -F 'dom{domid} (shell1)' /var/log/domus/consoled.log")
    assert rc == 0 and f"console attached: ring gfn 0x39000" in out[-1] and \
        f"terminal {pts}, log {log_path}" in out[-1], out

    # domus console attaches again; the domU's xenbus is there.
    m.child.sendline("domus console shell1")
    m.expect(rf"attached to shell1 \(id {domid}\) on {pts}; Ctrl-\] detaches")
    m.send("\r")
    m.expect("domU# ")
    console_command(m, "[ -d /sys/bus/xen/devices ] && echo xenbus-$((1 + 1))", "xenbus-2")
    m.send(DETACH)
    m.expect("domus console: detached from shell1")
    m.expect(PROMPT)
    for cmd, status, message in [
            ("domus console", 2, "domus console: which domain?"),
            ("domus console 0", 1, "domus console: domain 0 is the control domain: refused"),
            ("domus console ghost", 1, "domus console: no domain named 'ghost'"),
            ("domus console shell1 now", 2, "domus console: unexpected argument 'now'"),
            ("domus create -n -c /tmp/shell1.cfg", 2, "--console needs a real build"),
            ("domus shutdown -t 0 shell1", 2, "domus shutdown: bad -t '0'"),
    ]:
        rc, out = run(m, cmd)
        assert rc == status and any(message in line for line in out), (cmd, rc, out)

    # Shut down through xenstore: the domU's kernel takes control/shutdown,
    # its init powers off; then domus destroys it.
    rc, out = run(m, "domus shutdown shell1", timeout=200)
    assert rc == 0 and f"shell1 (id {domid}) shut down (poweroff) and destroyed" in out, out
    only_dom0_listed(m)
    wait_for(m, "/var/log/domus/consoled.log", f"dom{domid}: console detached")
    log = "\n".join(file_lines(m, log_path))
    assert "domU: powering off" in log and "reboot: Power down" in log, log[-2000:]
    assert log.rstrip().endswith("[domus-consoled] console detached: the domain is gone, or no "
                                 "longer introduced to xenstore"), log[-500:]
    rc, out = run(m, f"xenstore exists {home}")
    assert rc == 1, out
    rc, out = run(m, f"xenstore raw IS_DOMAIN_INTRODUCED {domid}; ls /run/domus | wc -l")
    assert out == ["IS_DOMAIN_INTRODUCED F", "0"], out
    rc, out = run(m, f"grep -e 'released dom{domid} ' /var/log/xenstored.log")
    assert rc == 0 and out, out
    wait_free_memory(m, free)
    assert daemon_pids(m) == pids
    assert_no_kernel_trouble(m)


def test_console_daemon_drops_a_bogus_ring_and_serves_the_others(dom0):
    """A domU that writes nonsense into its console ring's indexes (busybox
    devmem on the ring page) loses its console: the daemon says why in its
    log and in that domain's console log, closes its terminal (the
    attached `domus console` ends) and clears console/tty, and goes on
    serving another domU's console; the broken domain still shuts down
    through xenstore, and everything is given back."""
    m = dom0
    free = free_memory(m)
    pids = daemon_pids(m)
    good = create(m, "cgood", shell_cfg("cgood", 160, 1))
    bad = create(m, "cbad", shell_cfg("cbad", 160, 1))
    for dom in (good, bad):
        wait_for(m, CONSOLE_LOG.format(dom), "domU: init ready")

    m.child.sendline("domus console cbad")
    m.expect(r"attached to cbad .*Ctrl-\] detaches")
    m.send("\r")
    m.expect("domU# ")
    # out_prod (offset 3084 of the ring page at 0x39000000) far past out_cons.
    m.send("devmem 0x39000c0c 32 0x7fffffff\r")
    m.expect(r"domus console: cbad's console closed \(the domain is gone, or the console daemon "
             r"dropped it", timeout=120)
    m.expect(PROMPT)
    rc, out = run(m, f"grep -F 'dom{bad}: console dropped' /var/log/domus/consoled.log")
    assert rc == 0 and re.search(r"output ring indexes are bogus: cons 0x[0-9a-f]+, prod "
                                 r"0x7fffffff \(\d+ bytes apart, at most 2048\)", out[-1]), out
    log = file_lines(m, CONSOLE_LOG.format(bad))
    assert log[-2].startswith("[domus-consoled] console dropped: output ring indexes are bogus"), \
        log[-5:]
    rc, out = run(m, f"xenstore read /local/domain/{bad}/console/tty | wc -c")
    assert out == ["1"], out  # empty: just the newline
    assert daemon_pids(m) == pids

    m.child.sendline("domus console cgood")
    m.expect(r"attached to cgood .*Ctrl-\] detaches")
    m.send("\r")
    m.expect("domU# ")
    console_command(m, "echo still-$((40 + 2))", "still-42")
    m.send(DETACH)
    m.expect("domus console: detached from cgood")
    m.expect(PROMPT)

    rc, out = run(m, "domus destroy cgood")
    assert rc == 0, out
    rc, out = run(m, "domus shutdown -t 120 cbad", timeout=200)
    assert rc == 0 and f"cbad (id {bad}) shut down (poweroff) and destroyed" in out, out
    only_dom0_listed(m)
    wait_for(m, "/var/log/domus/consoled.log", f"dom{good}: console detached")
    wait_free_memory(m, free)
    assert daemon_pids(m) == pids
    assert_no_kernel_trouble(m)
