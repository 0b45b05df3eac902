"""The control token (제어권) of the blocking scene: one per reader, named in a key, and never
drawn over another text while it moves (other_work()'s lines keep room for it)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from tests.support.text_painter import TextBox, TextPainter, overlaps
from visualizer.draw.i18n import set_language
from visualizer.draw.theme import LIGHT
from visualizer.export.recording import Recording, record
from visualizer.scenes.blocking import SCENE
from visualizer.scenes.blocking.view import View

TOKEN = {"en": "control", "ko": "제어권"}


def _record(qt_loop: asyncio.AbstractEventLoop, qtbot: Any, preset: str) -> Recording:
    task = qt_loop.create_task(record(SCENE, preset, SCENE.values({"delay": 0.6}), 1.2))
    qtbot.waitUntil(task.done, timeout=60_000)
    return task.result()


def _texts(view: View, rec: Recording, t: float) -> list[TextBox]:
    image = QImage(1280, 720, QImage.Format.Format_RGB32)
    painter = TextPainter(image)
    try:
        view.paint(painter, QRectF(0, 0, 1280, 720), rec.frame(t), LIGHT)
    finally:
        painter.end()
    return painter.texts


@pytest.mark.parametrize("preset", ["async-nonblocking", "all-four"])
def test_the_moving_token_never_covers_a_text_and_is_keyed_once(
    preset: str, qt_loop: asyncio.AbstractEventLoop, qtbot: Any, ui_state: None
) -> None:
    rec = _record(qt_loop, qtbot, preset)
    view = View(SCENE)
    readers = len(rec.frame(rec.end).state.lanes)
    problems: list[str] = []
    for lang in ("en", "ko"):
        set_language(lang)
        seen = set()
        for k in range(80):  # dense: the token glides between frames for a quarter second
            t = rec.end * k / 79
            texts = _texts(view, rec, t)
            tokens = [box for box in texts if box.text == TOKEN[lang]]
            seen.add(len(tokens))
            for a, b in overlaps(texts):
                if TOKEN[lang] in (a.text, b.text):
                    problems.append(f"{lang} t={t:.2f}: {a.text!r} over {b.text!r}")
        # One token per reader at most, plus the one in the key (side legend or header).
        assert max(seen) <= readers + 1, seen
        assert readers + 1 in seen, seen
    assert not problems, "\n".join(sorted(set(problems))[:20])
