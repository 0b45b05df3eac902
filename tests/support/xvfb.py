"""A private Xvfb server for tests that need a real X display.

Usage::

    with start_xvfb() as display:  # e.g. ":90"
        subprocess.run([...], env={**os.environ, "DISPLAY": display})

A missing ``Xvfb`` binary is an error, never a skip: ``bash setup.sh test`` installs it.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import struct
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

SETUP_HINT = (
    "run `bash setup.sh test` (it installs the Debian packages `xvfb`, `xdotool` and `x11-apps`), "
    "or install them yourself: `sudo apt-get install -y xvfb xdotool x11-apps`"
)
SCREEN = "1600x1000x24"

_SOCKET_DIR = Path("/tmp/.X11-unix")
_FIRST_DISPLAY = 90
_LAST_DISPLAY = 499
_START_ATTEMPTS = 5


class XvfbError(RuntimeError):
    """Xvfb is missing or did not come up."""


def _display_taken(number: int) -> bool:
    return Path(f"/tmp/.X{number}-lock").exists() or (_SOCKET_DIR / f"X{number}").exists()


def _free_displays() -> Iterator[int]:
    for number in range(_FIRST_DISPLAY, _LAST_DISPLAY + 1):
        if not _display_taken(number):
            yield number


def _accepts_connections(number: int, timeout: float = 1.0) -> bool:
    """True when the server on ``:number`` completes an X11 connection setup."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(str(_SOCKET_DIR / f"X{number}"))
            # Connection setup request: little-endian byte order, protocol 11.0, no auth data.
            sock.sendall(struct.pack("<BxHHHHxx", ord("l"), 11, 0, 0, 0))
            reply = sock.recv(8)
    except OSError:
        return False
    # First byte of the reply: 0 = failed, 1 = success, 2 = authenticate.
    return len(reply) > 0 and reply[0] == 1


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def start_xvfb(screen: str = SCREEN, timeout: float = 10.0) -> Iterator[str]:
    """Start ``Xvfb :n -screen 0 <screen> -nolisten tcp`` and yield ``":n"``.

    The server is ready (it has accepted an X11 connection) when this yields, and it is
    terminated when the ``with`` block ends.
    """
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise XvfbError(f"Xvfb is not installed: {SETUP_HINT}")

    failures: list[str] = []
    displays = _free_displays()
    for _attempt in range(_START_ATTEMPTS):
        number = next(displays, None)
        if number is None:
            break
        with tempfile.TemporaryFile() as log:
            process = subprocess.Popen(
                [xvfb, f":{number}", "-screen", "0", screen, "-nolisten", "tcp"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                deadline = time.monotonic() + timeout
                ready = False
                while time.monotonic() < deadline and process.poll() is None:
                    if _accepts_connections(number) and process.poll() is None:
                        ready = True
                        break
                    time.sleep(0.05)
                if ready:
                    yield f":{number}"
                    return
                died = process.poll() is not None
            finally:
                _stop(process)
            log.seek(0)
            output = log.read().decode(errors="replace").strip()
        if not died:
            raise XvfbError(
                f"Xvfb :{number} did not accept connections within {timeout:.0f} s.\n"
                f"Xvfb output:\n{output}"
            )
        # Most likely another server grabbed the same number first; try the next one.
        failures.append(f"Xvfb :{number} exited with status {process.returncode}:\n{output}")
    detail = "\n".join(failures) or "no free display number"
    raise XvfbError(f"could not start Xvfb ({SETUP_HINT}).\n{detail}")
