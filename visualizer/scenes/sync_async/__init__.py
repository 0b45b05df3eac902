"""Sync vs async: does A wait for B's result, or start B and carry on?

The scene's skeleton, as in every scene folder: :mod:`.scene` (settings, presets, the scene),
:mod:`.state` (state and reducer), :mod:`.captions` (words), the real code it runs
(:mod:`.presets`, :mod:`.host`, :mod:`.probe`) and :mod:`.view` (Qt: draws a state).
"""

from visualizer.scenes.sync_async.captions import CTX, MODE_TITLE
from visualizer.scenes.sync_async.scene import PRESETS, SCENE, SETTINGS, SyncAsyncScene
from visualizer.scenes.sync_async.state import (
    A_FUNCTIONS,
    FN_COLOUR,
    MAX_CALLS,
    MAX_OWN,
    MAX_WORK,
    CallState,
    StackEntry,
    SyncAsyncReducer,
    SyncAsyncState,
    ThreadState,
)

__all__ = [
    "A_FUNCTIONS",
    "CTX",
    "FN_COLOUR",
    "MAX_CALLS",
    "MAX_OWN",
    "MAX_WORK",
    "MODE_TITLE",
    "PRESETS",
    "SCENE",
    "SETTINGS",
    "CallState",
    "StackEntry",
    "SyncAsyncReducer",
    "SyncAsyncScene",
    "SyncAsyncState",
    "ThreadState",
]
