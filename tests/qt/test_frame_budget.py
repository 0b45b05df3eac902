"""Painting costs frames only when the picture changes, and never bends the timings it shows.

The scenes' code runs on the window's own loop, in the thread that paints: a frame painted for
nothing is time taken from the code, and shows up in its measured timings.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

from visualizer.scenes.event_loop import SCENE as EVENT_LOOP
from visualizer.scenes.event_loop.scene import delays_of
from visualizer.session import SceneSession
from visualizer.ui.main_window import MainWindow, tick_ms

LONG = {"tasks": 3, "delay1": 4.0, "delay2": 4.0, "delay3": 4.0}


def _open(qtbot: Any, preset: str, values: dict[str, object]) -> tuple[MainWindow, list[float]]:
    window = MainWindow("event-loop", preset, values)
    qtbot.addWidget(window)
    paints: list[float] = []
    window.canvas.painted.connect(lambda: paints.append(time.perf_counter()))
    window.show()
    window.start()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: bool(paints), timeout=5000)
    return window, paints


def _close(window: MainWindow, loop: asyncio.AbstractEventLoop, qtbot: Any) -> None:
    window.close()
    done = loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


def test_a_paused_window_paints_no_frames_while_its_code_runs(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window, paints = _open(qtbot, "gather", LONG)
    assert window.session is not None
    window.toggle_play()
    assert not window.session.playback.playing
    qtbot.wait(200)  # the repaint asked for by the pause itself
    before = len(paints)
    qtbot.wait(1000)
    assert window.session.running  # the code went on running: only the picture held still
    assert len(paints) == before
    _close(window, qt_loop, qtbot)


def test_a_finished_run_paints_no_frames(qt_loop: asyncio.AbstractEventLoop, qtbot: Any) -> None:
    window, paints = _open(qtbot, "gather", {"tasks": 2, "delay1": 0.2, "delay2": 0.1})
    session = window.session
    assert session is not None
    qtbot.waitUntil(lambda: session.recorder.finished and not session.running, timeout=5000)
    qtbot.waitUntil(lambda: session.playback.t >= session.timeline.end_time(), timeout=5000)
    qtbot.wait(200)
    before = len(paints)
    qtbot.wait(1000)
    assert len(paints) == before
    _close(window, qt_loop, qtbot)


def test_a_live_run_paints_at_most_one_frame_per_display_refresh(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window, paints = _open(qtbot, "gather", LONG)
    assert window.session is not None and window.session.playback.live
    start = time.perf_counter()
    first = len(paints)
    qtbot.wait(1000)
    elapsed = time.perf_counter() - start
    assert window.session.running
    refresh_s = tick_ms(window.screen()) / 1000
    painted = len(paints) - first
    # Ticks in a window of length T come at most T / refresh + 1 times (one may fall on its
    # start), and a paint asked for just before the window may land in it: two boundary frames.
    # A frame painted twice per tick, or painted outside the tick, doubles the count.
    assert 0 < painted <= elapsed / refresh_s + 2
    _close(window, qt_loop, qtbot)


async def _gather_total_without_window() -> float:
    session: SceneSession[Any] = SceneSession(EVENT_LOOP, "gather", EVENT_LOOP.values())
    assert await session.record_for(10.0)
    total = session.timeline.state_at(session.recorder.newest_time()).elapsed()
    assert total is not None
    return float(total)


def test_painting_does_not_change_the_gather_presets_measured_total(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    """A real-run timing tolerance: medians of three runs each, with painting and without."""
    with_window: list[float] = []
    without: list[float] = []
    for _ in range(3):
        window, _paints = _open(qtbot, "gather", {})
        session = window.session
        assert session is not None
        qtbot.waitUntil(lambda s=session: s.recorder.finished and not s.running, timeout=10_000)
        total = session.timeline.state_at(session.recorder.newest_time()).elapsed()
        assert total is not None
        with_window.append(total)
        _close(window, qt_loop, qtbot)
        task = qt_loop.create_task(_gather_total_without_window())
        qtbot.waitUntil(task.done, timeout=15_000)
        without.append(task.result())
    # True first: gather takes at least as long as its longest wait, painted or not (on a loop
    # whose timers fire early, both totals came out 20-45 ms short of it).
    longest = max(delays_of(EVENT_LOOP.values()))
    assert min(with_window + without) >= longest, (with_window, without)
    difference = abs(statistics.median(with_window) - statistics.median(without))
    assert difference < 0.020, (with_window, without)


def test_a_repaint_waits_one_tick_for_a_timer_of_the_code_that_is_due_sooner_than_a_paint(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    """The picture gives way to the code's imminent timer, once, never twice in a row."""
    from visualizer.ui.window_frames import paint_would_delay

    assert paint_would_delay(0.004, 0.010)  # due before a 10 ms paint would end
    assert not paint_would_delay(0.050, 0.010)
    assert not paint_would_delay(0.5, 1.0)  # a slow paint holds a frame back 30 ms at most
    window, _paints = _open(qtbot, "gather", LONG)
    try:
        window.canvas.paint_cost = 0.010
        soon = qt_loop.call_later(0.001, lambda: None)
        assert window._paint_would_delay_the_code()
        assert not window._paint_would_delay_the_code()  # a frame is not held back twice
        soon.cancel()
    finally:
        _close(window, qt_loop, qtbot)
