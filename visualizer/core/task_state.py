"""Folds the tracer's events into who is running, who is ready and who waits on what.

This is the state an event-loop picture needs at one instant: the single task holding the loop,
the FIFO of tasks whose wake-up is queued, each waiting task's reason and async call stack, worker
threads, and the loop's measured lag. Each task also keeps its history as segments so a lane chart
can be drawn up to the shown time.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from visualizer.core.recorder import Event
from visualizer.core.trace_events import TIMEOUT_CAUSES, Frame

READY = "ready"
RUNNING = "running"
WAITING = "waiting"
DONE = "done"
CANCELLED = "cancelled"
FAILED = "failed"
ENDED = (DONE, CANCELLED, FAILED)


@dataclass
class Segment:
    state: str
    start: float
    end: float | None = None


@dataclass
class TaskInfo:
    actor: str
    coro: str
    parent: str | None
    index: int  # creation order, used for colours
    name: str = ""
    arg: str | None = None  # the coroutine's first argument, when a short string
    state: str = READY
    created: float = 0.0
    since: float = 0.0  # when the current state began
    ended: float | None = None
    stack: tuple[Frame, ...] = ()
    wait: dict[str, Any] | None = None
    steps: int = 0
    error: str | None = None
    entered: str | None = None  # how the running/last step began when not a plain resume
    cause: str | None = None  # who cancelled it (timeout, wait_for, taskgroup, cancel...)
    never_started: bool = False  # cancelled before its first step
    segments: list[Segment] = field(default_factory=list)

    @property
    def timed_out(self) -> bool:
        """Cancelled (or being cancelled) by ``asyncio.timeout`` or ``wait_for``."""
        return self.cause in TIMEOUT_CAUSES

    @property
    def label(self) -> str:
        """The task's name when the code gave it one, else its coroutine and number."""
        if self.name and not self.name.startswith("Task-"):
            return self.name
        function = self.coro.rsplit(".", 1)[-1]
        if self.arg:
            return f"{function}({self.arg})"
        return f"{function} #{self.index + 1}"


@dataclass
class ThreadInfo:
    name: str
    index: int
    busy: bool = False
    function: str = ""
    segments: list[Segment] = field(default_factory=list)


@dataclass
class CoroutineInfo:
    key: str
    coro: str
    created: float
    state: str
    started: float | None = None


@dataclass
class LoopState:
    tasks: dict[str, TaskInfo] = field(default_factory=dict)
    running: str | None = None
    ready: list[str] = field(default_factory=list)
    threads: dict[str, ThreadInfo] = field(default_factory=dict)
    coroutines: dict[str, CoroutineInfo] = field(default_factory=dict)
    lags: list[tuple[float, float]] = field(default_factory=list)  # (t measured, lag)
    marks: list[tuple[float, str, str]] = field(default_factory=list)  # (t, actor, label)
    errors: list[str] = field(default_factory=list)
    last_t: float = 0.0

    @property
    def root(self) -> TaskInfo | None:
        return next(iter(self.tasks.values()), None)

    def elapsed(self) -> float | None:
        """Measured time from the first task's creation to its end, once it has ended."""
        root = self.root
        if root is None or root.ended is None:
            return None
        return root.ended - root.created

    def max_lag(self) -> float:
        return max((lag for _, lag in self.lags), default=0.0)

    def stalled_until(self, t: float) -> bool:
        """True when a lag measured later covers ``t``: the loop was blocked at ``t``."""
        return any(m - lag <= t <= m for m, lag in self.lags if lag > 0.05)


class LoopReducer:
    """The :class:`~visualizer.core.timeline.Reducer` for traced asyncio runs."""

    def initial(self) -> LoopState:
        return LoopState()

    def copy(self, state: LoopState) -> LoopState:
        return copy.deepcopy(state)

    def _move(self, task: TaskInfo, state: str, t: float) -> None:
        if task.segments and task.segments[-1].end is None:
            task.segments[-1].end = t
        task.state = state
        task.since = t
        if state not in ENDED:
            task.segments.append(Segment(state, t))

    def apply(self, state: LoopState, event: Event) -> None:
        kind, actor, data, t = event.kind, event.actor, event.data, event.t
        state.last_t = t
        task = state.tasks.get(actor)
        if kind == "created":
            info = TaskInfo(actor, data.get("coro", "?"), data.get("parent"), len(state.tasks))
            info.arg = data.get("arg")
            info.name = str(data.get("name") or "")
            info.created = t
            state.tasks[actor] = info
            self._move(info, READY, t)
            state.ready.append(actor)
        elif kind == "named" and task is not None:
            task.name = str(data.get("name") or "")
        elif kind in ("started", "resumed") and task is not None:
            if kind == "started":
                task.name = str(data.get("name") or task.name)
            task.entered = data.get("cause") or data.get("how") if kind == "resumed" else None
            if task.entered in TIMEOUT_CAUSES:
                task.cause = task.entered
            if actor in state.ready:
                state.ready.remove(actor)
            task.steps += 1
            task.wait = None
            state.running = actor
            self._move(task, RUNNING, t)
        elif kind == "suspended" and task is not None:
            task.stack = tuple(data.get("stack", ()))
            task.wait = dict(data.get("wait") or {})
            if state.running == actor:
                state.running = None
            self._move(task, WAITING, t)
        elif kind == "ready" and task is not None:
            if task.state == WAITING:
                self._move(task, READY, t)
                state.ready.append(actor)
        elif kind in ("finished", "cancelled", "raised") and task is not None:
            if state.running == actor:
                state.running = None
            if actor in state.ready:
                state.ready.remove(actor)
            task.ended = t
            task.stack = ()
            task.wait = None
            if kind == "raised":
                task.error = str(data.get("error", ""))
            if kind == "cancelled":
                task.cause = data.get("cause") or task.cause
                task.never_started = data.get("started") is False
            self._move(task, {"finished": DONE, "cancelled": CANCELLED}.get(kind, FAILED), t)
        elif kind == "blocked_at" and task is not None and task.state == RUNNING:
            task.stack = tuple(data.get("stack", ()))
        elif kind == "thread_start":
            thread = state.threads.get(actor)
            if thread is None:
                thread = state.threads[actor] = ThreadInfo(actor, len(state.threads))
            thread.busy = True
            thread.function = str(data.get("function", ""))
            thread.segments.append(Segment(RUNNING, t))
        elif kind == "thread_end" and actor in state.threads:
            thread = state.threads[actor]
            thread.busy = False
            if thread.segments and thread.segments[-1].end is None:
                thread.segments[-1].end = t
        elif kind == "coroutine_created":
            state.coroutines[actor] = CoroutineInfo(
                actor, str(data.get("coro", "")), t, str(data.get("state", ""))
            )
        elif kind == "coroutine_state" and actor in state.coroutines:
            info2 = state.coroutines[actor]
            info2.state = str(data.get("state", ""))
            if info2.started is None:
                info2.started = t
        elif kind == "lag":
            state.lags.append((t, float(data.get("lag", 0.0))))
        elif kind == "mark":
            state.marks.append((t, actor, str(data.get("label", ""))))
        elif kind == "scene_error":
            state.errors.append(str(data.get("error", "")))
