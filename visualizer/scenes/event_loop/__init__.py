"""The asyncio event loop: one thread, a ready queue, timers, and tasks taking turns."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Mapping
from typing import Any, ClassVar

from visualizer.core.loop_monitor import LagMonitor
from visualizer.core.task_state import (
    CANCELLED,
    FAILED,
    READY,
    RUNNING,
    WAITING,
    LoopReducer,
    LoopState,
)
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
from visualizer.core.tracer import AsyncTracer
from visualizer.scenes.base import (
    BenchLoad,
    Highlight,
    Metric,
    Preset,
    Run,
    Scene,
    Setting,
    Value,
)
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

_WAIT_TEXT: dict[str, Msg] = {
    "sleep": QT_TRANSLATE_NOOP(CTX, "a timer"),
    "gather": QT_TRANSLATE_NOOP(CTX, "gather (its child tasks)"),
    "task": QT_TRANSLATE_NOOP(CTX, "another task"),
    "thread": QT_TRANSLATE_NOOP(CTX, "a worker thread"),
    "taskgroup": QT_TRANSLATE_NOOP(CTX, "the task group"),
    "queue_get": QT_TRANSLATE_NOOP(CTX, "a queue"),
    "queue_put": QT_TRANSLATE_NOOP(CTX, "a queue"),
    "queue_join": QT_TRANSLATE_NOOP(CTX, "a queue's unfinished items"),
    "as_completed": QT_TRANSLATE_NOOP(CTX, "the next of several tasks (as_completed)"),
    "wait": QT_TRANSLATE_NOOP(CTX, "several tasks (asyncio.wait)"),
    "wait_for": QT_TRANSLATE_NOOP(CTX, "another task, with a time limit (wait_for)"),
    "shield": QT_TRANSLATE_NOOP(CTX, "a shielded task"),
    "lock": QT_TRANSLATE_NOOP(CTX, "a lock"),
    "semaphore": QT_TRANSLATE_NOOP(CTX, "a semaphore"),
    "condition": QT_TRANSLATE_NOOP(CTX, "a condition"),
    "barrier": QT_TRANSLATE_NOOP(CTX, "a barrier"),
    "event": QT_TRANSLATE_NOOP(CTX, "an event"),
    "socket": QT_TRANSLATE_NOOP(CTX, "a socket"),
    "stream": QT_TRANSLATE_NOOP(CTX, "a stream"),
    "subprocess": QT_TRANSLATE_NOOP(CTX, "a subprocess"),
    "yield": QT_TRANSLATE_NOOP(CTX, "its next turn"),
    "future": QT_TRANSLATE_NOOP(CTX, "a future"),
}


def wait_text(wait: Mapping[str, Any] | None) -> Msg:
    return _WAIT_TEXT.get(str((wait or {}).get("kind", "future")), _WAIT_TEXT["future"])


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

        def report(lag: float) -> None:
            run.recorder.emit("lag", "loop", lag=lag)

        monitor = LagMonitor(report, 0.02)
        watcher = asyncio.get_running_loop().create_task(monitor.run(), name="lag-monitor")
        try:
            tracer = AsyncTracer(run.recorder, watch_long_steps=True)
            await tracer.run(lambda: entry(delays), name="main")
        finally:
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)

    def caption(self, state: LoopState, t: float) -> Msg:
        root = state.root
        if root is None:
            return QT_TRANSLATE_NOOP(CTX, "Starting: asyncio is about to run main().")
        if state.errors:
            return QT_TRANSLATE_NOOP(CTX, "The scene's code failed: {error}")(
                error=state.errors[-1]
            )
        elapsed = state.elapsed()
        if elapsed is not None:
            return QT_TRANSLATE_NOOP(
                CTX, "main() finished after {elapsed:.2f} s, measured on the loop's clock."
            )(elapsed=elapsed)
        for coro in state.coroutines.values():
            if coro.started is None:
                return QT_TRANSLATE_NOOP(
                    CTX,
                    "{coro}() was called, but that only made a coroutine object: its body has "
                    "not run. It will start when something awaits it.",
                )(coro=coro.coro)
        running = state.tasks.get(state.running) if state.running else None
        if running is not None:
            if t - running.since > 0.05 and running.stack:
                function, _file, line = running.stack[-1]
                return QT_TRANSLATE_NOOP(
                    CTX,
                    "{task} has held the loop for {held:.2f} s without awaiting; it is stuck in "
                    "{function}() at line {line}. No other task can run (blocking).",
                )(
                    task=running.label,
                    held=t - running.since,
                    function=function.rsplit(".", 1)[-1],
                    line=line,
                )
            if t - running.since > 0.05:
                return QT_TRANSLATE_NOOP(
                    CTX,
                    "{task} has held the loop for {held:.2f} s without awaiting: no other task "
                    "can run (blocking).",
                )(task=running.label, held=t - running.since)
            return QT_TRANSLATE_NOOP(
                CTX, "{task} holds the event loop (제어권) and runs until its next await."
            )(task=running.label)
        if state.ready:
            return QT_TRANSLATE_NOOP(
                CTX, "The loop takes the next ready task: {task}. {count} in the ready queue."
            )(task=state.tasks[state.ready[0]].label, count=len(state.ready))
        waiting = [x for x in state.tasks.values() if x.state == WAITING]
        if waiting:
            soonest = min(
                waiting,
                key=lambda x: (x.wait or {}).get("deadline") or float("inf"),
            )
            return QT_TRANSLATE_NOOP(
                CTX,
                "Every task is waiting ({count}); the loop sleeps in select() until the first "
                "one can go on: {task} waits on {what}.",
            )(count=len(waiting), task=soonest.label, what=wait_text(soonest.wait))
        return QT_TRANSLATE_NOOP(CTX, "The loop is idle.")

    def highlights(self, state: LoopState, t: float) -> list[Highlight]:
        out: list[Highlight] = []
        for task in state.tasks.values():
            if task.state in (WAITING, READY, RUNNING) and task.stack:
                # The innermost frame that is the scene's own code, not asyncio's.
                for _fn, filename, line in reversed(task.stack):
                    if filename == code.__file__:
                        out.append(Highlight(filename, line, task.actor, task.index))
                        break
        return out

    def metrics(self, state: LoopState, t: float) -> list[Metric]:
        elapsed = state.elapsed()
        root = state.root
        running_for = (t - root.created) if root is not None else 0.0
        out = [
            Metric(
                QT_TRANSLATE_NOOP(CTX, "Elapsed (measured)"),
                f"{elapsed if elapsed is not None else running_for:.3f} s",
            ),
            Metric(QT_TRANSLATE_NOOP(CTX, "Worst loop lag"), f"{state.max_lag() * 1000:.0f} ms"),
        ]
        done = sum(1 for x in state.tasks.values() if x.state not in (READY, RUNNING, WAITING))
        failed = sum(1 for x in state.tasks.values() if x.state in (FAILED, CANCELLED))
        out.append(Metric(QT_TRANSLATE_NOOP(CTX, "Tasks done"), f"{done}/{len(state.tasks)}"))
        if failed:
            out.append(Metric(QT_TRANSLATE_NOOP(CTX, "Failed or cancelled"), str(failed)))
        return out


SCENE = EventLoopScene()
