"""The loop-lag lane tells the truth: the app's own drawing is not the code's stall.

Each run happens in a real window that paints live (offscreen), on the app's qasync loop, so
the scene's lag monitor wakes up between the window's frames exactly as it does for a user.
What the lag lane draws is read back with the recording painter: red is for a block only.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from tests.support.painting import DrawOp, record_view
from visualizer.core.contract import Frame
from visualizer.core.loop_monitor import BLOCKED_S
from visualizer.core.task_state import LoopState
from visualizer.draw.theme import LIGHT
from visualizer.scenes.event_loop import SCENE
from visualizer.scenes.event_loop.view import LoopPlaces, View
from visualizer.ui.main_window import MainWindow

VALUES = {"tasks": 3, "delay1": 0.6, "delay2": 0.4, "delay3": 0.3}


def _run_in_window(
    qtbot: Any, loop: asyncio.AbstractEventLoop, preset: str, values: dict[str, Any], slow: float
) -> tuple[MainWindow, LoopState, int]:
    """Run ``preset`` in a painting window; each frame of the canvas takes ``slow`` s longer."""
    window = MainWindow("event-loop", preset, values)
    qtbot.addWidget(window)
    paints: list[float] = []
    window.canvas.painted.connect(lambda: paints.append(time.perf_counter()))
    window.show()
    window.start()
    qtbot.waitExposed(window)
    assert window.view is not None and window.session is not None
    if slow:
        view = window.view
        paint = view.paint

        def slow_paint(*args: Any) -> None:  # a heavy picture: the app's own cost, not the code's
            time.sleep(slow)
            paint(*args)

        view.paint = slow_paint  # type: ignore[method-assign]
        window.session.restart()  # the run begins with every frame slow
    session = window.session
    recorder = session.recorder
    qtbot.waitUntil(lambda: recorder.finished, timeout=20_000)
    state: LoopState = session.frame(session.timeline.end_time()).state
    count = len(paints)
    return window, state, count


def _long_gather_window(qtbot: Any) -> MainWindow:
    """A window running gather with waits of seconds: the code still runs while a test acts."""
    long = {"tasks": 3, "delay1": 3.0, "delay2": 2.8, "delay3": 2.6}
    window = MainWindow("event-loop", "gather", long)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitExposed(window)
    return window


def _close(window: MainWindow, loop: asyncio.AbstractEventLoop, qtbot: Any) -> None:
    window.close()
    done = loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


def _lag_row(state: LoopState) -> tuple[float, float]:
    """The lag lane's top and bottom in the 1280x720 design space (the view's own layout)."""
    lanes = LoopPlaces().lanes
    rows = 1 + len(state.tasks) + len(state.threads)
    top = lanes.y() + 28
    return top, top + min(18.0, (lanes.height() - 46) / rows)


def _red_lag_bars(state: LoopState) -> list[DrawOp]:
    end = max(t for t, _lag in state.lags) if state.lags else 0.0
    frame = Frame(state, end, end, True)
    picture = record_view(View(SCENE), frame, LIGHT)
    top, bottom = _lag_row(state)
    red = LIGHT.danger.name()
    return [
        op
        for op in picture.of("fill")
        if op.brush == red and op.rect[1] >= top - 1 and op.rect[1] + op.rect[3] <= bottom + 1
    ]


@pytest.mark.parametrize("preset", ["gather", "to-thread"])
@pytest.mark.parametrize("slow", [0.0, 0.08])
def test_presets_without_a_block_draw_no_red_lag_in_a_painting_window(
    preset: str, slow: float, qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window, state, paints = _run_in_window(qtbot, qt_loop, preset, VALUES, slow)
    try:
        assert paints >= 5, "the window must paint live while the code runs"
        assert not state.errors
        assert state.lags, "the scene's monitor measured the loop"
        # Frames of 80 ms are the app's own cost: measured and not counted as the code's stall.
        assert state.max_lag() < BLOCKED_S, state.lags
        assert _red_lag_bars(state) == []
        shown = window.lag_label.text()
        assert "Loop blocked by the code" in shown and "ms" not in shown, shown
    finally:
        _close(window, qt_loop, qtbot)


def test_the_time_sleep_stall_is_red_and_measured_within_ten_percent(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    blocking = 0.6
    values = {"tasks": 3, "delay1": blocking, "delay2": 0.2, "delay3": 0.1}
    window, state, _paints = _run_in_window(qtbot, qt_loop, "time-sleep", values, 0.0)
    try:
        stall = state.max_lag()
        assert abs(stall - blocking) <= 0.1 * blocking, stall
        bars = _red_lag_bars(state)
        assert bars, "the stall must be drawn red"
        # The red bar spans the stall on the lane's time axis (1280x720: device = design).
        widest = max(op.rect[2] for op in bars)
        lanes = LoopPlaces().lanes
        x0, x1 = lanes.x() + 12 + 120.0, lanes.right() - 16
        end = max(t for t, _lag in state.lags)
        drawn = widest / (x1 - x0) * max(end, 0.5)
        assert abs(drawn - blocking) <= 0.1 * blocking, drawn
        # The status bar's one figure says the same, in words and seconds.
        qtbot.waitUntil(lambda: f"{window.lag_monitor.worst:.2f} s" in window.lag_label.text())
        assert abs(window.lag_monitor.worst - blocking) <= 0.1 * blocking
    finally:
        _close(window, qt_loop, qtbot)


def test_a_stall_after_the_code_has_finished_is_not_the_codes(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    """The status bar's figure is the running code's: once a run is over, the loop's stalls are
    the app's (a theme or language switch restyles every widget) and are not counted."""
    window, _state, _paints = _run_in_window(qtbot, qt_loop, "gather", VALUES, 0.0)
    try:
        session = window.session
        assert session is not None
        qtbot.waitUntil(lambda: not session.running, timeout=5_000)
        qtbot.wait(200)
        before = window.lag_monitor.worst
        assert before < BLOCKED_S, before
        qt_loop.call_soon(time.sleep, 0.3)  # a block of the loop with no scene code running
        qtbot.wait(500)
        window.choose_theme("dark")
        window.choose_language("ko")
        qtbot.wait(300)
        assert window.lag_monitor.worst == before
        assert "0.30" not in window.lag_label.text()
    finally:
        window.choose_language("en")
        _close(window, qt_loop, qtbot)


