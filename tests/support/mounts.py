"""Real small file systems for tests: a full disk, a read-only folder (Linux, as root).

A tmpfs of a few kilobytes really runs out of space, and a read-only remount really refuses
writes, even to root; nothing is faked above the kernel.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, text=True)


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "64k", inodes: int | None = None) -> Iterator[Path]:
    """``folder`` as a tmpfs of ``size`` (and at most ``inodes`` files and folders, its own
    included), unmounted (with what it holds) afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (f",nr_inodes={inodes}" if inodes is not None else "")
    _mount("-t", "tmpfs", "-o", options, "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)


def remount_read_only(folder: Path) -> None:
    """Make a tmpfs mounted by :func:`tmpfs` read-only from now on."""
    _mount("-o", "remount,ro", str(folder))


def fill(folder: Path) -> None:
    """Write into ``folder`` until the file system is full (the last write fails with ENOSPC)."""
    with contextlib.suppress(OSError), open(folder / "filler", "wb") as out:
        while True:
            out.write(b"\0" * 4096)
            out.flush()
