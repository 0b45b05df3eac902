"""A scene made from a Python file: the learner's script runs, whole, in a child Python.

The scene contract for a scene that is not built in: its preset carries the source as text
(:attr:`Preset.listing`) and the registry makes a new instance per file
(:func:`visualizer.scenes.registry.scene_from_file`). The script runs as under ``python
FILE.py`` in a child process traced in whole-process mode (:mod:`.child`); its output goes to
:attr:`ScriptScene.console`, how it ended to :attr:`ScriptScene.outcome`. It runs with the
user's rights (this is a local tool, not a sandbox).
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from visualizer.core.contract import (
    Highlight,
    Metric,
    Preset,
    Run,
    Scene,
    Setting,
    SourceBlock,
    SourceListing,
)
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
from visualizer.scenes.script import captions
from visualizer.scenes.script.child import ConsoleBuffer, Outcome, run_child
from visualizer.scenes.script.state import LoopReducer, LoopState

CTX = "ScriptScene"
PRESET = "script"

SETTINGS = (
    Setting(
        "timeout",
        QT_TRANSLATE_NOOP(CTX, "Time limit"),
        "float",
        30.0,
        minimum=1.0,
        maximum=600.0,
        step=1.0,
        unit="s",
        tooltip=QT_TRANSLATE_NOOP(CTX, "The script is stopped (killed) after this long."),
    ),
    Setting(
        "max_events",
        QT_TRANSLATE_NOOP(CTX, "Events recorded at most"),
        "int",
        20_000,
        minimum=1_000,
        maximum=500_000,
        step=1_000,
        tooltip=QT_TRANSLATE_NOOP(CTX, "After this many events the recording stops."),
    ),
)


class ScriptError(Exception):
    """The script cannot run as a scene; the message is one line for the user."""


class ScriptScene(Scene[LoopState]):
    name = "your-code"
    title = QT_TRANSLATE_NOOP(CTX, "Your code")
    settings = SETTINGS
    default_duration = 5.0

    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.filename = str(path.resolve())
        self.console = ConsoleBuffer()
        self.outcome = Outcome()
        self.summary = QT_TRANSLATE_NOOP(CTX, "{file}: runs in its own Python process, traced")(
            file=path.name
        )
        self.source = ""
        self.presets = ()
        self.set_source(source)

    def set_source(self, source: str) -> None:
        """The editor's text: what the next run executes and what the code panel shows."""
        self.source = source
        block = SourceBlock(self.filename, 1, tuple(source.splitlines(keepends=True)))
        self.presets = (
            Preset(
                PRESET,
                QT_TRANSLATE_NOOP(CTX, "Run the file"),
                QT_TRANSLATE_NOOP(CTX, "The whole file runs as plain Python would run it, traced."),
                listing=SourceListing((block,)),
            ),
        )

    def reducer(self) -> LoopReducer:
        return LoopReducer()

    async def run(self, run: Run) -> None:
        """Run the file's current text in a child Python until it ends, is stopped or times out.

        An edited text runs from a copy in a temporary folder of its own, under the file's name,
        so the file on disk is never written behind the learner's back.
        """
        self.console.clear()
        self.outcome = Outcome()
        on_disk = None
        with contextlib.suppress(OSError, UnicodeDecodeError):
            on_disk = self.path.read_text(encoding="utf-8")
        timeout, cap = run.values.float("timeout"), run.values.int("max_events")
        if on_disk == self.source:
            await run_child(
                run, [self.filename], self.console, self.outcome, timeout=timeout, cap=cap
            )
            return
        with tempfile.TemporaryDirectory(prefix="visualizer-") as folder:
            copy = Path(folder) / self.path.name
            copy.write_text(self.source, encoding="utf-8")
            self.running_file = str(copy)
            await run_child(run, [str(copy)], self.console, self.outcome, timeout=timeout, cap=cap)

    def files(self) -> tuple[str, ...]:
        """The names the script's frames may carry: the file, or its edited copy."""
        return (self.filename, getattr(self, "running_file", self.filename))

    def caption(self, state: LoopState, t: float) -> Msg:
        return captions.caption(state, t)

    def highlights(self, state: LoopState, t: float) -> list[Highlight]:
        return captions.highlights(state, t, self.files())

    def metrics(self, state: LoopState, t: float) -> list[Metric]:
        return captions.metrics(state, t)
