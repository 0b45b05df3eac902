"""Which scenes exist, made on demand so the command line stays fast and Qt-free.

A scene is an instance of :class:`~visualizer.core.contract.Scene` made by a factory: each
built-in scene module has ``make_scene()``, and :func:`scene_from_file` makes one from a Python
file a learner opens (its source is the code shown, no callables needed). Names are the ones used
on the command line (``visualizer --scene NAME``); a scene's ``View`` lives in the module its
:attr:`~visualizer.core.contract.Scene.view_module` names.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from visualizer.core.contract import Scene, SettingError
from visualizer.core.text import Msg

# Name -> the module whose ``make_scene()`` builds it; the module keeps the one instance the
# process uses as ``SCENE``, so the window, the exporter and the tests share it.
BUILT_IN: dict[str, str] = {
    "event-loop": "visualizer.scenes.event_loop.scene",
    "sync-async": "visualizer.scenes.sync_async.scene",
    "blocking": "visualizer.scenes.blocking.scene",
    "queue": "visualizer.scenes.queue.scene",
    "server": "visualizer.scenes.server.scene",
}


# Each scene's title (the same Msg as its ``Scene.title``; a test keeps them equal), so the window
# can list every scene without importing them: the server scene alone pulls in httpx, starlette
# and uvicorn, half a second of a start that needs only the first scene.
TITLES: dict[str, Msg] = {
    "event-loop": Msg("EventLoopScene", "Event loop"),
    "sync-async": Msg("SyncAsyncScene", "Sync vs Async"),
    "blocking": Msg("BlockingScene", "Blocking vs Non-blocking"),
    "queue": Msg("QueueScene", "Message queue"),
    "server": Msg("ServerScene", "Server under load"),
}


def scene_title(name: str) -> Msg:
    """The title of the built-in scene ``name``, without loading the scene."""
    return TITLES[name]


def scene_names() -> list[str]:
    return list(BUILT_IN)


def preload() -> None:
    """Import every built-in scene's logic (and what it imports: the server scene's HTTP stack
    takes about 0.3 s) so that the first switch to it does not stall the window's loop.

    Safe from a worker thread: the scenes' logic is Qt-free, imports are serialised by Python's
    import locks, and the scene modules import no one in a circle (the import contracts).
    """
    for module in BUILT_IN.values():
        importlib.import_module(module)


def load_scene(name: str) -> Scene[Any]:
    """The built-in scene called ``name`` (one instance per process); KeyError names the known."""
    if name not in BUILT_IN:
        raise KeyError(f"unknown scene {name!r} (known: {', '.join(BUILT_IN)})")
    scene: Scene[Any] = importlib.import_module(BUILT_IN[name]).SCENE
    return scene


def scene_from_file(path: str | Path) -> Scene[Any]:
    """A new scene that runs the asyncio script at ``path``; SettingError says why it cannot."""
    from visualizer.scenes.script.scene import ScriptScene

    file = Path(path)
    try:
        source = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SettingError(f"cannot read {file}: {reason}") from None
    return ScriptScene(file, source)


def view_class_for(scene: Scene[Any]) -> Any:
    """The Qt view class that draws ``scene`` (imports Qt)."""
    return importlib.import_module(scene.view_module).View


def load_view_class(name: str) -> Any:
    """The Qt view class of the built-in scene ``name`` (imports Qt)."""
    return view_class_for(load_scene(name))
