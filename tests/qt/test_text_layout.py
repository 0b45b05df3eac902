"""Every scene's picture, in every preset and at a few moments, in English and Korean: no text
the view draws overlaps another (a still screenshot for a slide must not look broken), neither
as designed nor in a 1280x720 window, whose 12 px text floor enlarges the picture's labels."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from tests.support.text_painter import TextBox, TextPainter, overlaps
from visualizer.core.text import QT_TRANSLATE_NOOP
from visualizer.draw.i18n import set_language, tr_msg
from visualizer.draw.theme import LIGHT
from visualizer.export.recording import Recording, record
from visualizer.scenes.registry import load_scene, load_view_class, scene_names, view_class_for

SECONDS = 1.5
FRACTIONS = (0.15, 0.5, 1.0)
# (picture width, height, the window's text floor): as designed (exports); the picture of a
# 1280x720 window with both side panels open; with them folded (presentation mode is larger),
# where no text may be smaller than the floor either.
FOLDED = (1262, 540)
TARGETS = ((1280, 720, 0), (714, 402, 12), (*FOLDED, 12), (1262, 607, 12))

JOBS = [(name, preset.key) for name in scene_names() for preset in load_scene(name).presets]


def _record(
    qt_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
    name: str,
    preset: str,
    settings: dict[str, Any] | None = None,
) -> Recording:
    scene = load_scene(name)
    task = qt_loop.create_task(record(scene, preset, scene.values(settings or {}), SECONDS))
    qtbot.waitUntil(task.done, timeout=60_000)
    return task.result()


def _texts(
    rec: Recording, fraction: float, size: tuple[int, int] = (1280, 720), floor: float = 0
) -> list[TextBox]:
    view = load_view_class(rec.scene.name)(rec.scene)
    view.min_text_px = floor
    image = QImage(*size, QImage.Format.Format_RGB32)
    painter = TextPainter(image)
    try:
        view.paint(painter, QRectF(0, 0, *size), rec.frame(rec.end * fraction), LIGHT)
    finally:
        painter.end()
    return painter.texts


def _overlapping(rec: Recording) -> list[str]:
    problems: list[str] = []
    for lang in ("en", "ko"):
        set_language(lang)
        for width, height, floor in TARGETS:
            for fraction in FRACTIONS:
                texts = _texts(rec, fraction, (width, height), floor)
                assert texts, "the recording painter saw no text: it would prove nothing"
                where = f"{lang} {width}x{height} {fraction}"
                for a, b in overlaps(texts):
                    problems.append(f"{where}: {a.text!r} over {b.text!r}")
                if (width, height) == FOLDED:  # the floor holds down to this scale
                    small = [box for box in texts if box.font_px < floor - 0.01]
                    problems += [f"{where}: {b.text!r} at {b.font_px:.1f} px" for b in small]
    return problems


@pytest.mark.parametrize(("name", "preset"), JOBS)
def test_no_text_is_drawn_over_another(
    name: str, preset: str, qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    problems = _overlapping(_record(qt_loop, qtbot, name, preset))
    assert not problems, "\n".join(sorted(set(problems))[:40])


def test_twelve_lanes_keep_apart_and_named_under_the_window_text_floor(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    """The event loop's most crowded timeline: every lane keeps its name, none runs into the
    next, in the window's picture as well as in the designed one."""
    from visualizer.scenes.event_loop.scene import MAX_TASKS

    crowded = _record(qt_loop, qtbot, "event-loop", "to-thread", {"tasks": MAX_TASKS})
    rec = _record(qt_loop, qtbot, "event-loop", "gather", {"tasks": MAX_TASKS})
    problems = _overlapping(crowded) + _overlapping(rec)
    assert not problems, "\n".join(sorted(set(problems))[:40])
    for lang in ("en", "ko"):
        set_language(lang)
        for width, height, floor in TARGETS:
            drawn = {box.text for box in _texts(rec, 0.5, (width, height), floor)}
            missing = [n for n in range(1, MAX_TASKS + 1) if f"fetch(job{n})" not in drawn]
            assert not missing, f"{lang} {width}x{height}: no lane name for jobs {missing}"


