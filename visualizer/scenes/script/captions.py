"""A script is described in the event loop's words; its highlighted lines are in its own file."""

from __future__ import annotations

from visualizer.core.contract import Highlight, Metric
from visualizer.core.text import Msg
from visualizer.scenes.event_loop import captions as loop_captions
from visualizer.scenes.script.state import LoopState


def caption(state: LoopState, t: float) -> Msg:
    return loop_captions.caption(state, t)


def highlights(state: LoopState, t: float, code_file: str) -> list[Highlight]:
    return loop_captions.highlights(state, t, code_file)


def metrics(state: LoopState, t: float) -> list[Metric]:
    return loop_captions.metrics(state, t)
