"""The sync-async scene's state: each thread's real call stack over time, and the calls' totals.

Folded from the ``push``/``pop`` events the shown functions themselves recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from visualizer.core.recorder import Event
from visualizer.scenes.sync_async.host import (
    A_THREAD,
    HOST_DONE,
    SYNC,
)
from visualizer.scenes.sync_async.probe import POP, PUSH

SETUP = "setup"
MAX_CALLS = 8
MAX_WORK = 2.0
MAX_OWN = 1.0


# Function name -> colour index, shared by the stacks, the lanes and the code panel.
FN_COLOUR = {
    "a_sync": 0,
    "a_with_callbacks": 0,
    "a_awaits_later": 0,
    "b_work": 1,
    "own_work": 2,
    "on_result": 5,
    "collect": 3,
}
A_FUNCTIONS = ("a_sync", "a_with_callbacks", "a_awaits_later")


@dataclass(frozen=True, slots=True)
class StackEntry:
    """One frame on a thread's call stack."""

    fn: str
    call: int | None
    since: float
    line: int
    call_line: int | None


@dataclass(frozen=True, slots=True)
class Segment:
    """What was on top of a thread's stack from ``start`` to ``end`` (None: still there)."""

    start: float
    end: float | None
    fn: str
    call: int | None


@dataclass(frozen=True, slots=True)
class Popped:
    """The last frame that left a stack, for the pop animation."""

    t: float
    fn: str
    call: int | None
    depth: int
    how: str


@dataclass
class ThreadState:
    name: str
    index: int
    stack: list[StackEntry] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    popped: Popped | None = None

    @property
    def is_a(self) -> bool:
        return self.name == A_THREAD

    @property
    def top(self) -> StackEntry | None:
        return self.stack[-1] if self.stack else None

    def copy(self) -> ThreadState:
        return replace(self, stack=list(self.stack), segments=list(self.segments))


@dataclass
class CallState:
    """One call of B: when it started and finished, and when A had its result."""

    call: int
    started: float | None = None
    finished: float | None = None
    delivered: float | None = None
    thread: str = ""
    requested: float | None = None  # A started it (async) or called it (sync)


@dataclass
class SyncAsyncState:
    mode: str = SYNC
    calls_total: int = 0
    work: float = 0.0
    own: float = 0.0
    threads: dict[str, ThreadState] = field(default_factory=dict)
    calls: dict[int, CallState] = field(default_factory=dict)
    began: float | None = None
    a_returned: float | None = None  # A's own function returned
    ended: float | None = None
    stopped: bool = False
    errors: list[str] = field(default_factory=list)
    last_t: float = 0.0

    @property
    def a(self) -> ThreadState | None:
        return self.threads.get(A_THREAD)

    @property
    def delivered(self) -> int:
        return sum(1 for c in self.calls.values() if c.delivered is not None)

    def total(self) -> float | None:
        """Measured: from A's first call to the moment A had every result."""
        if self.began is None or self.calls_total == 0 or self.delivered < self.calls_total:
            return None
        last = max(c.delivered for c in self.calls.values() if c.delivered is not None)
        return last - self.began

    def running_b(self) -> int:
        """How many B calls are working right now."""
        return sum(1 for x in self.threads.values() for f in x.stack if f.fn == "b_work")


class SyncAsyncReducer:
    def initial(self) -> SyncAsyncState:
        return SyncAsyncState()

    def copy(self, state: SyncAsyncState) -> SyncAsyncState:
        return replace(
            state,
            threads={k: v.copy() for k, v in state.threads.items()},
            calls={k: replace(v) for k, v in state.calls.items()},
            errors=list(state.errors),
        )

    def apply(self, state: SyncAsyncState, event: Event) -> None:
        kind, actor, data, t = event.kind, event.actor, event.data, event.t
        state.last_t = t
        if kind == SETUP:
            state.mode = str(data.get("mode", SYNC))
            state.calls_total = int(data.get("calls", 0))
            state.work = float(data.get("work", 0.0))
            state.own = float(data.get("own", 0.0))
            state.calls = {i: CallState(i) for i in range(1, state.calls_total + 1)}
            state.threads[A_THREAD] = ThreadState(A_THREAD, 0)
        elif kind == PUSH:
            self._push(state, actor, data, t)
        elif kind == POP:
            self._pop(state, actor, data, t)
        elif kind == HOST_DONE:
            state.ended = t
            state.stopped = bool(data.get("stopped", False))
            if data.get("error"):
                state.errors.append(str(data["error"]))
        elif kind == "scene_error":
            state.errors.append(str(data.get("error", "")))

    def _thread(self, state: SyncAsyncState, name: str) -> ThreadState:
        thread = state.threads.get(name)
        if thread is None:
            thread = state.threads[name] = ThreadState(name, len(state.threads))
        return thread

    @staticmethod
    def _retop(thread: ThreadState, t: float) -> None:
        """Close the open segment and open one for the new top of the stack."""
        if thread.segments and thread.segments[-1].end is None:
            last = thread.segments[-1]
            thread.segments[-1] = replace(last, end=t)
        top = thread.top
        if top is not None:
            thread.segments.append(Segment(t, None, top.fn, top.call))

    def _push(self, state: SyncAsyncState, actor: str, data: Any, t: float) -> None:
        thread = self._thread(state, actor)
        fn = str(data.get("fn", "?"))
        call = data.get("call")
        entry = StackEntry(fn, call, t, int(data.get("line", 0)), data.get("call_line"))
        thread.stack.append(entry)
        self._retop(thread, t)
        if state.began is None and thread.is_a:
            state.began = t
        info = state.calls.get(call) if isinstance(call, int) else None
        if info is not None and fn == "b_work" and info.started is None:
            info.started = t
            info.thread = actor
            if info.requested is None:
                info.requested = t
        if info is not None and fn == "on_result":
            info.delivered = t

    def _pop(self, state: SyncAsyncState, actor: str, data: Any, t: float) -> None:
        thread = self._thread(state, actor)
        fn = str(data.get("fn", "?"))
        call = data.get("call")
        how = str(data.get("how", "return"))
        for i in range(len(thread.stack) - 1, -1, -1):
            if thread.stack[i].fn == fn:
                depth = i
                del thread.stack[i:]
                thread.popped = Popped(t, fn, call, depth, how)
                break
        self._retop(thread, t)
        info = state.calls.get(call) if isinstance(call, int) else None
        if fn == "b_work" and info is not None:
            info.finished = t
            if thread.is_a and how == "return":  # synchronous: the result is A's at once
                info.delivered = t
        elif fn == "collect" and info is not None and how == "return":
            info.delivered = t
        elif fn in A_FUNCTIONS and how in ("return", "raise"):
            state.a_returned = t
