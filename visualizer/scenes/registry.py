"""Which scenes exist, loaded on demand so the command line stays fast and Qt-free.

Scene names are the ones used on the command line (``visualizer --scene NAME``). A scene package
exposes ``SCENE`` (its Qt-free :class:`~visualizer.scenes.base.Scene`) in ``__init__`` and a
``View`` class in ``view.py``.
"""

from __future__ import annotations

import importlib
from typing import Any

from visualizer.scenes.base import Scene

SCENE_PACKAGES: dict[str, str] = {
    "event-loop": "visualizer.scenes.event_loop",
    "sync-async": "visualizer.scenes.sync_async",
    "blocking": "visualizer.scenes.blocking",
    "queue": "visualizer.scenes.queue",
    "server": "visualizer.scenes.server",
}


def scene_names() -> list[str]:
    return list(SCENE_PACKAGES)


def load_scene(name: str) -> Scene[Any]:
    """The scene called ``name``; KeyError names the known scenes."""
    if name not in SCENE_PACKAGES:
        raise KeyError(f"unknown scene {name!r} (known: {', '.join(SCENE_PACKAGES)})")
    module = importlib.import_module(SCENE_PACKAGES[name])
    scene: Scene[Any] = module.SCENE
    return scene


def load_view_class(name: str) -> Any:
    """The Qt view class of scene ``name`` (imports Qt)."""
    load_scene(name)
    return importlib.import_module(SCENE_PACKAGES[name] + ".view").View
