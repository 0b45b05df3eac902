"""Every scene's picture, as data: each section drawn, with the items a real run's state holds.

A recording painter (tests/support/painting.py) keeps every text, box, bar and token a view
paints. Each test draws a real recorded run at its end and half way through, in both themes, and
checks what must be there for that state: the section titles, one stack column and one lane per
task, one bar per recorded segment, each call of B, the four blocking panels with their own
contents, the queue's measured numbers. A view that stops after its header, or panels that draw
only their box, fail here.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from tests.support.painting import Picture, Rect, record_view
from tests.support.runs import QUICK_EVENT_LOOP, recorded, view_of
from visualizer.core.task_state import LoopState
from visualizer.draw.i18n import tr_msg
from visualizer.draw.theme import DARK, LIGHT, Theme
from visualizer.scenes.blocking import ALL_FOUR
from visualizer.scenes.blocking.harness import LANE_DONE, MODES, SYNC_NONBLOCKING
from visualizer.scenes.blocking.view import panel_rects
from visualizer.scenes.registry import load_scene
from visualizer.scenes.sync_async.host import SYNC

# The themes' backgrounds and panels, written out here rather than read from the code.
BACKGROUND = {"light": "#fafaf7", "dark": "#1b1d21"}
PANEL = {"light": "#efefea", "dark": "#26292f"}
THEMES = [pytest.param(LIGHT, id="light"), pytest.param(DARK, id="dark")]
MOMENTS = [pytest.param(1.0, id="end"), pytest.param(0.5, id="mid-run")]


def draw(scene: str, recording: Any, fraction: float, theme: Theme) -> tuple[Picture, Any, float]:
    t = recording.end * fraction
    frame = recording.frame(t)
    return record_view(view_of(scene), frame, theme), frame.state, frame.t


def check_background(picture: Picture, theme: Theme) -> None:
    first = picture.ops[0]
    assert first.op == "fill" and first.rect == (0.0, 0.0, 1280.0, 720.0)
    assert first.brush == BACKGROUND[theme.name]
    corner = QColor(picture.image.pixel(1, 1)).name()
    assert corner == BACKGROUND[theme.name]


def titles_in_order(picture: Picture, *fragments: str) -> None:
    """Each section title is drawn, top-left to bottom-right in the order given."""
    positions = [picture.text_op(f).rect for f in fragments]
    assert positions == sorted(positions, key=lambda r: (round(r[1] / 50), r[0])), positions


def shows(label: str, texts: list[str]) -> bool:
    """``label`` is drawn whole, or elided to fit (``"fetch(j…"``)."""
    return any(t == label or (t.endswith("…") and label.startswith(t[:-1])) for t in texts)


def lane_marks(picture: Picture, area: Rect) -> Counter[str]:
    """Colours of the bars, boxes and lines of lanes (no taller than a row: not the playhead)."""
    return Counter(
        op.colour
        for op in picture.within(area, "fill", "rect", "line")
        if op.colour is not None and op.rect[3] <= 20
    )


# -- event loop ---------------------------------------------------------------------------------
EVENT_LOOP_PRESETS = [p.key for p in load_scene("event-loop").presets]
LOOP_BOX: Rect = (20, 56, 400, 118)
STACKS: Rect = (440, 190, 820, 290)
LANES: Rect = (20, 496, 1240, 210)


def check_event_loop(picture: Picture, state: LoopState, t: float, theme: Theme) -> None:
    check_background(picture, theme)
    waiting = sum(1 for task in state.tasks.values() if task.state == "waiting")
    titles_in_order(
        picture,
        "Event loop",
        "EVENT LOOP · one thread",
        f"READY QUEUE ({len(state.ready)})",
        f"WAITING ({waiting})",
        "TASKS AND THEIR COROUTINE CALL STACKS",
        "TIMELINE:",
    )
    assert picture.has_text(f"t = {t:.2f} s")
    assert state.tasks, "a recorded run has at least main"
    stack_texts = [op.text for op in picture.within(STACKS, "text")]
    lane_texts = [op.text for op in picture.within(LANES, "text")]
    for task in state.tasks.values():
        # A narrow column heads with the task's argument ("job12"); its frames name the coroutine.
        shown = shows(task.label, stack_texts) or (bool(task.arg) and task.arg in stack_texts)
        assert shown, f"{task.label} has no stack column"
        assert shows(task.label, lane_texts), f"{task.label} has no timeline lane"
    # One bar (running), box (ready) or dashed line (waiting) per recorded segment.
    expected: Counter[str] = Counter()
    for task in state.tasks.values():
        expected[theme.actor(task.index).name()] += sum(1 for s in task.segments if s.start <= t)
    drawn = lane_marks(picture, LANES)
    for colour, count in expected.items():
        assert drawn[colour] == count, f"lane marks in {colour}: {drawn[colour]} != {count}"
    running = state.tasks.get(state.running) if state.running else None
    if running is not None:
        chips = [
            op
            for op in picture.within(LOOP_BOX, "rounded_rect")
            if op.brush == theme.actor(running.index).name()
        ]
        assert chips, "the task holding the loop is not drawn in the loop box"
        assert running.label in [op.text for op in picture.within(LOOP_BOX, "text")]
    else:
        assert picture.has_text("idle") or picture.has_text("blocked")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("fraction", MOMENTS)
@pytest.mark.parametrize("preset", EVENT_LOOP_PRESETS)
def test_event_loop_draws_every_section_and_task(
    qapp: QApplication, preset: str, fraction: float, theme: Theme
) -> None:
    recording = recorded("event-loop", preset, **QUICK_EVENT_LOOP)
    assert recording.ended and recording.error is None
    picture, state, t = draw("event-loop", recording, fraction, theme)
    check_event_loop(picture, state, t, theme)


def test_event_loop_at_twelve_tasks_shows_twelve_job_lanes(qapp: QApplication) -> None:
    delays = {f"delay{i}": 0.02 * i for i in range(1, 13)}
    recording = recorded("event-loop", "gather", tasks=12, **delays)
    assert recording.ended and recording.error is None
    picture, state, t = draw("event-loop", recording, 1.0, LIGHT)
    check_event_loop(picture, state, t, LIGHT)
    lane_labels = {op.text for op in picture.within(LANES, "text")}
    jobs = {f"fetch(job{i})" for i in range(1, 13)}
    assert jobs <= lane_labels, f"missing lanes: {sorted(jobs - lane_labels)}"
    assert "main" in lane_labels


# -- sync vs async ------------------------------------------------------------------------------
SYNC_ASYNC_PRESETS = [p.key for p in load_scene("sync-async").presets]
QUICK_SYNC_ASYNC = {"work": 0.2, "own": 0.05, "calls": 3}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("fraction", MOMENTS)
@pytest.mark.parametrize("preset", SYNC_ASYNC_PRESETS)
def test_sync_async_draws_stacks_calls_and_timeline(
    qapp: QApplication, preset: str, fraction: float, theme: Theme
) -> None:
    recording = recorded("sync-async", preset, **QUICK_SYNC_ASYNC)
    assert recording.ended and recording.error is None
    picture, state, t = draw("sync-async", recording, fraction, theme)
    check_background(picture, theme)
    titles_in_order(
        picture,
        "Sync vs Async",
        "CALL STACKS, ONE PER THREAD",
        "THE CALLS OF B",
        "TIMELINE: the frame on top",
    )
    stacks = picture.text_op("CALL STACKS").rect
    calls = picture.text_op("THE CALLS OF B").rect
    lanes = picture.text_op("TIMELINE: the frame").rect
    # Every call of B has its row in the calls section, in order.
    call_rows = [op for op in picture.of("text") if op.text.startswith("B #")]
    assert [op.text for op in call_rows] == [f"B #{n}" for n in range(1, state.calls_total + 1)]
    assert all(calls[1] < op.rect[1] < lanes[1] and op.rect[0] >= calls[0] for op in call_rows)
    # A's thread has its stack column and its lane; async runs one worker per call.
    a_labels = [op for op in picture.of("text") if op.text == "A's thread"]
    assert any(stacks[1] < op.rect[1] < lanes[1] for op in a_labels)
    assert any(op.rect[1] > lanes[1] for op in a_labels)
    workers = sum(1 for th in state.threads.values() if not th.is_a)
    if state.mode == SYNC:
        assert workers == 0
        assert picture.has_text("No other thread")
    else:
        worker_lanes = [
            op
            for op in picture.of("text")
            if op.text.startswith("worker ") and op.rect[1] > lanes[1]
        ]
        assert len(worker_lanes) == workers == state.calls_total
    # One coloured bar per recorded timeline segment that has begun.
    segments = sum(1 for th in state.threads.values() for s in th.segments if s.start <= t)
    bars = [op for op in picture.of("fill") if op.rect[1] > lanes[1] + 10 and op.rect[3] > 6]
    assert segments > 0
    assert len(bars) >= segments
    if fraction == 1.0:
        total = state.total()
        assert total is not None
        assert picture.has_text(f"measured total {total:.3f} s")
        # The prediction for the mode that ran is what the total measures: the moment the
        # last result is in A's hands (the sync one once counted A's own work after it too).
        prefix = "if A waits (sync)" if state.mode == SYNC else "if A does not wait (async)"
        predicted = float(picture.text_op(prefix).text.split("≈")[1].split()[0])
        assert predicted <= total < predicted + 0.1, (predicted, total)


# -- blocking -----------------------------------------------------------------------------------
BLOCKING_PRESETS = [p.key for p in load_scene("blocking").presets]
QUICK_BLOCKING = {"delay": 0.3, "poll": 0.05}


def panel_area(picture: Picture, rect: Any) -> tuple[Rect, list[str]]:
    area: Rect = (rect.x(), rect.y(), rect.width(), rect.height())
    return area, [op.text for op in picture.within(area, "text")]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("fraction", MOMENTS)
@pytest.mark.parametrize("preset", BLOCKING_PRESETS)
def test_blocking_every_panel_draws_stack_socket_and_strip(
    qapp: QApplication, preset: str, fraction: float, theme: Theme
) -> None:
    recording = recorded("blocking", preset, **QUICK_BLOCKING)
    assert recording.ended and recording.error is None
    picture, state, _t = draw("blocking", recording, fraction, theme)
    check_background(picture, theme)
    assert picture.has_text("Blocking vs Non-blocking")
    modes = list(MODES) if preset == ALL_FOUR else [preset]
    assert sorted(state.lanes) == sorted(modes)
    rects = panel_rects(len(modes))
    titles = {
        "sync-blocking": "sync + blocking",
        "sync-nonblocking": "sync + non-blocking",
        "async-blocking": "async + blocking",
        "async-nonblocking": "async + non-blocking",
    }
    order = ["sync-blocking", "sync-nonblocking", "async-blocking", "async-nonblocking"]
    shown = [m for m in order if m in modes]
    for rect, mode in zip(rects, shown, strict=True):
        area, texts = panel_area(picture, rect)
        panel_box = [op for op in picture.within(area, "rounded_rect") if op.rect[2] > 500]
        assert panel_box and panel_box[0].brush == PANEL[theme.name]
        assert titles[mode] in texts, f"{mode}: title missing; drew {texts}"
        assert "TCP socket, 127.0.0.1" in texts, f"{mode}: socket missing"
        assert "recv()" in texts and "caller" in texts, f"{mode}: stack or strip missing"
        assert any(text.endswith("()") and text != "recv()" for text in texts), "no caller frame"
        assert any(text == "0 s" for text in texts), f"{mode}: the strip's time axis is missing"
        # the strip shows the caller's and recv()'s recorded time as bars
        strip_bars = [op for op in picture.within(area, "fill") if op.rect[1] > rect.bottom() - 100]
        assert strip_bars, f"{mode}: the strip has no bars"
        if fraction == 1.0:
            assert any("done: the caller has its 5 bytes" in text for text in texts), mode


def test_blocking_poll_count_on_screen_is_the_number_of_errors_the_socket_raised(
    qapp: QApplication,
) -> None:
    recording = recorded("blocking", SYNC_NONBLOCKING, **QUICK_BLOCKING)
    done = [e for e in recording.events if e.kind == LANE_DONE]
    assert len(done) == 1
    polls = int(done[0].data["polls"])  # counted by the caller's own loop around recv()
    assert polls >= 2
    picture, _state, _t = draw("blocking", recording, 1.0, LIGHT)
    number = picture.text_op("polls (BlockingIOError raised)")
    above = [
        op.text
        for op in picture.of("text")
        if abs(op.rect[0] - number.rect[0]) < 12 and 0 < number.rect[1] - op.rect[1] < 60
    ]
    assert above == [str(polls)]


# -- queue --------------------------------------------------------------------------------------
QUEUE_PRESETS = [p.key for p in load_scene("queue").presets]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("fraction", MOMENTS)
@pytest.mark.parametrize("preset", QUEUE_PRESETS)
def test_queue_draws_handlers_queue_workers_chart_and_numbers(
    qapp: QApplication, preset: str, fraction: float, theme: Theme
) -> None:
    recording = recorded("queue", preset, 2.0, rate=4.0)
    assert recording.error is None
    picture, state, t = draw("queue", recording, fraction, theme)
    check_background(picture, theme)
    title = next(p.title for p in load_scene("queue").presets if p.key == preset)
    assert picture.has_text(f"Message queue · {tr_msg(title)}")
    assert picture.has_text(f"t = {t:.2f} s · {state.requests_seen} requests so far")
    sections = ["HANDLERS (producers)", "RESPONSES (what users got)", "MEASURED FROM THIS RUN"]
    if state.queued:
        sections[2:2] = [f"QUEUE · {state.waiting} waiting", "WORKERS (consumers)", "QUEUE DEPTH"]
        sections.append(f"ACKNOWLEDGED ✓ {state.acked}")
        workers = [op for op in picture.of("text") if op.text in {f"w{n}" for n in range(1, 17)}]
        assert len(workers) >= len(state.workers) == 3
    else:
        sections[2:2] = ["NO QUEUE", "USERS WAITING FOR A PAGE"]
    for fragment in sections:
        assert picture.has_text(fragment), f"{fragment!r} not drawn: {picture.texts()}"
    assert picture.has_text(f"produced {state.produced} = ")
    # The chart draws the depth as an area and the in-flight count as a line.
    assert picture.of("polygon") and picture.of("polyline")