def test_sync_non_blocking_shows_one_control_token(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    """A poll sends control to recv() and straight back: the one token goes, none is left."""
    from visualizer.scenes.blocking.scene import SYNC_NONBLOCKING

    set_language("en")
    rec = _record(qt_loop, qtbot, "blocking", SYNC_NONBLOCKING)
    counts = set()
    for k in range(60):
        tokens = [box for box in _texts(rec, k / 59) if box.text == "control"]
        counts.add(len(tokens))
    assert max(counts) <= 2, counts  # the legend's, and at most one in the lane
    assert 2 in counts


def test_twelve_tasks_all_have_a_lane_and_a_pill_that_tells_them_apart(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    from visualizer.scenes.event_loop.scene import MAX_TASKS

    set_language("en")
    scene = load_scene("event-loop")
    values = scene.values({"tasks": MAX_TASKS})
    task = qt_loop.create_task(record(scene, "gather", values, SECONDS))
    qtbot.waitUntil(task.done, timeout=60_000)
    drawn = [box.text for box in _texts(task.result(), 0.3)]
    for n in range(1, MAX_TASKS + 1):
        assert f"fetch(job{n})" in drawn  # its timeline lane
        assert f"job{n}" in drawn  # its pill, short enough to read
    pills = [text for text in drawn if text.startswith("fetch(j") and text.endswith("…")]
    assert not pills, pills


def test_the_queues_tail_and_head_labels_keep_apart_under_the_window_text_floor(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    """In a 1280x720 window the picture is about 714x402 and the 12 px floor enlarges its
    labels; each of the pipe's two labels is elided in its own box (they once ran together)."""
    rec = _record(qt_loop, qtbot, "queue", "email")
    for lang in ("en", "ko"):
        set_language(lang)
        view = load_view_class("queue")(rec.scene)
        view.min_text_px = 12
        image = QImage(714, 402, QImage.Format.Format_RGB32)
        painter = TextPainter(image)
        try:
            view.paint(painter, QRectF(0, 0, 714, 402), rec.frame(rec.end), LIGHT)
        finally:
            painter.end()
        head_word = tr_msg(QT_TRANSLATE_NOOP("QueueScene", "head: next to be delivered →"))[:3]
        (tail,) = [box for box in painter.texts if box.text.startswith("←")]
        (head,) = [box for box in painter.texts if box.text.startswith(head_word)]
        assert abs(head.rect.center().y() - tail.rect.center().y()) < 2  # one row
        assert overlaps([tail, head]) == [], (tail, head)


@pytest.mark.parametrize(
    "example", ["many_tasks_200.py", "preset_to_thread.py", "seed003_do_async_py37.py"]
)
def test_your_code_picture_keeps_its_text_apart_under_the_window_text_floor(
    example: str, qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    """A learner's script: folded lanes, the ready queue's count and the stacks' summary keep
    apart as designed and in the window's picture."""
    from tests.qt.test_script_view import EXAMPLES, recorded

    session = recorded(qt_loop, qtbot, EXAMPLES / example)
    problems: list[str] = []
    end = session.timeline.end_time()
    view = view_class_for(session.scene)(session.scene)
    for lang in ("en", "ko"):
        set_language(lang)
        for width, height, floor in TARGETS:
            for fraction in FRACTIONS:
                view.min_text_px = floor
                image = QImage(width, height, QImage.Format.Format_RGB32)
                painter = TextPainter(image)
                try:
                    frame = session.frame(end * fraction)
                    view.paint(painter, QRectF(0, 0, width, height), frame, LIGHT)
                finally:
                    painter.end()
                assert painter.texts
                where = f"{lang} {width}x{height} {fraction}"
                problems += [
                    f"{where}: {a.text!r} over {b.text!r}" for a, b in overlaps(painter.texts)
                ]
    assert not problems, "\n".join(sorted(set(problems))[:40])
