"""Blocking vs non-blocking: the recorded trace of real loopback I/O and what the scene makes of it.

Core tests run the scene's real code with ``asyncio.run`` and read the recorded events; the Qt
tests at the end run it on the app's kind of loop (qasync) and render the 2x2 view offscreen.
"""

from __future__ import annotations

import asyncio
import itertools
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
from visualizer.scenes.blocking import (
    ALL_FOUR,
    CALLEE,
    CALLER,
    LOOP,
    MAX_DELAY,
    NONE,
    OTHER,
    SCENE,
    BlockingState,
)
from visualizer.scenes.blocking.harness import (
    ASYNC_BLOCKING,
    ASYNC_NONBLOCKING,
    LAG,
    LANE_DONE,
    LANE_START,
    MODES,
    SYNC_BLOCKING,
    SYNC_NONBLOCKING,
)
from visualizer.scenes.blocking.probe import (
    DETAIL_LIMIT,
    RECV_BATCH,
    RECV_CALL,
    RECV_RAISE,
    RECV_RETURN,
    SENT,
)

PRESETS = (*MODES, ALL_FOUR)


async def _run(preset: str, recorder: Recorder, **overrides: object) -> None:
    await SCENE.run(Run(recorder, SCENE.values(overrides), preset))


def record(preset: str, **overrides: object) -> tuple[list[Event], Timeline[BlockingState]]:
    recorder = Recorder()
    asyncio.run(asyncio.wait_for(_run(preset, recorder, **overrides), timeout=30))
    recorder.finish()
    return recorder.events, Timeline(recorder, SCENE.reducer())


def of(events: Iterable[Event], lane: str, *kinds: str) -> list[Event]:
    return [e for e in events if e.data.get("lane") == lane and e.kind in kinds]


def one(events: Iterable[Event], lane: str, kind: str) -> Event:
    found = of(events, lane, kind)
    assert len(found) == 1, f"expected one {kind} on {lane}, got {len(found)}"
    return found[0]


def roles(events: Iterable[Event], lane: str) -> dict[str, str]:
    """Tracer actor -> "reader" or "other", from the tracer's own created events."""
    out = {}
    for e in of(events, lane, "created"):
        out[e.actor] = "other" if e.data["coro"].endswith("other_work") else "reader"
    return out


def holder(timeline: Timeline[BlockingState], lane: str, t: float) -> str:
    return timeline.state_at(t).lanes[lane].holder


def final(timeline: Timeline[BlockingState]) -> BlockingState:
    return timeline.state_at(timeline.end_time())


def open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


def new_threads(before: set[threading.Thread]) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t not in before]


# -- what the issue asks to see in the trace ----------------------------------------------------
def test_sync_nonblocking_draws_every_blockingioerror_and_about_delay_over_interval() -> None:
    delay, interval = 0.3, 0.02
    events, timeline = record(SYNC_NONBLOCKING, delay=delay, poll=interval)
    lane = final(timeline).lanes[SYNC_NONBLOCKING]
    raised_by_recv = len(of(events, SYNC_NONBLOCKING, RECV_RAISE))
    counted_by_caller = one(events, SYNC_NONBLOCKING, LANE_DONE).data["polls"]
    assert lane.polls == raised_by_recv == counted_by_caller
    assert sum(lane.poll_bins) == lane.polls
    expected = delay / interval
    assert 0.5 * expected <= lane.polls <= expected + 2  # each poll sleeps at least interval


