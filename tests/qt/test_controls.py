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
    playback = window.session.playback
    end = window.session.timeline.end_time()
    qtbot.waitUntil(lambda: playback.t == end, timeout=5000)
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert window.session.values["tasks"] == 3  # the slider moved ...
    # ... and playback did not step: a step back would pause it before the end (the restart
    # the new value asks for comes later, from a timer)
    assert playback.playing and playback.live and playback.t == end

    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)
    shown = window.session.timeline.prev_event_time(end)
    assert shown is not None
    window.session.seek(shown)
    expected = window.session.timeline.prev_event_time(shown)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Left)
    assert not playback.playing  # Left stepped back and paused ...
    assert expected is not None and playback.t == expected < shown  # ... one event back
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    assert playback.t == shown  # and Right steps forward again
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)
