#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that po/POTFILES.in lists every file with translatable strings.

Usage: check-potfiles.py SOURCE_ROOT

Fails (exit 1) when a ui/*.ui file, or a src/**/*.c file that calls _(), N_(), C_() or NC_(),
is missing from po/POTFILES.in, or when POTFILES.in names a file that does not exist.
Prints TAP.
"""
import pathlib
import re
import sys

GETTEXT_CALL = re.compile(r"(?<![A-Za-z0-9_])N?C?_\s*\(")


def listed_files(root):
    listed = set()
    for line in (root / "po" / "POTFILES.in").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            listed.add(line)
    return listed


def wanted_files(root):
    wanted = set()
    for path in sorted((root / "ui").glob("*.ui")):
        wanted.add(path.relative_to(root).as_posix())
    for path in sorted((root / "src").rglob("*.c")):
        if GETTEXT_CALL.search(path.read_text(encoding="utf-8", errors="replace")):
            wanted.add(path.relative_to(root).as_posix())
    return wanted


def main(root):
    root = pathlib.Path(root)
    listed = listed_files(root)
    wanted = wanted_files(root)
    checks = []
    for name in sorted(wanted):
        checks.append((name in listed, f"POTFILES.in lists {name}"))
    for name in sorted(listed):
        checks.append(((root / name).is_file(), f"{name} (listed in POTFILES.in) exists"))

    print(f"1..{len(checks)}")
    failed = 0
    for number, (ok, what) in enumerate(checks, start=1):
        print(f"{'ok' if ok else 'not ok'} {number} - {what}")
        failed += not ok
    if failed:
        print(f"# {failed} problem(s): add the files to po/POTFILES.in (or drop the stale lines)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