def test_polling_as_fast_as_possible_keeps_an_exact_count_in_a_bounded_log() -> None:
    events, timeline = record(SYNC_NONBLOCKING, delay=0.4, poll=0.0)
    lane = final(timeline).lanes[SYNC_NONBLOCKING]
    counted_by_caller = one(events, SYNC_NONBLOCKING, LANE_DONE).data["polls"]
    singles = len(of(events, SYNC_NONBLOCKING, RECV_RAISE))
    batches = of(events, SYNC_NONBLOCKING, RECV_BATCH)
    assert counted_by_caller > DETAIL_LIMIT, "polling at interval 0 should poll a lot"
    assert lane.polls == counted_by_caller == singles + sum(e.data["count"] for e in batches)
    assert singles == DETAIL_LIMIT
    assert len(events) < 2 * DETAIL_LIMIT + 0.4 / 0.01 * 2 + 100


def test_async_nonblocking_another_task_progresses_while_the_socket_waits() -> None:
    events, timeline = record(ASYNC_NONBLOCKING, delay=0.35)
    actor = roles(events, ASYNC_NONBLOCKING)
    reader = next(a for a, r in actor.items() if r == "reader")
    parked = next(
        e
        for e in of(events, ASYNC_NONBLOCKING, "suspended")
        if e.actor == reader and e.data["wait"]["kind"] == "socket"
    )
    resumed = next(
        e for e in of(events, ASYNC_NONBLOCKING, "resumed") if e.actor == reader and e.t > parked.t
    )
    sent = one(events, ASYNC_NONBLOCKING, SENT)
    other_steps = [
        e
        for e in of(events, ASYNC_NONBLOCKING, "suspended")
        if actor.get(e.actor) == "other" and parked.t < e.t < resumed.t
    ]
    assert parked.t < sent.t <= resumed.t
    assert len(other_steps) >= 2
    assert final(timeline).lanes[ASYNC_NONBLOCKING].other_steps_waiting == len(other_steps)


def test_async_blocking_nothing_else_runs_while_recv_blocks_the_loop() -> None:
    delay = 0.35
    events, timeline = record(ASYNC_BLOCKING, delay=delay)
    call = one(events, ASYNC_BLOCKING, RECV_CALL)
    back = one(events, ASYNC_BLOCKING, RECV_RETURN)
    sent = one(events, ASYNC_BLOCKING, SENT)
    during = [e for e in events if call.t < e.t < back.t and e.data.get("lane") == ASYNC_BLOCKING]
    # Only the peer, on its own thread, did anything: no task started, resumed or measured lag.
    assert [e.kind for e in during] == [SENT]
    assert back.t >= sent.t
    lane = final(timeline).lanes[ASYNC_BLOCKING]
    assert lane.other_steps_waiting == 0
    # Timing tolerance on a real run: the loop's own lag monitor saw most of the stall.
    assert lane.stall >= 0.5 * delay
    lags = [e.data["lag"] for e in of(events, ASYNC_BLOCKING, LAG) if e.t >= back.t]
    assert max(lags) == pytest.approx(lane.stall)


def test_sync_blocking_caller_resumes_only_after_the_peer_sent() -> None:
    events, timeline = record(SYNC_BLOCKING, delay=0.25)
    call = one(events, SYNC_BLOCKING, RECV_CALL)
    sent = one(events, SYNC_BLOCKING, SENT)
    back = one(events, SYNC_BLOCKING, RECV_RETURN)
    done = one(events, SYNC_BLOCKING, LANE_DONE)
    assert call.t < sent.t <= back.t <= done.t
    assert back.data["nbytes"] == 5
    lane = final(timeline).lanes[SYNC_BLOCKING]
    assert lane.got_at == back.t and lane.sent_at == sent.t


# -- the token's holder against the trace ------------------------------------------------------
def _mid(a: float, b: float) -> float:
    return (a + b) / 2


