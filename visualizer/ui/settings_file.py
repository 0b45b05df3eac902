"""Where the settings live, checked before QSettings ever opens it, and Qt's own complaints.

QSettings writes by replacing its file, so pointed at ``/dev/null`` or ``/dev/full`` (or a
symlink to one) it replaces the device node with a regular file when run as root; pointed at a
folder or a FIFO it fails silently or blocks. A path that exists and is not a regular file is
refused before QSettings opens it: the app then keeps settings in a temporary file for this run
only, and says so. A settings file that cannot be written (a read-only file system, a folder
that refuses new files) is still read, and the user is told that changes will not be kept.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

from visualizer.core.text import QT_TRANSLATE_NOOP, Msg

CTX = "Settings"


def refusal(path: Path) -> Msg | None:
    """Why ``path`` may not be given to QSettings at all (None: it may)."""
    try:
        info = path.stat()  # follows symlinks: a link to /dev/null is a device here
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _cannot_use(path, exc.strerror or str(exc))
    if stat.S_ISREG(info.st_mode):
        return None
    kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
    return _cannot_use(path, kind)


def _cannot_use(path: Path, why: str) -> Msg:
    return QT_TRANSLATE_NOOP(
        CTX, "Settings file {path} cannot be used ({why}); settings are kept for this run only"
    )(path=str(path), why=why)


def unwritable(path: Path) -> Msg | None:
    """Why changes to the (regular or missing) settings file ``path`` could not be saved."""
    try:
        if path.exists():
            fd = os.open(path, os.O_WRONLY | os.O_APPEND)  # a regular file: refusal() said so
            os.close(fd)
            folder = path.parent
        else:
            folder = _existing_parent(path)
        # QSettings writes a new file beside the old one and renames it: the folder must accept it.
        fd, name = tempfile.mkstemp(dir=folder, prefix=".visualizer-settings-probe-")
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        return QT_TRANSLATE_NOOP(
            CTX, "Settings file {path} cannot be written ({why}); changes will not be kept"
        )(path=str(path), why=exc.strerror or str(exc))
    return None


def _existing_parent(path: Path) -> Path:
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def scratch_file() -> Path:
    """A settings file for this run only, in a folder of its own that the system cleans."""
    return Path(tempfile.mkdtemp(prefix="visualizer-settings-")) / "settings.ini"


@contextlib.contextmanager
def qt_complaints() -> Iterator[list[str]]:
    """Collect what Qt prints while reading a value (e.g. ``@Variant`` of an unknown type).

    The store turns them into its own one-line warning and drops the value, so a hand-edited
    file neither floods the terminal with Qt's messages nor comes back at every start.
    """
    heard: list[str] = []

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        heard.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        yield heard
    finally:
        qInstallMessageHandler(previous)
