"""Left and Right step playback wherever the focus is; a focused slider keeps Up and Down."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from visualizer.ui.main_window import MainWindow


def _focus(qtbot: Any, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def test_left_and_right_step_even_after_a_slider_or_list_was_touched(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = MainWindow("event-loop", "gather", {"tasks": 2, "delay1": 0.2, "delay2": 0.1})
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitExposed(window)
    session = window.session
    assert session is not None
    qtbot.waitUntil(lambda: session.recorder.finished, timeout=10_000)
    playback = session.playback
    end = session.timeline.end_time()
    settings_slider: Any = window.controls.widget("tasks").slider  # type: ignore[attr-defined]
    bar = window.playback_bar
    focusable = {
        "a setting's slider": settings_slider,
        "the scrubber": bar.scrubber,
        "the speed box": bar.speed_box,
        "the scene list": window.scene_list,
        "the preset list": window.preset_list,
        "the picture": window.canvas,
    }
    for name, widget in focusable.items():
        _focus(qtbot, widget)
        shown = session.timeline.prev_event_time(end)
        assert shown is not None
        session.seek(shown)
        expected = session.timeline.prev_event_time(shown)
        qtbot.keyClick(widget, Qt.Key.Key_Left)
        assert expected is not None and playback.t == expected < shown, f"Left on {name}"
        assert not playback.playing
        qtbot.keyClick(widget, Qt.Key.Key_Right)
        assert playback.t == shown, f"Right on {name}"
        assert session.values["tasks"] == 2, f"a key on {name} changed a setting"
        assert bar.speed_box.currentData() == 1.0, f"a key on {name} changed the speed"
    assert window.session is session, "no key opened another scene"

    _focus(qtbot, settings_slider)
    qtbot.keyClick(settings_slider, Qt.Key.Key_Up)
    assert session.values["tasks"] == 3  # Up still moves a focused slider
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)
