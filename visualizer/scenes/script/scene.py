"""A scene made from a Python file: the file's ``async def main()`` runs traced on the loop.

This is what the scene contract asks of a scene that is not built in: its presets carry the
source as text (:attr:`Preset.listing`), so nothing of it has to be importable Python callables,
and the registry makes a new instance per file (:func:`visualizer.scenes.registry.
scene_from_file`). The script runs in this process, on the running loop, like a built-in preset;
it runs with the user's rights (this is a local tool, not a sandbox).
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from visualizer.core.contract import (
    Highlight,
    Metric,
    Preset,
    Run,
    Scene,
    SourceBlock,
    SourceListing,
)
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
from visualizer.scenes.event_loop.scene import trace_with_lag
from visualizer.scenes.script import captions
from visualizer.scenes.script.state import LoopReducer, LoopState

CTX = "ScriptScene"
PRESET = "script"


class ScriptError(Exception):
    """The script cannot run as a scene; the message is one line for the user."""


class ScriptScene(Scene[LoopState]):
    name = "script"
    title = QT_TRANSLATE_NOOP(CTX, "Your script")
    settings = ()
    default_duration = 5.0

    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.filename = str(path.resolve())
        self.source = source
        self.summary = QT_TRANSLATE_NOOP(CTX, "{file}: its async main() runs traced")(
            file=path.name
        )
        block = SourceBlock(self.filename, 1, tuple(source.splitlines(keepends=True)))
        self.presets = (
            Preset(
                PRESET,
                QT_TRANSLATE_NOOP(CTX, "Run main()"),
                QT_TRANSLATE_NOOP(
                    CTX, "The script's async def main() runs on the event loop, traced."
                ),
                listing=SourceListing((block,)),
            ),
        )

    def reducer(self) -> LoopReducer:
        return LoopReducer()

    async def run(self, run: Run) -> None:
        """Execute the file as a module, then trace its ``main()`` coroutine function."""
        namespace: dict[str, Any] = {"__name__": "__visualizer_script__", "__file__": self.filename}
        exec(compile(self.source, self.filename, "exec"), namespace)
        main = namespace.get("main")
        if not inspect.iscoroutinefunction(main):
            raise ScriptError(f"{self.path.name} defines no async def main()")
        await trace_with_lag(run, main)

    def caption(self, state: LoopState, t: float) -> Msg:
        return captions.caption(state, t)

    def highlights(self, state: LoopState, t: float) -> list[Highlight]:
        return captions.highlights(state, t, self.filename)

    def metrics(self, state: LoopState, t: float) -> list[Metric]:
        return captions.metrics(state, t)
