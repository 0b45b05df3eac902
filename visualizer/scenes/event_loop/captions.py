"""What the event-loop scene says about a state: who holds the loop, who waits on what."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from visualizer.core.contract import (
    Highlight,
    Metric,
)
from visualizer.core.task_state import (
    CANCELLED,
    FAILED,
    READY,
    RUNNING,
    WAITING,
    LoopState,
    TaskInfo,
)
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg, seconds
from visualizer.scenes.event_loop import presets as code

CTX = "EventLoopScene"
# The one loop-lag figure, in words: the longest the running code kept the loop from running
# anything else (the app's own drawing is not counted; see core/loop_monitor.py).
LOOP_BLOCKED = QT_TRANSLATE_NOOP(CTX, "Loop blocked by the code (longest)")

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


def caption(state: LoopState, t: float) -> Msg:
    root = state.root
    if root is None:
        return QT_TRANSLATE_NOOP(CTX, "Starting: asyncio is about to run main().")
    if state.errors:
        return QT_TRANSLATE_NOOP(CTX, "The scene's code failed: {error}")(error=state.errors[-1])
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
        soonest = min(waiting, key=_goes_on_first)
        return QT_TRANSLATE_NOOP(
            CTX,
            "Every task is waiting ({count}); the loop sleeps in select() until the first "
            "one can go on: {task} waits on {what}.",
        )(count=len(waiting), task=soonest.label, what=wait_text(soonest.wait))
    return QT_TRANSLATE_NOOP(CTX, "The loop is idle.")


def _goes_on_first(task: TaskInfo) -> tuple[float, int, int]:
    """Which waiting task the caption names: the soonest timer; without one, a task waiting on
    a worker thread (what everything else waits on), before one that only waits on other tasks
    (main on gather); among equals the innermost (latest created)."""
    wait = task.wait or {}
    deadline = wait.get("deadline")
    on_others = wait.get("kind") in ("gather", "task", "taskgroup", "wait", "as_completed")
    return (
        float(deadline) if deadline is not None else float("inf"),
        1 if on_others else 0,
        -task.index,
    )


def highlights(state: LoopState, t: float, code_file: str = code.__file__) -> list[Highlight]:
    """Where each live task is in ``code_file`` (the scene's shown code), innermost frame."""
    out: list[Highlight] = []
    for task in state.tasks.values():
        if task.state in (WAITING, READY, RUNNING) and task.stack:
            # The innermost frame that is the scene's own code, not asyncio's.
            for _fn, filename, line in reversed(task.stack):
                if filename == code_file:
                    out.append(Highlight(filename, line, task.actor, task.index))
                    break
    return out


def metrics(state: LoopState, t: float) -> list[Metric]:
    elapsed = state.elapsed()
    root = state.root
    running_for = (t - root.created) if root is not None else 0.0
    out = [
        # From main()'s creation to its end: the run's clock (t) also counts the moments before
        # main() was created and after it ended, so the two differ by design (named apart).
        Metric(
            QT_TRANSLATE_NOOP(CTX, "main() ran for (measured)"),
            seconds(elapsed if elapsed is not None else running_for, 3),
        ),
        Metric(LOOP_BLOCKED, seconds(state.max_lag())),
    ]
    done = sum(1 for x in state.tasks.values() if x.state not in (READY, RUNNING, WAITING))
    failed = sum(1 for x in state.tasks.values() if x.state in (FAILED, CANCELLED))
    out.append(Metric(QT_TRANSLATE_NOOP(CTX, "Tasks done"), f"{done}/{len(state.tasks)}"))
    if failed:
        out.append(Metric(QT_TRANSLATE_NOOP(CTX, "Failed or cancelled"), str(failed)))
    return out
