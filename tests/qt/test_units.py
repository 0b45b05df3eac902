"""One way to write a duration per picture and language: seconds, "0.95 s" or "0.95초".

A view that says "953 ms" next to "0.95 s" (or "0.95초" in Korean) makes a learner compare two
units for one kind of quantity. Every caption, metric and drawn text of the scenes below is
rendered in both languages at several moments of a real run and read back.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.support.painting import record_view
from tests.support.runs import QUICK_EVENT_LOOP, recorded, view_of
from visualizer.draw import i18n
from visualizer.draw.theme import LIGHT
from visualizer.scenes.registry import load_scene

SCENES = ("event-loop", "blocking", "sync-async")
JOBS = [(name, p.key) for name in SCENES for p in load_scene(name).presets]
OVERRIDES: dict[str, dict[str, Any]] = {
    "event-loop": QUICK_EVENT_LOOP,
    "blocking": {"delay": 0.5},
    "sync-async": {"work": 0.3, "own": 0.05},
}
MILLISECONDS = re.compile(r"\d\s*ms\b")
ENGLISH_SECONDS = re.compile(r"\d\s?s\b")
KOREAN_SECONDS = re.compile(r"\d초")


def _shown(name: str, preset: str) -> list[tuple[str, str]]:
    """(where, text) of everything the scene says in the current language."""
    rec = recorded(name, preset, 2.5, **OVERRIDES[name])
    scene, view = rec.scene, view_of(name)
    out: list[tuple[str, str]] = []
    for k in range(7):
        t = rec.end * k / 6
        frame = rec.frame(t)
        where = f"{name}/{preset} at {t:.2f}"
        out.append((f"{where} caption", i18n.tr_msg(scene.caption(frame.state, t))))
        for metric in scene.metrics(frame.state, t):
            value = metric.value_text(i18n.QCoreApplication.translate)
            out.append((f"{where} metric", f"{i18n.tr_msg(metric.label)}: {value}"))
        picture = record_view(view, frame, LIGHT)
        out.extend((f"{where} drawn", text) for text in picture.texts())
    return out


@pytest.mark.parametrize(("name", "preset"), JOBS)
def test_each_view_writes_durations_one_way_per_language(
    name: str, preset: str, ui_state: None
) -> None:
    i18n.set_language("en")
    english = _shown(name, preset)
    wrong = [(w, s) for w, s in english if MILLISECONDS.search(s) or KOREAN_SECONDS.search(s)]
    assert not wrong, wrong
    assert any(ENGLISH_SECONDS.search(s) for _w, s in english), "durations are shown in seconds"
    i18n.set_language("ko")
    korean = _shown(name, preset)
    wrong = [(w, s) for w, s in korean if MILLISECONDS.search(s) or ENGLISH_SECONDS.search(s)]
    assert not wrong, wrong
    assert any(KOREAN_SECONDS.search(s) for _w, s in korean), "durations are shown in 초"
