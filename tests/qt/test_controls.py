"""Settings controls: keyboard use of a focused slider wins over the window's step keys."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt

from visualizer.ui.main_window import MainWindow


def test_arrow_keys_move_a_focused_slider_and_otherwise_step(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = MainWindow("event-loop", "gather", {"tasks": 2, "delay1": 0.2, "delay2": 0.1})
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitExposed(window)
    assert window.session is not None
    qtbot.waitUntil(lambda: bool(window.session and window.session.recorder.finished), timeout=5000)

    slider: Any = window.controls.widget("tasks").slider  # type: ignore[attr-defined]
    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus)
    shown = window.session.playback.t
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert window.session.values["tasks"] == 3  # the slider moved ...
    assert window.session.playback.playing  # ... and playback did not step (which pauses)

    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)
    window.session.playback.t = shown
    qtbot.keyClick(window.canvas, Qt.Key.Key_Left)
    assert not window.session.playback.playing  # Left stepped back and paused
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)
