"""Sync vs async: does A wait for B's result, or start B and carry on?

A calls B several times; B does real blocking work. Synchronously, A's frame sits under B's on
A's thread until B returns. Asynchronously, A starts each B on a worker thread and goes on; the
result comes back later through a callback (seed 003's definition) or an awaited future (seed
000's). The state is each thread's real call stack over time, folded from ``push``/``pop``
events the functions themselves recorded, and the measured total time of all calls.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from visualizer.core.contract import BenchLoad, Highlight, Metric, Preset, Run, Scene, Setting
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
from visualizer.scenes.sync_async import captions
from visualizer.scenes.sync_async import presets as code
from visualizer.scenes.sync_async.host import (
    AWAIT,
    CALLBACK,
    MODES,
    SYNC,
    run_host,
)
from visualizer.scenes.sync_async.state import (
    MAX_CALLS,
    MAX_OWN,
    MAX_WORK,
    SETUP,
    SyncAsyncReducer,
    SyncAsyncState,
)

CTX = "SyncAsyncScene"

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "work",
        QT_TRANSLATE_NOOP(CTX, "B's work time"),
        "float",
        0.5,
        minimum=0.0,
        maximum=MAX_WORK,
        step=0.05,
        unit="s",
        tooltip=QT_TRANSLATE_NOOP(CTX, "How long each call of B really works (time.sleep)"),
    ),
    Setting(
        "calls",
        QT_TRANSLATE_NOOP(CTX, "Number of calls"),
        "int",
        3,
        minimum=1,
        maximum=MAX_CALLS,
        tooltip=QT_TRANSLATE_NOOP(CTX, "How many times A calls B"),
    ),
    Setting(
        "own",
        QT_TRANSLATE_NOOP(CTX, "A's own work between calls"),
        "float",
        0.1,
        minimum=0.0,
        maximum=MAX_OWN,
        step=0.05,
        unit="s",
        tooltip=QT_TRANSLATE_NOOP(CTX, "How long A works on its own after each call of B"),
    ),
)


def _shown(*functions: Callable[..., Any]) -> tuple[Callable[..., Any], ...]:
    """The functions as written (not ``@on_stack``'s wrappers), so the code panel's file and
    line numbers are those of ``presets.py``, where the recorded lines point."""
    return tuple(inspect.unwrap(fn) for fn in functions)


PRESETS: tuple[Preset, ...] = (
    Preset(
        SYNC,
        QT_TRANSLATE_NOOP(CTX, "Synchronous call"),
        QT_TRANSLATE_NOOP(
            CTX,
            "A calls B and waits for its result before doing anything else. A's frame stays "
            "under B's on the call stack; the total is about N × (B's work + A's work).",
        ),
        _shown(code.a_sync, code.b_work, code.own_work),
    ),
    Preset(
        CALLBACK,
        QT_TRANSLATE_NOOP(CTX, "Asynchronous: pass a callback"),
        QT_TRANSLATE_NOOP(
            CTX,
            "A starts B on a worker thread, hands it on_result as a callback and carries on. "
            "When B is done, the callback runs on A's thread with the result: A never checks "
            "whether B has finished.",
        ),
        _shown(code.a_with_callbacks, code.on_result, code.b_work, code.own_work),
    ),
    Preset(
        AWAIT,
        QT_TRANSLATE_NOOP(CTX, "Asynchronous: start now, await later"),
        QT_TRANSLATE_NOOP(
            CTX,
            "A starts every B without waiting for the answer, does its own work, and awaits "
            "the results at the end: it does other work while the answers are on their way.",
        ),
        _shown(code.a_awaits_later, code.collect, code.b_work, code.own_work),
    ),
)


class SyncAsyncScene(Scene[SyncAsyncState]):
    name = "sync-async"
    title = QT_TRANSLATE_NOOP(CTX, "Sync vs Async")
    summary = QT_TRANSLATE_NOOP(
        CTX,
        "Synchronous or not is about waiting: does A wait for B's result, or start B and "
        "get the result later?",
    )
    presets = PRESETS
    settings = SETTINGS
    default_duration = 2.5
    bench_loads: ClassVar[Mapping[str, BenchLoad]] = {
        "default": BenchLoad(SYNC, {}, 2.5),
        "stress": BenchLoad(AWAIT, {"calls": MAX_CALLS, "work": 1.0, "own": 0.05}, 2.5),
    }

    def reducer(self) -> SyncAsyncReducer:
        return SyncAsyncReducer()

    async def run(self, run: Run) -> None:
        """Run A on a thread of its own (B on worker threads when asynchronous); join it after."""
        values = run.values
        mode = run.preset if run.preset in MODES else SYNC
        calls, work, own = values.int("calls"), values.float("work"), values.float("own")
        run.recorder.emit(SETUP, "scene", mode=mode, calls=calls, work=work, own=own)
        await run_host(run.recorder, mode, calls, work, own)

    # -- words ----------------------------------------------------------------------------------
    def caption(self, state: SyncAsyncState, t: float) -> Msg:
        return captions.caption(state, t)

    def highlights(self, state: SyncAsyncState, t: float) -> list[Highlight]:
        return captions.highlights(state, t)

    def metrics(self, state: SyncAsyncState, t: float) -> list[Metric]:
        return captions.metrics(state, t)


def make_scene() -> SyncAsyncScene:
    """The factory the registry calls."""
    return SyncAsyncScene()


SCENE = make_scene()
