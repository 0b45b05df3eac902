"""The asyncio event loop scene: its settings, presets and the code it runs, traced."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Mapping
from typing import Any, ClassVar

from visualizer.core.contract import (
    BenchLoad,
    Highlight,
    Metric,
    Preset,
    Run,
    Scene,
    Setting,
    Value,
)
from visualizer.core.loop_monitor import LagMonitor
from visualizer.core.task_state import (
    LoopReducer,
    LoopState,
)
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
from visualizer.core.tracer import AsyncTracer
from visualizer.scenes.event_loop import captions
from visualizer.scenes.event_loop import presets as code

MAX_TASKS = 12
DEFAULT_DELAYS = (1.2, 0.8, 0.4, 1.0, 0.6, 0.3, 0.9, 0.5, 0.7, 1.1, 0.2, 0.8)
CTX = "EventLoopScene"


def _delay_visible(i: int) -> Callable[[Mapping[str, Value]], bool]:
    return lambda values: int(values.get("tasks", 1)) >= i


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "tasks",
        QT_TRANSLATE_NOOP(CTX, "Number of tasks"),
        "int",
        3,
        minimum=1,
        maximum=MAX_TASKS,
        tooltip=QT_TRANSLATE_NOOP(CTX, "How many coroutines the preset starts"),
    ),
    *(
        Setting(
            f"delay{i}",
            QT_TRANSLATE_NOOP(CTX, "Delay of job{n}")(n=i),
            "float",
            DEFAULT_DELAYS[i - 1],
            minimum=0.0,
            maximum=5.0,
            step=0.05,
            unit="s",
            tooltip=QT_TRANSLATE_NOOP(CTX, "How long job{n} waits (sleeps or blocks)")(n=i),
            visible_when=_delay_visible(i),
        )
        for i in range(1, MAX_TASKS + 1)
    ),
)

PRESETS: tuple[Preset, ...] = (
    Preset(
        "sequential",
        QT_TRANSLATE_NOOP(CTX, "Sequential awaits"),
        QT_TRANSLATE_NOOP(
            CTX, "Each await waits for its coroutine to finish before the next one starts."
        ),
        (code.fetch, code.sequential),
    ),
    Preset(
        "create-task",
        QT_TRANSLATE_NOOP(CTX, "create_task, then await"),
        QT_TRANSLATE_NOOP(
            CTX, "create_task schedules every job at once; awaiting them later only collects."
        ),
        (code.fetch, code.create_task_then_await),
    ),
    Preset(
        "gather",
        QT_TRANSLATE_NOOP(CTX, "gather"),
        QT_TRANSLATE_NOOP(CTX, "gather wraps each coroutine in a task and waits for all."),
        (code.fetch, code.gather_all),
    ),
    Preset(
        "taskgroup",
        QT_TRANSLATE_NOOP(CTX, "TaskGroup"),
        QT_TRANSLATE_NOOP(CTX, "A TaskGroup starts tasks and waits for all of them on exit."),
        (code.fetch, code.task_group),
    ),
    Preset(
        "coroutine-object",
        QT_TRANSLATE_NOOP(CTX, "A coroutine object does nothing yet"),
        QT_TRANSLATE_NOOP(
            CTX,
            "Calling a coroutine function only makes a coroutine object; nothing runs until "
            "it is awaited or scheduled.",
        ),
        (code.fetch, code.coroutine_object),
    ),
    Preset(
        "time-sleep",
        QT_TRANSLATE_NOOP(CTX, "time.sleep blocks the loop"),
        QT_TRANSLATE_NOOP(
            CTX,
            "job1 calls time.sleep inside a coroutine: the one loop thread is blocked, every "
            "other task freezes, and the whole app stalls with it.",
        ),
        (code.fetch, code.blocking_fetch, code.time_sleep_blocks),
    ),
    Preset(
        "to-thread",
        QT_TRANSLATE_NOOP(CTX, "asyncio.to_thread fixes it"),
        QT_TRANSLATE_NOOP(
            CTX,
            "The same blocking call moved to a worker thread with asyncio.to_thread: the loop "
            "stays free and the other tasks keep running.",
        ),
        (code.fetch, code.blocking_io, code.threaded_fetch, code.to_thread_fix),
    ),
)

_ENTRY: dict[str, Callable[[list[float]], Coroutine[Any, Any, None]]] = {
    "sequential": code.sequential,
    "create-task": code.create_task_then_await,
    "gather": code.gather_all,
    "taskgroup": code.task_group,
    "coroutine-object": code.coroutine_object,
    "time-sleep": code.time_sleep_blocks,
    "to-thread": code.to_thread_fix,
}


async def trace_with_lag(run: Run, main: Callable[[], Coroutine[Any, Any, object]]) -> None:
    """Run ``main()`` as the traced task "main", with the loop's lag recorded beside it."""

    def report(lag: float) -> None:
        run.recorder.emit("lag", "loop", lag=lag)

    monitor = LagMonitor(report, 0.02)
    watcher = asyncio.get_running_loop().create_task(monitor.run(), name="lag-monitor")
    try:
        await AsyncTracer(run.recorder, watch_long_steps=True).run(main, name="main")
    finally:
        watcher.cancel()
        await asyncio.gather(watcher, return_exceptions=True)


def _nothing() -> None:
    """Runs once in the default executor so that its first worker thread exists."""


def delays_of(values: Mapping[str, Value]) -> list[float]:
    return [float(values[f"delay{i}"]) for i in range(1, int(values["tasks"]) + 1)]


class EventLoopScene(Scene[LoopState]):
    name = "event-loop"
    title = QT_TRANSLATE_NOOP(CTX, "Event loop")
    summary = QT_TRANSLATE_NOOP(
        CTX, "One thread runs every coroutine in turn; await hands control back to the loop."
    )
    presets = PRESETS
    settings = SETTINGS
    default_duration = 3.0
    bench_loads: ClassVar[Mapping[str, BenchLoad]] = {
        "default": BenchLoad(
            "gather", {"tasks": MAX_TASKS, **{f"delay{i}": 0.1 * i for i in range(1, 13)}}, 1.4
        )
    }

    def reducer(self) -> LoopReducer:
        return LoopReducer()

    async def run(self, run: Run) -> None:
        """Trace the preset's real code on the running loop, with the loop's lag measured."""
        delays = delays_of(run.values)
        entry = _ENTRY[run.preset]
        if run.preset == "to-thread":
            # The loop's first to_thread starts the executor's thread inside the calling step
            # (tens of ms on a busy machine): set-up, not the lesson, so it happens before.
            await asyncio.get_running_loop().run_in_executor(None, _nothing)
        await trace_with_lag(run, lambda: entry(delays))

    def caption(self, state: LoopState, t: float) -> Msg:
        return captions.caption(state, t)

    def highlights(self, state: LoopState, t: float) -> list[Highlight]:
        return captions.highlights(state, t)

    def metrics(self, state: LoopState, t: float) -> list[Metric]:
        return captions.metrics(state, t)


def make_scene() -> EventLoopScene:
    """The factory the registry calls."""
    return EventLoopScene()


SCENE = make_scene()
