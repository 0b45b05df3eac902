"""A script is described in the event loop's words, plus how it ended and where it was cut."""

from __future__ import annotations

from collections.abc import Sequence

from visualizer.core.contract import Highlight, Metric
from visualizer.core.task_state import READY, RUNNING, WAITING
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
from visualizer.scenes.event_loop import captions as loop_captions
from visualizer.scenes.script.state import LoopState

CTX = "ScriptScene"


def cut_at(state: LoopState) -> tuple[float, int] | None:
    """When the recording stopped and after how many events, if it was cut."""
    for t, actor, label in state.marks:
        if actor == "script" and label == "cut":
            return t, 0
    return None


def caption(state: LoopState, t: float) -> Msg:
    ended = [m for m in state.marks if m[1] == "script" and m[2] == "exit"]
    if state.errors:
        return QT_TRANSLATE_NOOP(CTX, "Your script failed: {error}")(error=state.errors[-1])
    cut = cut_at(state)
    if cut is not None:
        return QT_TRANSLATE_NOOP(
            CTX, "Recording stopped at {t:.3f} s: too many events. The script ran on; not shown."
        )(t=cut[0])
    if ended and not state.tasks:
        return QT_TRANSLATE_NOOP(CTX, "The script ended without running any asyncio task.")
    return loop_captions.caption(state, t)


def highlights(state: LoopState, t: float, files: Sequence[str]) -> list[Highlight]:
    """Where each live task is in the script (its innermost frame there), as the file's lines."""
    shown = files[0]
    out: list[Highlight] = []
    for task in state.tasks.values():
        if task.state in (WAITING, READY, RUNNING) and task.stack:
            for _fn, filename, line in reversed(task.stack):
                if filename in files:
                    out.append(Highlight(shown, line, task.actor, task.index))
                    break
    return out


def metrics(state: LoopState, t: float) -> list[Metric]:
    return loop_captions.metrics(state, t)
