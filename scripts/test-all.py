#!/usr/bin/env python3
"""Runs every test layer of `make test` and ends with one summary line,
"N passed, N failed", alone on the last line:
  1. static checks (make check: format, cppcheck, FP/SIMD and image checks)
  2. host unit tests of common/ (build/unit/run), of xenstored's core
     (build/xenstored-test/run) and of the domain builder and the domus
     command (build/toolstack/run)
  3. a short fuzz run of the event-channel, grant-table and memory_op
     handlers and of xenstored's core
  4. QEMU integration tests (pytest tests/qemu)
Exit status is non-zero when anything failed."""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
PY = sys.executable
passed = failed = 0


def stage(name, cmd):
    print(f"==> {name}: {' '.join(cmd)}", flush=True)
    return subprocess.run(cmd, cwd=ROOT).returncode


def count(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAILED: {what}", flush=True)


def static_checks():
    for target in ("check",):
        count(stage(f"static ({target})", ["make", "-s", target]) == 0, f"make {target}")


def unit_tests(runner, name, also=()):
    """Builds runner (and the targets in also it needs), runs it and
    counts its "N passed, N failed" line."""
    global passed, failed
    if stage(f"{name} build", ["make", "-s", runner, *also]) != 0:
        count(False, f"{name} build")
        return
    print(f"==> {name}", flush=True)
    out = subprocess.run([os.path.join(ROOT, runner)], cwd=ROOT,
                         capture_output=True, text=True)
    sys.stdout.write(out.stdout)
    sys.stdout.write(out.stderr)
    m = re.search(r"^(\d+) passed, (\d+) failed$", out.stdout, re.M)
    if not m:
        count(False, f"{name}: the runner printed no summary")
        return
    passed += int(m.group(1))
    failed += int(m.group(2))
    if out.returncode != 0 and int(m.group(2)) == 0:
        count(False, f"{name}: the runner exited {out.returncode}")


def qemu_tests():
    global passed, failed
    xml = os.path.join(ROOT, "build", "qemu-tests.xml")
    if os.path.exists(xml):
        os.remove(xml)
    args = [PY, "-m", "pytest", "-q", "-rfE", f"--junitxml={xml}", "tests/qemu"]
    args += sys.argv[1:]
    rc = stage("QEMU integration tests", args)
    if not os.path.exists(xml):
        count(False, f"pytest produced no report (exit {rc})")
        return
    suite = ET.parse(xml).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    total = int(suite.get("tests"))
    bad = int(suite.get("failures")) + int(suite.get("errors"))
    skipped = int(suite.get("skipped"))
    passed += total - bad - skipped
    failed += bad
    if rc not in (0, 1) and bad == 0:
        count(False, f"pytest exited {rc}")


def fuzz():
    """A short libFuzzer run of each hypercall-handler harness."""
    ok = stage("fuzz (short run)", ["make", "-s", "fuzz", "FUZZ_SECONDS=10"]) == 0
    count(ok, "make fuzz")


static_checks()
unit_tests("build/unit/run", "unit tests")
unit_tests("build/xenstored-test/run", "xenstored unit tests")
unit_tests("build/toolstack/run", "toolstack host tests", ["build/toolstack/domus"])
fuzz()
qemu_tests()
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