@pytest.mark.parametrize("preset", [SYNC_BLOCKING, ALL_FOUR])
def test_holder_sync_blocking_matches_trace(preset: str) -> None:
    events, timeline = record(preset, delay=0.2)
    start = one(events, SYNC_BLOCKING, LANE_START)
    call = one(events, SYNC_BLOCKING, RECV_CALL)
    back = one(events, SYNC_BLOCKING, RECV_RETURN)
    done = one(events, SYNC_BLOCKING, LANE_DONE)
    assert holder(timeline, SYNC_BLOCKING, start.t - 1e-6) == NONE
    assert holder(timeline, SYNC_BLOCKING, _mid(start.t, call.t)) == CALLER
    for k in range(1, 10):
        assert holder(timeline, SYNC_BLOCKING, call.t + (back.t - call.t) * k / 10) == CALLEE
    assert holder(timeline, SYNC_BLOCKING, _mid(back.t, done.t)) == CALLER
    assert holder(timeline, SYNC_BLOCKING, done.t) == NONE


@pytest.mark.parametrize("preset", [SYNC_NONBLOCKING, ALL_FOUR])
def test_holder_sync_nonblocking_matches_trace(preset: str) -> None:
    events, timeline = record(preset, delay=0.2, poll=0.02)
    calls = of(events, SYNC_NONBLOCKING, RECV_CALL)
    raises = of(events, SYNC_NONBLOCKING, RECV_RAISE)
    assert len(raises) >= 3
    for call, raised in list(zip(calls, raises, strict=False))[:5]:
        assert call.t < raised.t
        assert holder(timeline, SYNC_NONBLOCKING, call.t) == CALLEE  # inside recv
        assert holder(timeline, SYNC_NONBLOCKING, raised.t) == CALLER  # BlockingIOError: back
    for raised, next_call in zip(raises, calls[1:], strict=False):
        assert holder(timeline, SYNC_NONBLOCKING, _mid(raised.t, next_call.t)) == CALLER
    back = one(events, SYNC_NONBLOCKING, RECV_RETURN)
    assert holder(timeline, SYNC_NONBLOCKING, back.t) == CALLER


@pytest.mark.parametrize("preset", [ASYNC_NONBLOCKING, ALL_FOUR])
def test_holder_async_nonblocking_matches_trace(preset: str) -> None:
    events, timeline = record(preset, delay=0.3)
    actor = roles(events, ASYNC_NONBLOCKING)
    steps = [
        e
        for e in of(events, ASYNC_NONBLOCKING, "started", "resumed", "suspended")
        if actor.get(e.actor) == "other"
    ]
    pairs = [(a, b) for a, b in itertools.pairwise(steps) if a.kind != "suspended"]
    assert len(pairs) >= 2
    for run, stop in pairs:
        assert holder(timeline, ASYNC_NONBLOCKING, run.t) == OTHER  # the loop handed it control
        assert holder(timeline, ASYNC_NONBLOCKING, stop.t) == LOOP  # it awaited: back to the loop
    idle = [
        (a, b)
        for a, b in itertools.pairwise(steps)
        if a.kind == "suspended" and b.kind == "resumed"
    ]
    for a, b in idle:
        assert holder(timeline, ASYNC_NONBLOCKING, _mid(a.t, b.t)) == LOOP
    reader_calls = of(events, ASYNC_NONBLOCKING, RECV_CALL)
    loop_read = reader_calls[-1]  # the loop's own recv in its reader callback
    assert holder(timeline, ASYNC_NONBLOCKING, loop_read.t) == CALLEE
    reader = next(a for a, r in actor.items() if r == "reader")
    resumed = [e for e in of(events, ASYNC_NONBLOCKING, "resumed") if e.actor == reader][-1]
    assert holder(timeline, ASYNC_NONBLOCKING, resumed.t) == CALLER


@pytest.mark.parametrize("preset", [ASYNC_BLOCKING, ALL_FOUR])
def test_holder_async_blocking_matches_trace(preset: str) -> None:
    events, timeline = record(preset, delay=0.25)
    call = one(events, ASYNC_BLOCKING, RECV_CALL)
    back = one(events, ASYNC_BLOCKING, RECV_RETURN)
    actor = roles(events, ASYNC_BLOCKING)
    reader = next(a for a, r in actor.items() if r == "reader")
    started = next(e for e in of(events, ASYNC_BLOCKING, "started") if e.actor == reader)
    assert holder(timeline, ASYNC_BLOCKING, _mid(started.t, call.t)) == CALLER
    for k in range(1, 10):
        assert holder(timeline, ASYNC_BLOCKING, call.t + (back.t - call.t) * k / 10) == CALLEE
    assert holder(timeline, ASYNC_BLOCKING, back.t) == CALLER


