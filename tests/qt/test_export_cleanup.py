"""An export ends cleanly on every path: window closed, SIGTERM, a really full disk, a long name.

The full disk is a 64 KB tmpfs, so the encoder's buffered writer meets ENOSPC where it really
flushes; SIGTERM is a real signal to a real ``visualizer export`` process.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.mounts import tmpfs
from visualizer.export.render import save_png
from visualizer.ui.export_dialog import ExportDialog, ScreenshotDialog
from visualizer.ui.main_window import MainWindow


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "disk", "64k") as folder:
        yield folder


def export_process(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "visualizer", "export", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def encoder_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("export-encoder")]


def open_window(qtbot: Any) -> MainWindow:
    window = MainWindow("event-loop", "gather", {"tasks": 3})
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.session is not None and window.session.recorder.now() > 1.0)
    return window


def test_closing_the_window_mid_export_cancels_it_and_joins_the_encoder(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    window = open_window(qtbot)
    window.actions_by_name["export"].trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    dialog.fps_box.setValue(50)
    dialog.path_row.edit.setText(str(tmp_path / "mid.gif"))
    assert dialog.start_export()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 3, timeout=30_000)
    assert any(p.name.endswith(".part") for p in tmp_path.iterdir())
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)
    assert list(tmp_path.iterdir()) == []  # neither the GIF nor its hidden .part
    assert encoder_threads() == []


def test_sigterm_to_export_removes_the_partial_file(tmp_path: Path) -> None:
    out = tmp_path / "long.gif"
    proc = export_process(
        "--scene", "event-loop", "--format", "gif", "--duration", "20", "--fps", "30",
        "-o", str(out),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while not any(p.name.endswith(".part") for p in tmp_path.iterdir()):
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert err == "visualizer export: interrupted; no file was written\n", err
    assert list(tmp_path.iterdir()) == []


def test_a_gif_onto_a_really_full_disk_is_one_line(small_disk: Path) -> None:
    out = small_disk / "full.gif"
    proc = export_process(
        "--scene", "event-loop", "--format", "gif", "--duration", "2", "-o", str(out)
    )  # fmt: skip
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert "No space left on device" in err and str(out) in err, err
    assert list(small_disk.iterdir()) == []


def test_a_legal_250_character_name_is_written(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    from PIL import Image

    name = "n" * 246 + ".png"  # 250 characters; the temporary name must stay within 255
    path = save_png(Image.new("RGB", (32, 18)), tmp_path / name)
    assert path.name == name and path.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [name]
    korean = "가" * 80 + ".png"  # 244 bytes in UTF-8: cut at a character, never inside one
    assert save_png(Image.new("RGB", (32, 18)), tmp_path / korean).name == korean


LONG_NAME = "x" * 300 + ".png"
DEEP_PATH = "/tmp/" + "d/" * 2100 + "a.png"


@pytest.mark.parametrize("path", [LONG_NAME, DEEP_PATH])
def test_a_path_too_long_is_a_message_in_the_screenshot_dialog(
    path: str, qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    window = open_window(qtbot)
    window.actions_by_name["screenshot"].trigger()
    dialog = window.findChild(ScreenshotDialog)
    assert dialog is not None
    dialog.path_row.edit.setText(path if path.startswith("/") else str(tmp_path / path))
    assert not dialog.save()
    assert "File name too long" in dialog.status.text()
    assert len(dialog.status.text()) < 300  # the path is shortened in the message
    dialog.reject()
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


@pytest.mark.parametrize(
    ("size", "path", "fragment"),
    [
        ("1" * 5000 + "x720", "ok.gif", "pixels a side"),
        ("1280x720", "y" * 300 + ".gif", "File name too long"),
        ("1280x720", DEEP_PATH.replace(".png", ".gif"), "File name too long"),
    ],
)
def test_bad_sizes_and_paths_are_a_message_in_the_export_dialog(
    size: str,
    path: str,
    fragment: str,
    qt_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
    tmp_path: Path,
) -> None:
    window = open_window(qtbot)
    window.actions_by_name["export"].trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    dialog.size_box.setCurrentText(size)
    dialog.path_row.edit.setText(path if path.startswith("/") else str(tmp_path / path))
    assert not dialog.start_export()
    assert fragment in dialog.status.text() and len(dialog.status.text()) < 300
    assert list(tmp_path.iterdir()) == []
    dialog.reject()
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)
