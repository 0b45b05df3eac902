"""The Python 3.11+ interpreters this machine has, for the tracer's checks on each."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys


def interpreters() -> dict[str, str]:
    """Python 3.11+ interpreters on this machine, one per minor version; this one always."""
    found: dict[str, str] = {"{}.{}".format(*sys.version_info[:2]): sys.executable}
    candidates = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1*/bin/python")))
    candidates += [p for v in ("3.11", "3.12", "3.13") if (p := shutil.which(f"python{v}"))]
    for path in candidates:
        probe = subprocess.run(
            [path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=False,
        )
        version = probe.stdout.strip()
        if probe.returncode == 0 and version >= "3.11" and len(version) >= 4:
            found.setdefault(version, path)
    return found
