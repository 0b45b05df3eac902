"""Every scene at the smallest and largest value of each setting, and every preset with all its
settings at one end, runs its real code and draws every section without error.

Each run records at most a short while (the code is cancelled after it, as the exporter does);
the picture at its end and half way is drawn with the recording painter and checked for the
scene's section titles, so a setting that breaks a section's drawing fails here.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from tests.support.painting import record_view
from tests.support.runs import recorded, view_of
from visualizer.draw.theme import LIGHT
from visualizer.scenes.registry import load_scene, scene_names

SECONDS = 0.8
SECTIONS = {
    "event-loop": ("EVENT LOOP · one thread", "READY QUEUE", "WAITING", "TASKS AND", "TIMELINE"),
    "sync-async": ("Sync vs Async",),  # the sections follow once A's thread starts (checked below)
    "blocking": ("Blocking vs Non-blocking",),
    "queue": ("HANDLERS (producers)", "RESPONSES", "MEASURED FROM THIS RUN"),
    "server": ("CLIENT (httpx, open loop)", "SERVER:"),
}


def ends(setting: Any) -> list[Any]:
    if setting.kind == "choice":
        return [key for key, _ in setting.choices]
    if setting.kind == "bool":
        return [False, True]
    if setting.kind == "text":  # free text (a URL) has no ends; its default is the case
        return [setting.default]
    low, high = setting.minimum, setting.maximum
    return [int(low), int(high)] if setting.kind == "int" else [low, high]


def cases() -> list[Any]:
    out = []
    for name in scene_names():
        scene = load_scene(name)
        delays = [s for s in scene.settings if s.key.startswith("delay") and name == "event-loop"]
        for setting in scene.settings:
            if setting in delays:
                continue
            for value in ends(setting):
                out.append(
                    pytest.param(
                        name, None, {setting.key: value}, id=f"{name}-{setting.key}={value}"
                    )
                )
        if delays:  # the twelve delays together, with every job shown
            for value in (0.0, 5.0):
                overrides = {"tasks": 12, **{s.key: value for s in delays}}
                out.append(pytest.param(name, "gather", overrides, id=f"{name}-delays={value}"))
        for preset in scene.presets:
            for end in (0, 1):
                overrides = {}
                for s in scene.settings:
                    if s.kind in ("int", "float"):
                        overrides[s.key] = ends(s)[end]
                out.append(
                    pytest.param(
                        name,
                        preset.key,
                        overrides,
                        id=f"{name}-{preset.key}-all-{'min' if end == 0 else 'max'}",
                    )
                )
    return out


@pytest.mark.parametrize(("scene", "preset", "overrides"), cases())
def test_runs_and_draws_at_the_extremes(
    qapp: QApplication, scene: str, preset: str | None, overrides: dict[str, Any]
) -> None:
    recording = recorded(scene, preset, SECONDS, **overrides)
    assert recording.error is None, recording.error
    assert recording.events, "the code recorded nothing"
    view = view_of(scene)
    for fraction in (0.5, 1.0):
        picture = record_view(view, recording.frame(recording.end * fraction), LIGHT)
        for title in SECTIONS[scene]:
            assert picture.has_text(title), f"{title!r} missing: {picture.texts()}"
    final = recording.frame(recording.end).state
    if scene == "sync-async" and final.a is not None:
        for title in ("CALL STACKS", "THE CALLS OF B", "TIMELINE"):
            assert picture.has_text(title), title
    if scene == "blocking" and final.lanes:
        assert sum(picture.has_text(t) for t in ("sync +", "async +")) >= 1
        assert picture.has_text("TCP socket, 127.0.0.1")
