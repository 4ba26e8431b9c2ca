#!/usr/bin/env bash
# Builds dom0's initramfs: a gzip'd newc cpio holding busybox-static (its
# applet links are made at boot by /init), /init from tests/dom0/init, and
# the stock kernel's modules for virtio PCI, virtio-blk, virtio-net and the
# Xen device drivers, with the dependencies they need and a modules.dep,
# modules.alias, modules.builtin and modules.order covering exactly those,
# so that busybox modprobe works. Everything comes from the arm64 packages
# `make deps` unpacked in $DOMUS_CACHE (default ~/.cache/domus).
#
# Any further arguments name programs (the dom0 tools) installed as
# /usr/bin/<name>, mode 0755, or are DEST=SRC: the file SRC installed at
# the absolute path DEST, mode 0644 (data such as test guest images).
#
# The output is reproducible: the same inputs give the same bytes.
# usage: mkinitramfs.sh OUT.cpio.gz [PROGRAM | DEST=SRC ...]
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "mkinitramfs: error: $*" >&2; exit 1; }

[ $# -ge 1 ] || die "usage: scripts/mkinitramfs.sh OUT.cpio.gz [PROGRAM...]"
out=$1
shift
programs=()
data=()
for p in "$@"; do
  if [[ $p == *=* ]]; then
    dest=${p%%=*}
    src=${p#*=}
    [[ $dest == /* && $dest != */ && $dest != *..* ]] || die "$dest is not an absolute file path"
    [ -f "$src" ] || die "$src is not a file"
    data+=("$p")
  else
    [ -f "$p" ] && [ -x "$p" ] || die "$p is not an executable file"
    programs+=("$p")
  fi
done
CACHE=${DOMUS_CACHE:-$HOME/.cache/domus}
root=$CACHE/arm64/root
init=tests/dom0/init
PYTHON=${PYTHON:-/usr/bin/python3}

# Modules wanted in the image (names as modprobe takes them). Their
# dependencies are added; built-in ones and ones this kernel lacks are
# skipped (and said so).
WANT=(
  virtio_pci virtio_pci_modern_dev virtio_pci_legacy_dev
  virtio_blk virtio_net net_failover failover
  ext4 crc32c_generic
  xenfs xen-evtchn xen-gntdev xen-gntalloc xen-privcmd
)

[ -d "$CACHE/arm64/root" ] || die "no arm64 cache at $CACHE/arm64: run make deps"
[ -x "$root/bin/busybox" ] || die "busybox-static missing from $root: run make deps"
[ -f "$init" ] || die "$init missing"
for tool in cpio gzip; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found: run make deps"
done
[ -x "$PYTHON" ] || die "$PYTHON not found"

shopt -s nullglob
kernels=("$root"/boot/vmlinuz-*)
shopt -u nullglob
[ ${#kernels[@]} -ge 1 ] || die "no kernel (boot/vmlinuz-*) in $root: run make deps"
[ ${#kernels[@]} -eq 1 ] || die "several kernels in $root/boot; remove the stale ones or run make deps"
kver=${kernels[0]##*/vmlinuz-}
kmods=$root/lib/modules/$kver
[ -f "$kmods/modules.builtin" ] || die "no modules for kernel $kver in $kmods: run make deps"

stage=$(mktemp -d "${TMPDIR:-/tmp}/domus-initramfs.XXXXXX")
tmp_out="$out.tmp.$$"
trap 'rm -rf "$stage" "$tmp_out"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,run,root,etc,mnt,var/log}
chmod 1777 "$stage/tmp"
cp "$root/bin/busybox" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
cp "$init" "$stage/init"
chmod 0755 "$stage/init" "$stage/bin/busybox"
for p in "${programs[@]}"; do
  name=${p##*/}
  [ ! -e "$stage/usr/bin/$name" ] || die "two programs named $name"
  cp "$p" "$stage/usr/bin/$name"
  chmod 0755 "$stage/usr/bin/$name"
done
for p in "${data[@]}"; do
  dest=${p%%=*}
  [ ! -e "$stage$dest" ] || die "two files at $dest"
  mkdir -p "$stage$(dirname "$dest")"
  cp "${p#*=}" "$stage$dest"
  chmod 0644 "$stage$dest"
done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$stage/etc/passwd"
printf 'root:x:0:\n' >"$stage/etc/group"
# The kernel opens /dev/console for init before anything is mounted; the
# node must be in the image (only root can make it; /init copes without).
if [ "$(id -u)" -eq 0 ]; then
  mknod -m 0600 "$stage/dev/console" c 5 1
else
  echo "mkinitramfs: warning: not root, so no /dev/console node in the image" >&2
fi

# Module selection: reads each module's .modinfo section (depends=,
# alias=), closes the set under dependencies and writes the module index
# files for the subset. Compressed modules (.ko.xz/.ko.zst) are unpacked
# into the image, since busybox modprobe loads plain .ko only.
"$PYTHON" - "$kmods" "$stage/lib/modules/$kver" "${WANT[@]}" <<'PY'
import lzma, os, shutil, struct, subprocess, sys

src, dst, want = sys.argv[1], sys.argv[2], sys.argv[3:]

def norm(name):
    return name.replace("-", "_")

def modname(path):
    base = os.path.basename(path)
    return norm(base[: base.index(".ko")])

def read_ko(path):
    if path.endswith(".ko.xz"):
        return lzma.decompress(open(path, "rb").read())
    if path.endswith(".ko.zst"):
        return subprocess.run(["zstd", "-dcq", path], check=True, stdout=subprocess.PIPE).stdout
    if path.endswith(".ko.gz"):
        import gzip
        return gzip.decompress(open(path, "rb").read())
    return open(path, "rb").read()

def modinfo(data, path):
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit(f"mkinitramfs: error: {path} is not a 64-bit little-endian ELF module")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    def sec(i):
        name, _, _, _, off, size = struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize)
        return name, off, size
    _, stroff, _ = sec(shstrndx)
    info = {"depends": [], "alias": []}
    for i in range(shnum):
        name, off, size = sec(i)
        end = data.index(b"\0", stroff + name)
        if data[stroff + name:end] != b".modinfo":
            continue
        for field in data[off:off + size].split(b"\0"):
            key, sep, val = field.decode("utf-8", "replace").partition("=")
            if not sep:
                continue
            if key == "depends":
                info["depends"] = [norm(d) for d in val.split(",") if d]
            elif key == "alias":
                info["alias"].append(val)
            elif key == "name":
                info["name"] = norm(val)
    return info

builtin = set()
with open(os.path.join(src, "modules.builtin")) as f:
    for line in f:
        if line.strip():
            builtin.add(modname(line.strip()))

index = {}
for top, _, files in os.walk(os.path.join(src, "kernel")):
    for fn in files:
        if ".ko" in fn and fn.rsplit(".ko", 1)[1] in ("", ".xz", ".zst", ".gz"):
            full = os.path.join(top, fn)
            index[modname(full)] = os.path.relpath(full, src)

mods = {}     # name -> (relative path in the image, info)
order = []    # discovery order, for messages
notes = []

def add(name, wanted_by):
    name = norm(name)
    if name in mods:
        return
    if name not in index:
        if name in builtin:
            notes.append(f"{name} (built in)")
            return
        if wanted_by:
            sys.exit(f"mkinitramfs: error: module {name} (needed by {wanted_by}) not found")
        notes.append(f"{name} (not in this kernel)")
        return
    rel = index[name]
    data = read_ko(os.path.join(src, rel))
    info = modinfo(data, rel)
    rel_out = rel[: rel.index(".ko")] + ".ko"
    out = os.path.join(dst, rel_out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as f:
        f.write(data)
    mods[name] = (rel_out, info)
    order.append(name)
    for dep in info["depends"]:
        add(dep, name)

for w in want:
    if norm(w) in builtin and norm(w) not in index:
        notes.append(f"{norm(w)} (built in)")
        continue
    add(w, None)

def load_order(name, seen, acc):
    for dep in mods[name][1]["depends"]:
        if dep in mods and dep not in seen:
            seen.add(dep)
            load_order(dep, seen, acc)
            acc.append(dep)
    return acc

# modules.dep lists a module's dependencies so that each comes before the
# ones it needs itself; modprobe loads them from the end of the line.
with open(os.path.join(dst, "modules.dep"), "w") as f:
    for name in sorted(mods, key=lambda n: mods[n][0]):
        deps = load_order(name, {name}, [])
        f.write(f"{mods[name][0]}:" + "".join(" " + mods[d][0] for d in reversed(deps)) + "\n")
with open(os.path.join(dst, "modules.alias"), "w") as f:
    f.write("# Aliases extracted from modules themselves.\n")
    for name in sorted(mods, key=lambda n: mods[n][0]):
        for a in mods[name][1]["alias"]:
            f.write(f"alias {a} {name}\n")
with open(os.path.join(src, "modules.order")) as f:
    kept = [l.strip() for l in f if modname(l.strip()) in mods]
with open(os.path.join(dst, "modules.order"), "w") as f:
    f.write("".join(k + "\n" for k in kept))
for extra in ("modules.builtin", "modules.builtin.modinfo"):
    if os.path.exists(os.path.join(src, extra)):
        shutil.copyfile(os.path.join(src, extra), os.path.join(dst, extra))
open(os.path.join(dst, "modules.softdep"), "w").close()

print("mkinitramfs: modules: " + " ".join(sorted(mods)))
if notes:
    print("mkinitramfs: skipped: " + ", ".join(notes))
PY

# Same bytes for the same inputs: fixed timestamps, sorted names, numeric
# root ownership, no gzip name/time.
find "$stage" -exec touch -h -d @0 {} +
mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort \
   | cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -9n >"$tmp_out"
mv "$tmp_out" "$out"
echo "mkinitramfs: wrote $out ($(stat -c %s "$out") bytes, kernel $kver${programs:+, programs: ${programs[*]##*/}})"
