"""Real runs of the scenes, recorded once per test process and shared by the picture tests.

Each recording is the scene's real code run on a plain asyncio loop (as the command-line export
does), so a test that draws it checks the picture of what really happened, not of a made-up
state. Tests assert on structure that does not depend on exact timing.
"""

from __future__ import annotations

import asyncio
from functools import cache
from typing import Any

from visualizer.draw.scene_view import SceneView, any_view
from visualizer.export.recording import Recording, record
from visualizer.scenes.registry import load_scene, load_view_class

# Short delays keep the event-loop runs quick; the shapes (sequential, concurrent) stay the same.
QUICK_EVENT_LOOP = {"delay1": 0.3, "delay2": 0.2, "delay3": 0.1}


@cache
def _recorded(scene: str, preset: str | None, seconds: float, items: tuple[Any, ...]) -> Recording:
    target = load_scene(scene)
    values = target.values(dict(items))
    return asyncio.run(asyncio.wait_for(record(target, preset, values, seconds), seconds + 30))


def recorded(scene: str, preset: str | None, seconds: float = 3.0, **overrides: Any) -> Recording:
    """The recording of ``preset`` with ``overrides``: at most ``seconds`` of its run."""
    return _recorded(scene, preset, seconds, tuple(sorted(overrides.items())))


def view_of(scene: str) -> SceneView[Any]:
    target = load_scene(scene)
    return any_view(load_view_class(scene)(target))
