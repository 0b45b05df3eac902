"""Records the real call stack of the scene's functions, per thread, as they run.

The scene's functions carry :func:`on_stack`. Each time one of them starts, returns or raises on
some thread, the decorator records a ``push`` or ``pop`` attributed to that thread. A coroutine
function's frame leaves the thread at every ``await`` that suspends it and comes back when it is
resumed, so for those the decorator records ``pop``/``push`` with ``how="suspend"``/``"resume"``
at exactly those moments (it drives the coroutine one step at a time, like a task does).

Which recorder a thread reports to is set per thread with :func:`attach` (the host thread and
the worker pool's initializer call it), so functions called by other code record nothing.
"""

from __future__ import annotations

import dis
import functools
import inspect
import threading
from collections.abc import Callable, Coroutine, Generator
from typing import Any, ParamSpec, TypeVar, cast

from visualizer.core.callsite import caller_line
from visualizer.core.recorder import Recorder

P = ParamSpec("P")
R = TypeVar("R")

PUSH = "push"  # fn, call, line (its first body line), call_line (caller's line), how
POP = "pop"  # fn, call, how: "return", "raise" or "suspend"

_LOCAL = threading.local()


class RunStopped(Exception):
    """Raised in the host thread at its next call once the run has been stopped."""


def attach(recorder: Recorder, stop: threading.Event | None = None, owner: bool = False) -> None:
    """From now on this thread's decorated calls report to ``recorder``.

    ``owner`` marks the thread that runs A: it stops at its next call once ``stop`` is set, so a
    restart never waits for a whole run of calls.
    """
    _LOCAL.recorder = recorder
    _LOCAL.stop = stop
    _LOCAL.owner = owner


def detach() -> None:
    _LOCAL.recorder = None
    _LOCAL.stop = None
    _LOCAL.owner = False


def _body_line(fn: Callable[..., Any]) -> int:
    """The line of the first statement of ``fn``'s body (what it is busy with when on top)."""
    code = fn.__code__
    lines = sorted(
        line
        for _, line in dis.findlinestarts(code)
        if line is not None and line > code.co_firstlineno
    )
    return lines[0] if lines else code.co_firstlineno


def _call_number(
    signature: inspect.Signature, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    if "call" not in signature.parameters:
        return None
    try:
        return signature.bind_partial(*args, **kwargs).arguments.get("call")
    except TypeError:
        return None


class _Frame:
    """What one call of a decorated function records, and to which recorder."""

    __slots__ = ("call", "call_line", "fn", "line", "recorder", "thread")

    def __init__(self, fn: str, line: int, call: Any, call_line: int | None) -> None:
        self.recorder: Recorder | None = getattr(_LOCAL, "recorder", None)
        self.fn = fn
        self.line = line
        self.call = call
        self.call_line = call_line
        self.thread = threading.current_thread().name

    def push(self, how: str) -> None:
        if self.recorder is None:
            return
        # Stop only at a call A's own code makes, never inside a callback the loop runs.
        if how == "call" and self.call_line is not None and getattr(_LOCAL, "owner", False):
            stop = getattr(_LOCAL, "stop", None)
            if stop is not None and stop.is_set():
                raise RunStopped
        self.thread = threading.current_thread().name
        self.recorder.emit(
            PUSH,
            self.thread,
            fn=self.fn,
            call=self.call,
            line=self.line,
            call_line=self.call_line,
            how=how,
        )

    def pop(self, how: str) -> None:
        if self.recorder is not None:
            self.recorder.emit(POP, self.thread, fn=self.fn, call=self.call, how=how)


class _Stepped:
    """Drives a coroutine one step at a time, recording when its frame leaves and returns."""

    def __init__(self, coro: Coroutine[Any, Any, Any], frame: _Frame) -> None:
        self.coro = coro
        self.frame = frame

    def __await__(self) -> Generator[Any, Any, Any]:
        coro, frame = self.coro, self.frame
        value: Any = None
        error: BaseException | None = None
        how = "call"
        while True:
            try:
                frame.push(how)
            except BaseException:  # stopped before the coroutine ran: never leave it unawaited
                coro.close()
                raise
            try:
                yielded = coro.send(value) if error is None else coro.throw(error)
            except StopIteration as stop:
                frame.pop("return")
                return stop.value
            except BaseException:
                frame.pop("raise")
                raise
            frame.pop("suspend")
            how = "resume"
            try:
                value, error = (yield yielded), None
            except BaseException as exc:  # cancellation and the like go into the coroutine
                value, error = None, exc


def on_stack(fn: Callable[P, R]) -> Callable[P, R]:
    """Record this function's frame being pushed and popped on whichever thread runs it."""
    name = fn.__name__
    line = _body_line(fn)
    signature = inspect.signature(fn)
    filename = fn.__code__.co_filename

    if inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def stepped(*args: Any, **kwargs: Any) -> Any:
            frame = _Frame(
                name, line, _call_number(signature, args, kwargs), caller_line(1, filename)
            )
            if frame.recorder is None:
                return await fn(*args, **kwargs)
            return await _Stepped(fn(*args, **kwargs), frame)

        return cast(Callable[P, R], stepped)

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        frame = _Frame(name, line, _call_number(signature, args, kwargs), caller_line(1, filename))
        frame.push("call")
        try:
            result = fn(*args, **kwargs)
        except BaseException:
            frame.pop("raise")
            raise
        frame.pop("return")
        return result

    return wrapper
