"""The queue's picture keeps moving messages and chart labels clear of every text it draws."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from tests.support.text_painter import TextBox, TextPainter, overlaps
from visualizer.core.contract import Frame
from visualizer.draw.i18n import set_language
from visualizer.draw.theme import LIGHT
from visualizer.export.recording import Recording, record
from visualizer.scenes.queue.view import View
from visualizer.scenes.registry import load_scene


def _record(qt_loop: asyncio.AbstractEventLoop, qtbot: Any, preset: str) -> Recording:
    scene = load_scene("queue")
    task = qt_loop.create_task(record(scene, preset, scene.values(), 2.0))
    qtbot.waitUntil(task.done, timeout=60_000)
    return task.result()


def _paint(view: View, frame: Frame[Any]) -> list[TextBox]:
    image = QImage(1280, 720, QImage.Format.Format_RGB32)
    painter = TextPainter(image)
    try:
        view.paint(painter, QRectF(0, 0, 1280, 720), frame, LIGHT)
    finally:
        painter.end()
    return painter.texts


def test_moving_messages_travel_where_no_text_is(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    set_language("en")
    seen = 0
    for preset in ("fanout", "email-no-queue"):
        rec = _record(qt_loop, qtbot, preset)
        view = View(rec.scene)
        for k in range(120):
            frame = rec.frame(rec.end * k / 119)
            dots = view.layout(frame).dots
            texts = _paint(view, frame)
            seen += len(dots)
            for rect, _rec, _kind in dots:
                hits = [box.text for box in texts if box.rect.intersects(rect)]
                assert not hits, f"{preset} at {frame.t:.2f}: a moving message over {hits}"
            assert texts
    assert seen > 20, "hardly any message was caught moving: the check would prove nothing"


def test_worker_count_labels_on_the_chart_never_print_over_each_other(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    rec = _record(qt_loop, qtbot, "email")
    frame = rec.frame(rec.end)
    state = copy.copy(frame.state)
    # A slider dragged across its range: a change every few hundredths of a second.
    state.marks = [(frame.t - 0.03 * k, "consumers", 16 - k % 16) for k in range(40)]
    view = View(rec.scene)
    for lang in ("en", "ko"):
        set_language(lang)
        texts = _paint(view, Frame(state, frame.t, frame.end, frame.finished))
        labels = [box for box in texts if box.text.endswith(("workers", "개"))]
        assert len(labels) >= 3, [box.text for box in texts]
        assert not overlaps(texts), [(a.text, b.text) for a, b in overlaps(texts)]


def test_every_duration_in_the_picture_has_one_unit_per_language(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    import re

    rec = _record(qt_loop, qtbot, "email")
    view = View(rec.scene)
    for lang, wrong in (("en", r"\d ?(ms|초)\b|\d초"), ("ko", r"\d ?(ms|s)\b")):
        set_language(lang)
        drawn = [box.text for k in range(1, 6) for box in _paint(view, rec.frame(rec.end * k / 5))]
        seconds = [text for text in drawn if re.search(r"\d ?(s|초)(\W|$)", text)]
        assert seconds, drawn  # durations are drawn at all
        mixed = [text for text in drawn if re.search(wrong, text)]
        assert not mixed, mixed
