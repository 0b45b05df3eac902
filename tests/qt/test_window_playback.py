"""The window's playback controls through real widget events: what a learner does with the mouse
and the keyboard moves the shown time, and only the shown time (the code keeps running).

Scrubber drag, the Live button and L, the speed box at 0.25x and 4x, stepping back and forward
while the code still runs, and a live setting (blocking's poll interval) changed mid-run.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider

from visualizer.scenes.blocking.harness import SYNC_NONBLOCKING
from visualizer.scenes.blocking.probe import RECV_BATCH, RECV_RAISE
from visualizer.ui.main_window import MainWindow


def open_window(qtbot: Any, scene: str, preset: str, values: dict[str, Any]) -> MainWindow:
    window = MainWindow(scene, preset, values)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitExposed(window)
    assert window.session is not None
    return window


def close(window: MainWindow, qtbot: Any, loop: asyncio.AbstractEventLoop) -> None:
    window.close()
    done = loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


def handle_centre(slider: QSlider) -> QPoint:
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    return handle.center()


def finished(window: MainWindow) -> bool:
    return bool(window.session and window.session.recorder.finished)


def test_scrubber_drag_live_button_and_l_key(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = open_window(qtbot, "event-loop", "gather", {"tasks": 2, "delay1": 0.6, "delay2": 0.3})
    session = window.session
    qtbot.waitUntil(lambda: finished(window), timeout=10_000)
    end = session.timeline.end_time()
    qtbot.waitUntil(lambda: session.playback.t == end, timeout=5_000)
    scrubber = window.playback_bar.scrubber

    # drag the handle from the end to the middle of the groove
    start = handle_centre(scrubber)
    middle = QPoint(scrubber.width() // 2, start.y())
    qtbot.mousePress(scrubber, Qt.MouseButton.LeftButton, pos=start)
    for x in range(start.x(), middle.x(), -max(1, (start.x() - middle.x()) // 8)):
        qtbot.mouseMove(scrubber, QPoint(x, start.y()))
    qtbot.mouseMove(scrubber, middle)
    qtbot.mouseRelease(scrubber, Qt.MouseButton.LeftButton, pos=middle)
    fraction = scrubber.value() / scrubber.maximum()
    assert 0.3 < fraction < 0.7
    assert not session.playback.live
    assert abs(session.playback.t - fraction * end) <= 0.02 * end
    shown = session.playback.t
    qtbot.wait(100)
    # it plays on from where it was put, not from the newest time
    assert shown <= session.playback.t < end and not session.playback.live

    # the Live button follows the newest recorded time again
    qtbot.mouseClick(window.playback_bar.live_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.playback.live and session.playback.t == end, timeout=5_000)
    assert window.playback_bar.live_button.isChecked()

    # and so does L, from a scrubbed position
    session.seek(end / 3)
    assert not session.playback.live
    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)
    qtbot.keyClick(window.canvas, Qt.Key.Key_L)
    assert session.playback.live
    qtbot.waitUntil(lambda: session.playback.t == end, timeout=5_000)
    close(window, qtbot, qt_loop)


def rate_at(window: MainWindow, qtbot: Any, wall: float) -> float:
    """Shown seconds per wall second, from t = 0, measured over ``wall`` seconds."""
    session = window.session
    session.seek(0.0)
    before = time.perf_counter()
    session.playback.play(session.timeline.end_time())
    qtbot.wait(round(wall * 1000))
    shown = session.playback.t
    return shown / (time.perf_counter() - before)


def test_speed_box_plays_at_a_quarter_and_four_times(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = open_window(qtbot, "event-loop", "gather", {"tasks": 2, "delay1": 2.5, "delay2": 1.0})
    qtbot.waitUntil(lambda: finished(window), timeout=15_000)
    box = window.playback_bar.speed_box
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)

    def choose(key: Qt.Key) -> float:
        qtbot.keyClick(box, key)
        return float(box.currentData())

    # Home and End pick the slowest and the fastest speed, as a keyboard user would.
    assert choose(Qt.Key.Key_Home) == 0.25
    assert window.session.playback.speed == 0.25
    slow = rate_at(window, qtbot, 0.8)
    assert choose(Qt.Key.Key_End) == 4.0
    assert window.session.playback.speed == 4.0
    fast = rate_at(window, qtbot, 0.4)
    while float(box.currentData()) != 1.0:
        choose(Qt.Key.Key_Up)
    assert window.session.playback.speed == 1.0
    normal = rate_at(window, qtbot, 0.8)
    # Relative to 1x measured the same way, so a busy machine's tick jitter cancels out.
    assert 0.1 < slow / normal < 0.45, (slow, normal)
    assert 2.5 < fast / normal < 6.0, (fast, normal)
    close(window, qtbot, qt_loop)


def test_step_back_and_forward_while_the_code_runs(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = open_window(qtbot, "event-loop", "gather", {"tasks": 3, "delay1": 3.0})
    session = window.session
    qtbot.waitUntil(
        lambda: (
            len(session.timeline) > 10
            and session.timeline.index_at(session.playback.t) > 3  # two events to step back to
        ),
        timeout=10_000,
    )
    assert session.running
    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)
    shown = session.playback.t
    expected = session.timeline.prev_event_time(shown)
    assert expected is not None
    qtbot.keyClick(window.canvas, Qt.Key.Key_Left)
    assert not session.playback.playing
    assert session.playback.t == expected < shown
    earlier = session.timeline.prev_event_time(expected)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Left)
    assert session.playback.t == earlier
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    assert session.playback.t == expected
    # the code kept running and recording underneath the paused picture
    count = len(session.timeline)
    qtbot.waitUntil(lambda: len(session.timeline) > count, timeout=5_000)
    assert session.running and session.playback.t == expected
    close(window, qtbot, qt_loop)


def polls_between(events: Any, lo: float, hi: float) -> int:
    count = 0
    for e in events:
        if lo <= e.t < hi and e.data.get("lane") == SYNC_NONBLOCKING:
            if e.kind == RECV_RAISE:
                count += 1
            elif e.kind == RECV_BATCH:
                count += int(e.data["count"])
    return count


def test_blocking_poll_changed_mid_run_reaches_the_running_code(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = open_window(qtbot, "blocking", SYNC_NONBLOCKING, {"delay": 2.0, "poll": 0.2})
    session = window.session
    recorder = session.recorder
    qtbot.waitUntil(lambda: recorder.now() > 0.8, timeout=10_000)
    slider: Any = window.controls.widget("poll").slider  # type: ignore[attr-defined]
    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus)
    changed_at = recorder.now()
    qtbot.keyClick(slider, Qt.Key.Key_Home)  # the smallest interval: poll as fast as possible
    assert session.values["poll"] == 0.0
    qtbot.waitUntil(lambda: finished(window), timeout=15_000)
    assert session.recorder is recorder, "a live setting must not restart the run"
    sent = next(e.t for e in recorder.events if e.kind == "sent")
    polls_before = polls_between(recorder.events, 0.0, changed_at)
    assert polls_before <= changed_at / 0.2 + 2  # one poll at once, then at most one per 0.2 s
    before = polls_before / changed_at
    after = polls_between(recorder.events, changed_at + 0.05, sent) / (sent - changed_at - 0.05)
    assert after > 10 * before, (before, after)
    close(window, qtbot, qt_loop)
