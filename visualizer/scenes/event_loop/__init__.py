"""The asyncio event loop: one thread, a ready queue, timers, and tasks taking turns.

The scene's skeleton, as in every scene folder: :mod:`.scene` (settings, presets, the scene),
:mod:`.state` (state and reducer), :mod:`.captions` (words), the real code it runs
(:mod:`.presets`) and :mod:`.view` (Qt: draws a state).
"""

from visualizer.scenes.event_loop.captions import CTX, wait_text
from visualizer.scenes.event_loop.scene import (
    DEFAULT_DELAYS,
    MAX_TASKS,
    PRESETS,
    SCENE,
    SETTINGS,
    EventLoopScene,
    delays_of,
)

__all__ = [
    "CTX",
    "DEFAULT_DELAYS",
    "MAX_TASKS",
    "PRESETS",
    "SCENE",
    "SETTINGS",
    "EventLoopScene",
    "delays_of",
    "wait_text",
]
