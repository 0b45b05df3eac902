"""Sync vs async: A really calls B, and the recorded call stacks say who waited for whom.

Core tests run the scene's real code with ``asyncio.run`` and read the recorded push/pop events;
the Qt test at the end runs it through a session on the app's kind of loop and renders the view.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from visualizer.core.contract import Run, SettingError
from visualizer.core.recorder import Event, Recorder
from visualizer.core.text import Msg
from visualizer.core.timeline import Timeline
from visualizer.scenes.registry import load_scene, load_view_class, scene_names
from visualizer.scenes.sync_async import MAX_CALLS, MAX_WORK, SCENE, SyncAsyncState
from visualizer.scenes.sync_async import presets as code
from visualizer.scenes.sync_async.host import A_THREAD, AWAIT, CALLBACK, HOST_DONE, MODES, SYNC
from visualizer.scenes.sync_async.probe import POP, PUSH


async def _run(preset: str, recorder: Recorder, **overrides: object) -> None:
    await SCENE.run(Run(recorder, SCENE.values(overrides), preset))


def record(preset: str, **overrides: object) -> tuple[list[Event], Timeline[SyncAsyncState]]:
    recorder = Recorder()
    asyncio.run(asyncio.wait_for(_run(preset, recorder, **overrides), timeout=60))
    recorder.finish()
    return recorder.events, Timeline(recorder, SCENE.reducer())


def stack_events(events: Iterable[Event], fn: str, kind: str) -> list[Event]:
    return [e for e in events if e.kind == kind and e.data.get("fn") == fn]


def final(timeline: Timeline[SyncAsyncState]) -> SyncAsyncState:
    return timeline.state_at(timeline.end_time())


def stack_at(timeline: Timeline[SyncAsyncState], thread: str, t: float) -> list[str]:
    state = timeline.state_at(t)
    return [f.fn for f in state.threads[thread].stack] if thread in state.threads else []


def open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


def test_both_scenes_are_registered_in_order_with_views() -> None:
    names = scene_names()
    assert names.index("event-loop") + 1 == names.index("sync-async")
    assert names.index("sync-async") + 1 == names.index("blocking")
    for name in ("sync-async", "blocking"):
        assert load_scene(name).name == name
        assert load_view_class(name).__name__ == "View"


# -- synchronous: A waits under B --------------------------------------------------------------
def test_sync_a_sits_under_b_and_nothing_else_runs_on_its_thread() -> None:
    calls, work, own = 3, 0.2, 0.05
    events, timeline = record(SYNC, calls=calls, work=work, own=own)
    pushes = stack_events(events, "b_work", PUSH)
    pops = stack_events(events, "b_work", POP)
    assert [e.data["call"] for e in pushes] == [1, 2, 3]
    assert {e.actor for e in pushes + pops} == {A_THREAD}, "B runs on A's own thread"
    for push, pop in zip(pushes, pops, strict=True):
        between = [e for e in events if push.t < e.t < pop.t and e.actor == A_THREAD]
        assert between == [], "nothing else may run on A's thread while B works"
        mid = (push.t + pop.t) / 2
        assert stack_at(timeline, A_THREAD, mid) == ["a_sync", "b_work"]
        assert pop.t - push.t >= work  # B really worked that long
    for earlier, later in zip(pops, pushes[1:], strict=False):
        assert earlier.t < later.t, "A calls the next B only after the last one returned"
    state = final(timeline)
    assert set(state.threads) == {A_THREAD}
    total = state.total()
    assert total is not None
    expected = calls * (work + own)
    assert 0.95 * calls * work + (calls - 1) * own <= total <= expected + 0.5


# -- asynchronous with a callback ----------------------------------------------------------------
def test_callback_a_carries_on_and_results_come_back_on_as_thread() -> None:
    calls, work, own = 3, 0.3, 0.05
    events, timeline = record(CALLBACK, calls=calls, work=work, own=own)
    starts = {e.data["call"]: e for e in stack_events(events, "b_work", PUSH)}
    ends = {e.data["call"]: e for e in stack_events(events, "b_work", POP)}
    callbacks = {e.data["call"]: e for e in stack_events(events, "on_result", PUSH)}
    a_returned = stack_events(events, "a_with_callbacks", POP)[0]
    assert set(starts) == set(ends) == set(callbacks) == {1, 2, 3}
    assert all(e.actor != A_THREAD for e in starts.values()), "B runs on worker threads"
    assert len({e.actor for e in starts.values()}) == calls
    assert all(e.actor == A_THREAD for e in callbacks.values()), "callbacks run on A's thread"
    for call in starts:
        assert ends[call].t <= callbacks[call].t
    assert starts[2].t < ends[1].t, "A started B #2 without waiting for B #1"
    assert a_returned.t < min(e.t for e in callbacks.values()), "A returned before any result"
    state = final(timeline)
    total = state.total()
    assert total is not None
    assert total < calls * work  # overlapped: far less than N × B
    assert total >= work
    assert total <= calls * own + work + 0.5


# -- asynchronous, awaited later ---------------------------------------------------------------
def test_await_suspends_a_off_the_stack_until_bs_answer() -> None:
    calls, work, own = 3, 0.3, 0.02
    events, timeline = record(AWAIT, calls=calls, work=work, own=own)
    suspends = [
        e for e in stack_events(events, "a_awaits_later", POP) if e.data["how"] == "suspend"
    ]
    resumes = [e for e in stack_events(events, "a_awaits_later", PUSH) if e.data["how"] == "resume"]
    assert suspends and len(resumes) == len(suspends)
    b_ends = stack_events(events, "b_work", POP)
    for gone, back in zip(suspends, resumes, strict=True):
        assert gone.t < back.t
        assert stack_at(timeline, A_THREAD, (gone.t + back.t) / 2) == [], "A is off the stack"
        assert any(gone.t <= e.t <= back.t for e in b_ends), "a B answer woke A up"
    collected = [e for e in stack_events(events, "collect", POP) if e.data["how"] == "return"]
    assert [e.data["call"] for e in collected] == [1, 2, 3]
    total = final(timeline).total()
    assert total is not None
    assert work <= total <= calls * own + work + 0.5


def test_sync_takes_about_n_times_longer_than_async() -> None:
    calls, work = 4, 0.15
    totals = {}
    for preset in MODES:
        _events, timeline = record(preset, calls=calls, work=work, own=0.0)
        total = final(timeline).total()
        assert total is not None
        totals[preset] = total
    assert totals[SYNC] >= calls * work
    for preset in (CALLBACK, AWAIT):
        assert totals[preset] < totals[SYNC] - (calls - 2) * work


# -- the code panel ------------------------------------------------------------------------------
def test_highlights_follow_the_real_stack() -> None:
    events, timeline = record(SYNC, calls=1, work=0.2, own=0.0)
    push = stack_events(events, "b_work", PUSH)[0]
    pop = stack_events(events, "b_work", POP)[0]
    t = (push.t + pop.t) / 2
    lines = {h.line for h in SCENE.highlights(timeline.state_at(t), t)}
    source, first = inspect.getsourcelines(code.b_work)
    sleep_line = first + next(i for i, text in enumerate(source) if "time.sleep" in text)
    call_source, call_first = inspect.getsourcelines(code.a_sync)
    call_line = call_first + next(i for i, text in enumerate(call_source) if "b_work(" in text)
    assert lines == {sleep_line, call_line}


# -- cleaning up and extreme values --------------------------------------------------------------
async def _start_and_cancel(preset: str, after: float) -> None:
    task = asyncio.create_task(_run(preset, Recorder(), calls=MAX_CALLS, work=0.3, own=0.1))
    await asyncio.sleep(after)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert task.cancelled()


@pytest.mark.parametrize("preset", MODES)
def test_runs_and_cancels_leak_no_thread(preset: str) -> None:
    async def many() -> None:
        for _ in range(20):
            await _run(preset, Recorder(), calls=3, work=0.0, own=0.0)
        for k in range(5):
            await asyncio.wait_for(_start_and_cancel(preset, 0.02 * k), timeout=10)

    fds, threads = open_fds(), set(threading.enumerate())
    asyncio.run(many())
    assert [t for t in threading.enumerate() if t not in threads] == []
    assert open_fds() - fds == set()


@pytest.mark.parametrize("preset", MODES)
@pytest.mark.parametrize(
    "overrides",
    [
        {"calls": 1, "work": 0.0, "own": 0.0},
        {"calls": MAX_CALLS, "work": 0.0, "own": 0.0},
        {"calls": 1, "work": MAX_WORK, "own": 0.0},
    ],
)
def test_extreme_values_finish_with_every_result(preset: str, overrides: dict[str, Any]) -> None:
    events, timeline = record(preset, **overrides)
    state = final(timeline)
    assert state.delivered == overrides["calls"]
    assert state.errors == [] and not state.stopped
    assert [e.kind for e in events].count(HOST_DONE) == 1


def test_out_of_range_settings_are_refused_with_one_line() -> None:
    bad = ({"calls": 0}, {"calls": MAX_CALLS + 1}, {"calls": 2.5}, {"work": -1}, {"own": "x"})
    for overrides in bad:
        with pytest.raises(SettingError) as info:
            SCENE.values(overrides)
        assert "\n" not in str(info.value)


def _fully_formatted(msg: Msg) -> str:
    args = {k: (_fully_formatted(v) if isinstance(v, Msg) else v) for k, v in msg.args.items()}
    return msg.source.format(**args)


@pytest.mark.parametrize("preset", MODES)
def test_captions_and_metrics_format_at_every_moment(preset: str) -> None:
    _events, timeline = record(preset, calls=3, work=0.15, own=0.05)
    end = timeline.end_time()
    listing = SCENE.preset(preset).source()
    texts = set()
    highlighted = 0
    for k in range(41):
        t = end * k / 40
        state = timeline.state_at(t)
        texts.add(_fully_formatted(SCENE.caption(state, t)))
        for metric in SCENE.metrics(state, t):
            _fully_formatted(metric.label)
        for highlight in SCENE.highlights(state, t):  # every one lands on a shown line
            assert listing.row_of(highlight.filename, highlight.line) is not None
            highlighted += 1
    assert len(texts) >= 3, "the caption should follow what happens"
    assert highlighted > 0


# -- on the app's loop, with the view ------------------------------------------------------------
@pytest.mark.parametrize("preset", MODES)
def test_view_renders_a_session_run_on_the_app_loop(preset: str, qt_loop: Any, qtbot: Any) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from visualizer.draw.theme import LIGHT
    from visualizer.scenes.sync_async.view import View, layout
    from visualizer.session import SceneSession

    session = SceneSession(SCENE, preset, SCENE.values({"calls": 4, "work": 0.3, "own": 0.05}))
    session.restart()
    qtbot.waitUntil(lambda: bool(session.recorder.finished), timeout=15_000)
    qtbot.waitUntil(lambda: not session.running, timeout=5000)
    view = View(SCENE)
    image = QImage(1280, 720, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    frame = session.frame(0.25)  # mid-run: B calls working
    view.paint(painter, QRectF(0, 0, 1280, 720), frame, LIGHT)
    painter.end()
    assert image.save(str(Path(f"/tmp/sync_async_{preset}.png")))
    for rect in layout(frame.state):
        inked = 0
        for i in range(30):
            for j in range(12):
                x = int(rect.x() + rect.width() * (i + 0.5) / 30)
                y = int(rect.y() + rect.height() * (j + 0.5) / 12)
                if image.pixel(x, y) != LIGHT.panel.rgb():
                    inked += 1
        assert inked > 8, f"section {rect} looks empty"
    assert frame.state.running_b() >= (1 if preset == SYNC else 2)
