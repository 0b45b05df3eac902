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
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from visualizer.core.contract import BenchLoad, Highlight, Metric, Preset, Run, Scene, Setting
from visualizer.core.recorder import Event
from visualizer.core.text import QT_TRANSLATE_NOOP, Msg
from visualizer.scenes.sync_async import presets as code
from visualizer.scenes.sync_async.host import (
    A_THREAD,
    AWAIT,
    CALLBACK,
    HOST_DONE,
    MODES,
    SYNC,
    run_host,
)
from visualizer.scenes.sync_async.probe import POP, PUSH

CTX = "SyncAsyncScene"
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

MODE_TITLE: dict[str, Msg] = {
    SYNC: QT_TRANSLATE_NOOP(CTX, "Synchronous (동기): A waits for each result"),
    CALLBACK: QT_TRANSLATE_NOOP(CTX, "Asynchronous (비동기) with a callback"),
    AWAIT: QT_TRANSLATE_NOOP(CTX, "Asynchronous (비동기): start now, await later"),
}


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
        if state.errors:
            return QT_TRANSLATE_NOOP(CTX, "The scene's code failed: {error}")(
                error=state.errors[-1]
            )
        a = state.a
        if a is None or state.began is None:
            return QT_TRANSLATE_NOOP(CTX, "Starting: A's thread is about to call B.")
        total = state.total()
        if total is not None:
            return self._caption_done(state, total)
        if state.stopped:
            return QT_TRANSLATE_NOOP(CTX, "The run was stopped before every result arrived.")
        top = a.top
        if state.mode == SYNC:
            if top is not None and top.fn == "b_work":
                return QT_TRANSLATE_NOOP(
                    CTX,
                    "A called B #{call} and waits: A's frame sits under B's on the call stack, "
                    "and nothing else runs on A's thread until B returns its result "
                    "(synchronous). {s:.2f} s so far.",
                )(call=top.call, s=t - top.since)
            if top is not None and top.fn == "own_work":
                done = state.delivered
                return QT_TRANSLATE_NOOP(
                    CTX,
                    "B returned result {k} to A, and only now does A go on: it does its own "
                    "work before the next call.",
                )(k=done)
            return QT_TRANSLATE_NOOP(CTX, "A runs on its thread and is about to call B.")
        pending = state.calls_total - state.delivered
        running = state.running_b()
        if top is not None and top.fn == "on_result":
            return QT_TRANSLATE_NOOP(
                CTX,
                "B #{call} has finished on its worker thread; its callback on_result now runs on "
                "A's thread with the result. {left} results still to come.",
            )(call=top.call, left=pending)
        if top is not None and top.fn == "own_work":
            started = sum(1 for c in state.calls.values() if c.started is not None)
            if state.mode == CALLBACK:
                return QT_TRANSLATE_NOOP(
                    CTX,
                    "A started B #{k} on a worker thread, handed it on_result as the callback, "
                    "and went straight on with its own work: A does not wait (asynchronous). "
                    "{running} B calls are working at once.",
                )(k=started, running=running)
            return QT_TRANSLATE_NOOP(
                CTX,
                "A started B #{k} and did not wait for its answer: it does its own work while "
                "B runs on a worker thread (asynchronous). {running} B calls are working at "
                "once.",
            )(k=started, running=running)
        if state.mode == AWAIT and not a.stack:
            waiting = _awaited_call(a)
            return QT_TRANSLATE_NOOP(
                CTX,
                "A awaits the result of B #{call}: its coroutine is suspended, off the call "
                "stack, and A's thread is free. B's answer will resume it.",
            )(call=waiting or state.delivered + 1)
        if not a.stack:
            return QT_TRANSLATE_NOOP(
                CTX,
                "A has already returned. A's thread waits idle in its event loop for the "
                "callbacks: {left} results still to come.",
            )(left=pending)
        return QT_TRANSLATE_NOOP(
            CTX, "A runs on its own thread: it starts B calls without waiting for them."
        )

    def _caption_done(self, state: SyncAsyncState, total: float) -> Msg:
        n = state.calls_total
        if state.mode == SYNC:
            return QT_TRANSLATE_NOOP(
                CTX,
                "All {n} calls took {total:.2f} s, measured: about {n} × ({work:.2f} s + "
                "{own:.2f} s), because A waited for every result before going on.",
            )(n=n, total=total, work=state.work, own=state.own)
        return QT_TRANSLATE_NOOP(
            CTX,
            "All {n} results arrived {total:.2f} s after the first call, measured. The B calls "
            "overlapped, so the total is about one B ({work:.2f} s) plus A's own work, not "
            "{n} × B ({all_b:.2f} s).",
        )(n=n, total=total, work=state.work, all_b=n * state.work)

    def highlights(self, state: SyncAsyncState, t: float) -> list[Highlight]:
        out: list[Highlight] = []
        for thread in state.threads.values():
            stack = thread.stack
            for i, entry in enumerate(stack):
                if i == len(stack) - 1:
                    out.append(Highlight(code.__file__, entry.line, thread.name, thread.index))
                if entry.call_line is not None and i > 0:
                    out.append(Highlight(code.__file__, entry.call_line, thread.name, thread.index))
        return out

    def metrics(self, state: SyncAsyncState, t: float) -> list[Metric]:
        n = state.calls_total
        total = state.total()
        so_far = (t - state.began) if state.began is not None else 0.0
        out = [
            Metric(
                QT_TRANSLATE_NOOP(CTX, "Measured total"),
                f"{total:.3f} s" if total is not None else f"{so_far:.2f} s …",
            ),
            Metric(QT_TRANSLATE_NOOP(CTX, "Results"), f"{state.delivered}/{n}"),
            Metric(QT_TRANSLATE_NOOP(CTX, "N × B's work"), f"{n * state.work:.2f} s"),
            Metric(QT_TRANSLATE_NOOP(CTX, "B calls at once now"), str(state.running_b())),
        ]
        return out


def _awaited_call(a: ThreadState) -> int | None:
    """The B call whose result A's suspended coroutine is waiting for."""
    popped = a.popped
    if popped is not None and popped.how == "suspend" and popped.fn == "collect":
        return popped.call if isinstance(popped.call, int) else None
    for seg in reversed(a.segments):
        if seg.fn == "collect":
            return seg.call
    return None


SCENE = SyncAsyncScene()
