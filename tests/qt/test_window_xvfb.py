"""The real app, started the way `bash setup.sh run` starts it, opens a real window.

Under a private Xvfb server: the app reports its first painted frame, has a mapped window
titled "Concurrency Visualizer", stays up, and exits with status 0 on SIGTERM without
asyncio/traceback noise on stderr.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from tests.support.xvfb import SCREEN, SETUP_HINT, start_xvfb

WINDOW_TITLE = "Concurrency Visualizer"
FIRST_PAINT = re.compile(r"visualizer: first-paint-ms=(\S+)")
FIRST_PAINT_TIMEOUT = 30.0
EXIT_TIMEOUT = 15.0
FORBIDDEN_STDERR = ("Traceback", "Task was destroyed but it is pending", "never awaited")


class _Pump:
    """Reads a child's pipe on a thread so the child never blocks on a full pipe."""

    def __init__(self, stream: IO[str]) -> None:
        self._lines: list[str] = []
        self._eof = False
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, args=(stream,), daemon=True)
        self._thread.start()

    def _run(self, stream: IO[str]) -> None:
        for line in stream:
            with self._changed:
                self._lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._eof = True
            self._changed.notify_all()

    def wait_for(self, pattern: re.Pattern[str], timeout: float) -> re.Match[str] | None:
        deadline = time.monotonic() + timeout
        seen = 0
        with self._changed:
            while True:
                for line in self._lines[seen:]:
                    match = pattern.fullmatch(line.rstrip("\r\n"))
                    if match:
                        return match
                seen = len(self._lines)
                remaining = deadline - time.monotonic()
                if self._eof or remaining <= 0:
                    return None
                self._changed.wait(remaining)

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    def text(self) -> str:
        with self._changed:
            return "".join(self._lines)


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    with start_xvfb() as display:
        yield display


def _windows_named(xdotool: str, display: str, title: str) -> list[str]:
    result = subprocess.run(
        [xdotool, "search", "--onlyvisible", "--name", title],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    return result.stdout.split()


def _check_root_screenshot(display: str, path: Path) -> str | None:
    """Screenshot the root window with xwd (x11-apps, installed by setup.sh); return a problem."""
    xwd = shutil.which("xwd")
    if xwd is None:
        return f"xwd is not installed (Debian package x11-apps): {SETUP_HINT}"
    result = subprocess.run(
        [xwd, "-root", "-silent", "-display", display, "-out", str(path)],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    if result.returncode != 0:
        return f"xwd failed ({result.returncode}): {result.stderr}"
    data = path.read_bytes()
    if len(data) < 100:
        return f"xwd wrote only {len(data)} bytes"
    # XWD header: 25 big-endian CARD32 fields, then the window name, the colormap, pixels.
    fields = struct.unpack(">25I", data[:100])
    header_size, width, height, ncolors = fields[0], fields[4], fields[5], fields[19]
    expected_width, expected_height = (int(v) for v in SCREEN.split("x")[:2])
    if (width, height) != (expected_width, expected_height):
        return f"screenshot is {width}x{height}, expected {expected_width}x{expected_height}"
    pixels = data[header_size + 12 * ncolors :]
    if not pixels or pixels == pixels[:4] * (len(pixels) // 4):
        return f"screenshot {path} is a single flat colour: nothing was drawn"
    return None


def test_app_window_paints_stays_up_and_quits_on_sigterm(xvfb_display: str, tmp_path: Path) -> None:
    xdotool = shutil.which("xdotool")
    assert xdotool is not None, f"xdotool is not installed: {SETUP_HINT}"

    env = dict(os.environ)
    env.pop("WAYLAND_DISPLAY", None)
    env.update(
        DISPLAY=xvfb_display,
        QT_QPA_PLATFORM="xcb",
        VISUALIZER_REPORT_PAINT="1",
        # A fresh profile: no settings left over from earlier runs or from the developer.
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    with subprocess.Popen(
        [sys.executable, "-m", "visualizer"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as app:
        assert app.stdout is not None
        assert app.stderr is not None
        out, err = _Pump(app.stdout), _Pump(app.stderr)

        def report(problem: str) -> str:
            return (
                f"{problem}\n(exit status: {app.poll()})\n"
                f"--- app stdout ---\n{out.text()}\n--- app stderr ---\n{err.text()}"
            )

        try:
            match = out.wait_for(FIRST_PAINT, FIRST_PAINT_TIMEOUT)
            assert match is not None, report(
                f"no 'visualizer: first-paint-ms=<float>' line within {FIRST_PAINT_TIMEOUT:.0f} s"
            )
            try:
                first_paint_ms = float(match.group(1))
            except ValueError:
                first_paint_ms = math.nan
            assert math.isfinite(first_paint_ms) and first_paint_ms >= 0, report(
                f"first-paint-ms is not a non-negative number: {match.group(0)!r}"
            )

            windows: list[str] = []
            deadline = time.monotonic() + 5
            while not windows and time.monotonic() < deadline:
                windows = _windows_named(xdotool, xvfb_display, WINDOW_TITLE)
                if not windows:
                    time.sleep(0.1)
            assert windows, report(f"no mapped window named {WINDOW_TITLE!r} on {xvfb_display}")

            # The first paint is reported from inside it, before Qt flushes the backing store
            # to the X server; on a loaded machine the flush can come a while later.
            deadline = time.monotonic() + 10
            problem = _check_root_screenshot(xvfb_display, tmp_path / "root.xwd")
            while problem is not None and time.monotonic() < deadline:
                time.sleep(0.2)
                problem = _check_root_screenshot(xvfb_display, tmp_path / "root.xwd")
            assert problem is None, report(problem or "")

            time.sleep(1.0)
            assert app.poll() is None, report("the app exited on its own after painting")

            app.send_signal(signal.SIGTERM)
            try:
                status = app.wait(timeout=EXIT_TIMEOUT)
            except subprocess.TimeoutExpired:
                pytest.fail(report(f"the app did not exit within {EXIT_TIMEOUT:.0f} s of SIGTERM"))
            out.join(5)
            err.join(5)
            assert status == 0, report(f"exit status {status} after SIGTERM, expected 0")
            stderr = err.text()
            for needle in FORBIDDEN_STDERR:
                assert needle not in stderr, report(f"stderr contains {needle!r}")
        finally:
            if app.poll() is None:
                app.kill()
                app.wait()
            out.join(5)
            err.join(5)
