"""Blocking vs non-blocking: who holds control (제어권) while a reader waits for data.

The scene's skeleton, as in every scene folder: :mod:`.scene` (settings, presets, the scene),
:mod:`.state` (state and reducer), :mod:`.captions` (words), the real code it runs
(:mod:`.presets`, :mod:`.harness`, :mod:`.probe`) and :mod:`.view` (Qt: draws a state).
"""

from visualizer.scenes.blocking.captions import CTX, MODE_RULE, MODE_TITLE, move_text
from visualizer.scenes.blocking.scene import PRESETS, SCENE, SETTINGS, BlockingScene
from visualizer.scenes.blocking.state import (
    ALL_FOUR,
    BIN,
    CALLEE,
    CALLER,
    LOOP,
    MAX_DELAY,
    MAX_POLL,
    NONE,
    OTHER,
    BlockingReducer,
    BlockingState,
    LaneState,
    Move,
    recv_held,
)

__all__ = [
    "ALL_FOUR",
    "BIN",
    "CALLEE",
    "CALLER",
    "CTX",
    "LOOP",
    "MAX_DELAY",
    "MAX_POLL",
    "MODE_RULE",
    "MODE_TITLE",
    "NONE",
    "OTHER",
    "PRESETS",
    "SCENE",
    "SETTINGS",
    "BlockingReducer",
    "BlockingScene",
    "BlockingState",
    "LaneState",
    "Move",
    "move_text",
    "recv_held",
]