def test_all_four_share_one_clock_and_one_reply_moment() -> None:
    events, timeline = record(ALL_FOUR, delay=0.3, poll=0.02)
    sent = [one(events, mode, SENT).t for mode in MODES]
    assert max(sent) - min(sent) < 0.05
    state = final(timeline)
    assert state.finished and state.own_loop
    assert all(lane.nbytes == 5 and lane.error is None for lane in state.lanes.values())
    # async + blocking stalls only its own loop here: the other async lane kept stepping.
    assert state.lanes[ASYNC_NONBLOCKING].other_steps_waiting >= 2
    assert state.lanes[ASYNC_BLOCKING].other_steps_waiting == 0
    assert state.lanes[ASYNC_BLOCKING].stall >= 0.15


# -- cleaning up -------------------------------------------------------------------------------
async def _start_and_cancel(preset: str, after: float) -> None:
    task = asyncio.create_task(_run(preset, Recorder(), delay=1.0, poll=0.01))
    await asyncio.sleep(after)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert task.cancelled()


@pytest.mark.parametrize("preset", PRESETS)
def test_fifty_runs_and_cancels_leak_no_socket_and_no_thread(preset: str) -> None:
    async def many() -> None:
        for _ in range(50):
            await _run(preset, Recorder(), delay=0.01, poll=0.001)
        for k in range(10):  # restarted or left mid-run, at different moments
            await asyncio.wait_for(_start_and_cancel(preset, 0.005 * k), timeout=10)

    fds, threads = open_fds(), set(threading.enumerate())
    asyncio.run(many())
    assert open_fds() - fds == set(), "a socket was left open"
    assert new_threads(threads) == [], "a thread was left running"


# -- extreme values ----------------------------------------------------------------------------
@pytest.mark.parametrize("preset", PRESETS)
def test_zero_delay_completes_in_every_mode(preset: str) -> None:
    _events, timeline = record(preset, delay=0.0, poll=0.0)
    state = final(timeline)
    assert state.finished
    for lane in state.lanes.values():
        assert lane.nbytes == 5 and lane.error is None and lane.holder == NONE


def test_max_delay_with_poll_interval_zero_in_all_four() -> None:
    events, timeline = record(ALL_FOUR, delay=MAX_DELAY, poll=0.0)
    state = final(timeline)
    assert state.finished
    assert all(lane.nbytes == 5 for lane in state.lanes.values())
    lane = state.lanes[SYNC_NONBLOCKING]
    assert lane.polls == one(events, SYNC_NONBLOCKING, LANE_DONE).data["polls"] > DETAIL_LIMIT
    assert len(events) < 20_000  # replayable: the polls were batched, not logged one by one


def test_out_of_range_settings_are_refused_with_one_line() -> None:
    for overrides in ({"delay": MAX_DELAY + 1}, {"delay": -0.1}, {"poll": "fast"}, {"poll": -1}):
        with pytest.raises(SettingError) as info:
            SCENE.values(overrides)
        assert "\n" not in str(info.value)
        assert next(iter(overrides)) in str(info.value)


# -- words -------------------------------------------------------------------------------------
def _fully_formatted(msg: Msg) -> str:
    args = {k: (_fully_formatted(v) if isinstance(v, Msg) else v) for k, v in msg.args.items()}
    return msg.source.format(**args)  # raises if a placeholder has no value


