"""The event-loop scene runs real asyncio code on the app's qasync loop and measures it."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest
from PySide6.QtWidgets import QSlider

from visualizer.core.task_state import LoopState
from visualizer.scenes.event_loop import SCENE, presets
from visualizer.session import SceneSession
from visualizer.ui.main_window import MainWindow

TOLERANCE = 0.06  # the tolerance for a real run on this machine


def drag(slider: QSlider, position: int) -> None:
    """Move a slider the way a mouse drag does: pressed, moved, released."""
    slider.setSliderDown(True)
    slider.setSliderPosition(position)
    slider.setSliderDown(False)


def set_by_drag(window: MainWindow, key: str, value: float) -> None:
    widget: Any = window.controls.widget(key)
    setting = widget.setting
    drag(widget.slider, round((value - setting.minimum) / setting.step))


def finished_state(window: MainWindow, qtbot: Any, previous: object) -> LoopState:
    qtbot.waitUntil(
        lambda: (
            window.session is not None
            and window.session.recorder is not previous
            and window.session.recorder.finished
        ),
        timeout=10_000,
    )
    assert window.session is not None
    state: LoopState = window.session.frame(window.session.timeline.end_time()).state
    return state


def close(window: MainWindow, qtbot: Any, loop: asyncio.AbstractEventLoop) -> None:
    window.close()
    done = loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)


def test_sliders_drive_the_measured_duration(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = MainWindow("event-loop", "gather")
    qtbot.addWidget(window)
    window.show()
    window.start()
    assert window.session is not None
    before = window.session.recorder
    set_by_drag(window, "tasks", 3)
    for key, value in (("delay1", 0.3), ("delay2", 0.2), ("delay3", 0.1)):
        set_by_drag(window, key, value)
    assert [window.session.values[f"delay{i}"] for i in (1, 2, 3)] == [0.3, 0.2, 0.1]
    gathered = finished_state(window, qtbot, before)
    elapsed = gathered.elapsed()
    assert elapsed is not None and abs(elapsed - 0.3) <= TOLERANCE, elapsed

    before = window.session.recorder
    window.preset_list.setCurrentRow(
        next(i for i, p in enumerate(SCENE.presets) if p.key == "sequential")
    )
    sequential = finished_state(window, qtbot, before)
    elapsed = sequential.elapsed()
    assert elapsed is not None and abs(elapsed - 0.6) <= TOLERANCE, elapsed

    # The duration follows the slider: a longer first delay makes the sequential run longer.
    before = window.session.recorder
    set_by_drag(window, "delay1", 0.5)
    longer = finished_state(window, qtbot, before)
    elapsed = longer.elapsed()
    assert elapsed is not None and abs(elapsed - 0.8) <= TOLERANCE, elapsed
    assert len(longer.tasks) == 1  # sequential awaits run in the one main task
    close(window, qtbot, qt_loop)


def run_session(qtbot: Any, loop: asyncio.AbstractEventLoop, preset: str, **values: Any) -> Any:
    session: SceneSession[LoopState] = SceneSession(SCENE, preset, SCENE.values(values))
    session.restart()
    qtbot.waitUntil(lambda: session.recorder.finished, timeout=15_000)
    closing = loop.create_task(session.aclose())
    qtbot.waitUntil(closing.done)
    return session


def test_time_sleep_stalls_the_loop_and_freezes_other_tasks(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    blocking = 0.5
    session = run_session(
        qtbot, qt_loop, "time-sleep", tasks=3, delay1=blocking, delay2=0.1, delay3=0.1
    )
    state: LoopState = session.frame(session.timeline.end_time()).state
    assert state.max_lag() >= 0.8 * blocking
    tasks = list(state.tasks.values())
    blocker = next(t for t in tasks if t.coro.endswith("blocking_fetch"))
    others = [t for t in tasks if t.coro.endswith(".fetch") or t.coro == "fetch"]
    assert others
    blocker_run = next(s for s in blocker.segments if s.state == "running")
    assert blocker_run.end is not None and blocker_run.end - blocker_run.start >= 0.9 * blocking
    for other in others:
        first_run = next(s for s in other.segments if s.state == "running")
        # Frozen: no other task got a single step while the blocking call held the thread.
        assert first_run.start >= blocker_run.end
    # During the stall, the timeline shows the blocker running and the loop stalled.
    middle = blocker_run.start + blocking / 2
    at_middle = session.frame(middle).state
    assert at_middle.running == blocker.actor
    assert middle - at_middle.tasks[blocker.actor].since >= blocking / 2 - 0.01
    # While it blocks, the code panel points at the blocking line, found by the long-step watcher.
    lines, first = inspect.getsourcelines(presets.blocking_fetch)
    sleep_line = first + next(i for i, text in enumerate(lines) if "time.sleep" in text)
    assert (presets.__file__, sleep_line) in {
        (h.filename, h.line) for h in SCENE.highlights(at_middle, middle)
    }
    assert f"line {sleep_line}" in SCENE.caption(at_middle, middle).render()
    assert set(at_middle.ready) == {t.actor for t in others}  # queued, frozen


def test_to_thread_keeps_the_loop_free(qt_loop: asyncio.AbstractEventLoop, qtbot: Any) -> None:
    session = run_session(qtbot, qt_loop, "to-thread", tasks=2, delay1=0.4, delay2=0.1)
    state: LoopState = session.frame(session.timeline.end_time()).state
    assert len(state.threads) == 1
    lane = next(iter(state.threads.values())).segments[0]
    assert lane.end is not None and lane.end - lane.start >= 0.35
    other = next(
        t for t in state.tasks.values() if t.coro.endswith("fetch") and "threaded" not in t.coro
    )
    assert other.ended is not None and other.ended < lane.end  # progressed while the thread slept
    assert state.max_lag() < 0.4 / 2


@pytest.mark.parametrize("preset", [p.key for p in SCENE.presets])
def test_every_preset_runs_and_elapsed_matches_its_shape(
    preset: str, qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    delays = {"tasks": 3, "delay1": 0.3, "delay2": 0.2, "delay3": 0.1}
    session = run_session(qtbot, qt_loop, preset, **delays)
    state: LoopState = session.frame(session.timeline.end_time()).state
    assert not state.errors
    elapsed = state.elapsed()
    assert elapsed is not None
    total, longest = 0.6, 0.3
    # The app's loop never ends a sleep early, so each lower bound is exact.
    if preset in ("sequential", "coroutine-object"):
        assert elapsed >= total  # one after another
    elif preset == "time-sleep":
        # job1 holds the thread for its whole delay before the others even start.
        assert elapsed >= longest + 0.2
    else:
        assert longest <= elapsed < (longest + total) / 2  # overlapped
    caption = SCENE.caption(state, session.timeline.end_time())
    assert "finished" in caption.source


def test_coroutine_object_preset_shows_the_body_starting_late(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    session = run_session(qtbot, qt_loop, "coroutine-object", tasks=2, delay1=0.05, delay2=0.2)
    state: LoopState = session.frame(session.timeline.end_time()).state
    (coro,) = state.coroutines.values()
    assert coro.state == "CORO_CLOSED"
    assert coro.started is not None and coro.started - coro.created >= 0.2  # job2 awaited first
    before_awaited = coro.created + 0.1
    early = session.frame(before_awaited).state
    assert "only made a coroutine object" in SCENE.caption(early, before_awaited).source


def test_status_bar_shows_the_stall_of_the_apps_own_loop(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = MainWindow("event-loop", "time-sleep", {"tasks": 2, "delay1": 0.4, "delay2": 0.1})
    qtbot.addWidget(window)
    window.show()
    window.start()
    assert window.session is not None
    qtbot.waitUntil(
        lambda: bool(window.session and window.session.recorder.finished), timeout=10_000
    )
    qtbot.waitUntil(lambda: window.lag_monitor.worst >= 0.8 * 0.4, timeout=5_000)
    qtbot.waitUntil(lambda: f"{window.lag_monitor.worst:.2f} s" in window.lag_label.text())
    close(window, qtbot, qt_loop)
