#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints the closing line of a test run, "N passed, N failed", from meson's testlog.json.

Exit status 1 when anything failed or nothing ran. Skipped tests are listed, not counted.
"""
import json
import sys

PASSED = {"OK", "EXPECTEDFAIL"}
FAILED = {"FAIL", "ERROR", "TIMEOUT", "UNEXPECTEDPASS"}


def main(path):
    passed, failed, skipped = [], [], []
    try:
        with open(path, encoding="utf-8") as log:
            for line in log:
                line = line.strip()
                if not line:
                    continue
                entry = json.loads(line)
                result = entry.get("result")
                name = entry.get("name", "?")
                if result in PASSED:
                    passed.append(name)
                elif result in FAILED:
                    failed.append(f"{name} ({result})")
                else:
                    skipped.append(name)
    except OSError as error:
        print(f"no test log: {error}", file=sys.stderr)
    for name in skipped:
        print(f"skipped: {name}")
    for name in failed:
        print(f"failed: {name}")
    print(f"{len(passed)} passed, {len(failed)} failed")
    return 0 if passed and not failed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "_build/meson-logs/testlog.json"))