@pytest.mark.parametrize("preset", PRESETS)
def test_captions_and_metrics_format_at_every_moment(preset: str) -> None:
    _events, timeline = record(preset, delay=0.2, poll=0.03)
    end = timeline.end_time()
    listing = SCENE.preset(preset).source()
    texts = set()
    for k in range(41):
        t = end * k / 40
        state = timeline.state_at(t)
        texts.add(_fully_formatted(SCENE.caption(state, t)))
        for metric in SCENE.metrics(state, t):
            _fully_formatted(metric.label)
        for highlight in SCENE.highlights(state, t):  # every one lands on a shown line
            assert listing.row_of(highlight.filename, highlight.line) is not None
    assert len(texts) >= 2, "the caption should follow what happens"


# -- on the app's loop, with the view ------------------------------------------------------------
def _session_run(qtbot: Any, preset: str, **overrides: object) -> Any:
    from visualizer.session import SceneSession

    session = SceneSession(SCENE, preset, SCENE.values(overrides))
    session.restart()
    qtbot.waitUntil(lambda: bool(session.recorder.finished), timeout=15_000)
    return session


def test_async_blocking_really_stalls_the_apps_qasync_loop(qt_loop: Any, qtbot: Any) -> None:
    ticks: list[float] = []

    async def app_ticker() -> None:  # stands in for the app's own work on the same loop
        while True:
            ticks.append(qt_loop.time())
            await asyncio.sleep(0.01)

    ticker = qt_loop.create_task(app_ticker())
    try:
        session = _session_run(qtbot, ASYNC_BLOCKING, delay=0.3)
    finally:
        ticker.cancel()
    events = session.recorder.events
    call = one(events, ASYNC_BLOCKING, RECV_CALL)
    back = one(events, ASYNC_BLOCKING, RECV_RETURN)
    held = back.t - call.t
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert held >= 0.25
    assert max(gaps) >= 0.8 * held, "the app's own task could not run while recv blocked"
    state = session.frame(session.timeline.end_time()).state
    assert state.lanes[ASYNC_BLOCKING].stall >= 0.5 * held
    qtbot.waitUntil(lambda: not session.running, timeout=5000)


def test_session_restarts_and_leaving_close_everything(qt_loop: Any, qtbot: Any) -> None:
    from visualizer.session import SceneSession

    fds, threads = open_fds(), set(threading.enumerate())
    session = SceneSession(SCENE, ALL_FOUR, SCENE.values({"delay": 2.0, "poll": 0.0}))
    for _ in range(5):
        session.restart()
        qtbot.wait(30)
    closing = qt_loop.create_task(session.aclose())
    qtbot.waitUntil(closing.done, timeout=10_000)
    closing.result()
    assert new_threads(threads) == []
    assert open_fds() - fds == set()


def test_2x2_view_renders_four_non_empty_panels(qt_loop: Any, qtbot: Any) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from visualizer.draw.theme import DARK, LIGHT
    from visualizer.scenes.blocking.view import View, panel_rects

    session = _session_run(qtbot, ALL_FOUR, delay=0.6, poll=0.05)
    view = View(SCENE)
    for theme in (LIGHT, DARK):
        image = QImage(1280, 720, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        # Mid-run: the blocking lanes wait inside recv, the others poll or step.
        frame = session.frame(0.45)
        view.paint(painter, QRectF(0, 0, 1280, 720), frame, theme)
        painter.end()
        path = Path(f"/tmp/blocking_2x2_{theme.name}.png")
        assert image.save(str(path))
        background = theme.background.rgb()
        for rect in panel_rects(4):
            inked = 0
            for i in range(40):
                for j in range(20):
                    x = int(rect.x() + rect.width() * (i + 0.5) / 40)
                    y = int(rect.y() + rect.height() * (j + 0.5) / 20)
                    if image.pixel(x, y) != background:
                        inked += 1
            assert inked > 40, f"panel at {rect} looks empty ({inked} inked probes)"