def test_a_language_or_theme_switch_while_the_code_runs_is_measured_as_the_apps_work(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    """Qt posts a switch's LanguageChange and restyling events to every widget; delivered in a
    later turn of the loop the code shares, they were counted as the code's stall. Each one a
    widget receives must now fall inside the app's own measured work."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from visualizer.core.loop_accounting import HOST_WORK

    kinds = {QEvent.Type.LanguageChange, QEvent.Type.StyleChange, QEvent.Type.PaletteChange}
    seen: list[tuple[QEvent.Type, float]] = []

    class Watch(QObject):
        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() in kinds:
                seen.append((event.type(), time.monotonic()))
            return False

    window = _long_gather_window(qtbot)
    app = QApplication.instance()
    assert app is not None
    watch = Watch()
    try:
        qtbot.wait(200)
        app.installEventFilter(watch)
        for language, theme in (("ko", "dark"), ("en", "light")):
            assert window.session is not None and window.session.running
            window.choose_language(language)
            window.choose_theme(theme)
            qtbot.wait(200)
    finally:
        app.removeEventFilter(watch)
        window.choose_language("en")
        _close(window, qt_loop, qtbot)
    assert {kind for kind, _ in seen} >= {QEvent.Type.LanguageChange}, seen[:5]
    outside = [(kind, at) for kind, at in seen if HOST_WORK.within(at - 1e-4, at + 1e-4) == 0]
    assert not outside, f"{len(outside)} of {len(seen)} delivered outside the app's work"


def test_qt_work_between_callbacks_is_not_the_codes_and_a_callback_stall_is(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    """Only asyncio callbacks run the code on the app's loop. A stall in Qt's own work between
    them (here a Qt timer that sleeps, as a relayout after a resize or presentation mode does
    its work) is not counted as blocked by the code; the same stall in a callback is."""
    from PySide6.QtCore import QTimer

    window = _long_gather_window(qtbot)
    try:
        qtbot.wait(300)
        session = window.session
        assert session is not None and session.running
        before = window.lag_monitor.worst
        QTimer.singleShot(0, lambda: time.sleep(0.25))  # Qt's work: no asyncio callback
        qtbot.wait(400)
        assert session.running
        assert window.lag_monitor.worst < max(before, BLOCKED_S), window.lag_monitor.worst
        qt_loop.call_soon(time.sleep, 0.25)  # the same stall inside a callback
        qtbot.wait(400)
        assert session.running
        assert abs(window.lag_monitor.worst - 0.25) < 0.05, window.lag_monitor.worst
    finally:
        _close(window, qt_loop, qtbot)
