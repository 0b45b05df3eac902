"""The picture inside the window is the picture the view draws: painted into the window (as on
screen, in a grab, in a screenshot of the window) its cached tokens land where they belong.
They were once copied at the canvas's offset in the window a second time, so in a window every
chip and message token sat away from its stack, lane or queue."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage, QPainter

from visualizer.draw.i18n import set_language
from visualizer.export.recording import record
from visualizer.scenes.registry import load_scene, load_view_class
from visualizer.ui.main_window import MainWindow


def _differing(a: QImage, b: QImage, tolerance: int = 48) -> float:
    """The share of pixels whose channels differ by more than ``tolerance``."""
    assert a.size() == b.size()
    step, count, total = 2, 0, 0
    for y in range(0, a.height(), step):
        for x in range(0, a.width(), step):
            pa, pb = a.pixelColor(x, y), b.pixelColor(x, y)
            total += 1
            if (
                max(
                    abs(pa.red() - pb.red()),
                    abs(pa.green() - pb.green()),
                    abs(pa.blue() - pb.blue()),
                )
                > tolerance
            ):
                count += 1
    return count / total


@pytest.mark.parametrize(("name", "preset"), [("event-loop", "gather"), ("queue", "email")])
def test_the_window_shows_the_picture_the_view_draws(
    name: str, preset: str, qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    set_language("en")
    scene = load_scene(name)
    task = qt_loop.create_task(record(scene, preset, scene.values(), 1.5))
    qtbot.waitUntil(task.done, timeout=60_000)
    rec = task.result()
    window = MainWindow(name, preset)  # not started: it shows the recorded frame
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)  # laid out; the scene list may open its first scene meanwhile
    canvas = window.canvas
    canvas.view = load_view_class(name)(rec.scene)
    frame = rec.frame(rec.end * 0.6)
    canvas.frame_source = lambda: frame  # no event is processed from here to the grab
    offset = canvas.mapTo(window, QPoint(0, 0))
    assert offset.x() > 0 and offset.y() > 0  # the canvas is not at the window's corner
    grabbed = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    shown = grabbed.copy(offset.x(), offset.y(), canvas.width(), canvas.height())
    alone = QImage(canvas.width(), canvas.height(), QImage.Format.Format_RGB32)
    painter = QPainter(alone)
    try:
        canvas.paint_into(painter)  # the same view, painted straight into an image
    finally:
        painter.end()
    assert alone.width() > 300
    share = _differing(shown, alone)
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)
    assert share < 0.002, f"{share:.2%} of the picture differs between the window and the view"
