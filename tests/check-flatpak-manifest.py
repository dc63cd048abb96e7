#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest: it parses, and it builds the app we think it builds.

Usage: check-flatpak-manifest.py MANIFEST APP_ID

flatpak-builder --show-manifest parses the manifest offline where flatpak-builder is installed
(it is on Debian 12 with the dev packages, not necessarily in CI or inside a Flatpak build);
otherwise the file is parsed as JSON. Prints TAP.
"""
import json
import shutil
import subprocess
import sys

ALLOWED_FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--talk-name=org.freedesktop.secrets",
}


def load(path):
    builder = shutil.which("flatpak-builder")
    if builder:
        result = subprocess.run([builder, "--show-manifest", path], capture_output=True,
                                text=True, check=False)
        if result.returncode != 0:
            print(f"# flatpak-builder --show-manifest failed:\n# {result.stderr.strip()}")
            return None, "flatpak-builder"
        return json.loads(result.stdout), "flatpak-builder"
    with open(path, encoding="utf-8") as manifest:
        return json.load(manifest), "json"


def main(path, app_id):
    try:
        manifest, how = load(path)
    except (OSError, ValueError) as error:
        print("1..1")
        print(f"not ok 1 - {path} parses: {error}")
        return 1

    checks = [(manifest is not None, f"{path} parses ({how})")]
    if manifest is not None:
        finish_args = manifest.get("finish-args", [])
        modules = manifest.get("modules", [])
        easel = next((m for m in modules if isinstance(m, dict) and m.get("name") == "easel"), {})
        checks += [
            (manifest.get("app-id", manifest.get("id")) == app_id, f"app id is {app_id}"),
            (manifest.get("command") == "easel", "command is easel"),
            (manifest.get("runtime") == "org.gnome.Platform", "runtime is org.gnome.Platform"),
            (manifest.get("sdk") == "org.gnome.Sdk", "sdk is org.gnome.Sdk"),
            (set(finish_args) <= ALLOWED_FINISH_ARGS,
             "finish-args ask for nothing beyond " + ", ".join(sorted(ALLOWED_FINISH_ARGS))),
            (easel.get("buildsystem") == "meson", "the easel module builds with meson"),
            ({"type": "dir", "path": ".."} in easel.get("sources", []),
             "the easel module builds the local tree"),
        ]

    print(f"1..{len(checks)}")
    failed = 0
    for number, (ok, what) in enumerate(checks, start=1):
        print(f"{'ok' if ok else 'not ok'} {number} - {what}")
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
