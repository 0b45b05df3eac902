"""What a suspended task waits on, told from its coroutine chain and what it yielded.

The deciding frame is the asyncio function the program itself called: walking from the innermost
frame outwards, the outermost of the innermost run of asyncio frames. ``Queue.join`` waits in
``Event.wait`` and ``as_completed`` in ``Queue.get``, yet the program asked for ``Queue.join``
and ``as_completed``, so that is what the wait is called. Futures awaited directly are told by
what asyncio hung on them: ``gather``'s children, ``shield``'s inner task, the concurrent future
of ``run_in_executor``. What depends on the stack alone (:func:`api_of`) is worked out once per
distinct stack, when the sink first sees it.
"""

from __future__ import annotations

import asyncio
import os
import types
import weakref
from collections.abc import Sequence
from typing import Any

_ASYNCIO_DIR = os.path.dirname(asyncio.__file__) + os.sep

# qualified name of an asyncio function -> kind of wait; "" is asyncio code of no own kind
_KINDS: dict[str, str] = {
    "sleep": "sleep",
    "gather": "gather",
    "wait": "wait",
    "_wait": "wait",
    "wait_for": "wait_for",
    "to_thread": "thread",
    "as_completed.<locals>._wait_for_one": "as_completed",
    "_AsCompletedIterator._wait_for_one": "as_completed",
    "Queue.get": "queue_get",
    "Queue.put": "queue_put",
    "Queue.join": "queue_join",
    "Lock.acquire": "lock",
    "Semaphore.acquire": "semaphore",
    "BoundedSemaphore.acquire": "semaphore",
    "Event.wait": "event",
    "Condition.wait": "condition",
    "Condition.wait_for": "condition",
    "Barrier.wait": "barrier",
    "TaskGroup.__aexit__": "taskgroup",
    "TaskGroup._aexit": "taskgroup",
    "StreamReader._wait_for_data": "stream",
    "StreamReader.read": "stream",
    "StreamReader.readline": "stream",
    "StreamReader.readuntil": "stream",
    "StreamReader.readexactly": "stream",
    "StreamWriter.drain": "stream",
    "FlowControlMixin._drain_helper": "stream",
    "open_connection": "socket",
    "start_server": "socket",
    "BaseEventLoop.create_connection": "socket",
    "BaseEventLoop.sock_connect": "socket",
    "BaseSelectorEventLoop.sock_recv": "socket",
    "BaseSelectorEventLoop.sock_recv_into": "socket",
    "BaseSelectorEventLoop.sock_recvfrom": "socket",
    "BaseSelectorEventLoop.sock_sendall": "socket",
    "BaseSelectorEventLoop.sock_sendto": "socket",
    "BaseSelectorEventLoop.sock_connect": "socket",
    "BaseSelectorEventLoop.sock_accept": "socket",
    "BaseEventLoop.getaddrinfo": "socket",
    "create_subprocess_exec": "subprocess",
    "create_subprocess_shell": "subprocess",
    "Process.wait": "subprocess",
    "Process.communicate": "subprocess",
    "BaseSubprocessTransport._wait": "subprocess",
    "BaseEventLoop.subprocess_exec": "subprocess",
    "BaseEventLoop.subprocess_shell": "subprocess",
}

# futures made by run_in_executor -> the function's name (entries leave with their futures)
EXECUTOR_FUTURES: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()

_YIELD = ("yield", None, None)


def api_of(frames: Sequence[tuple[str, str, int]]) -> tuple[str, str | None]:
    """The wait kind a stack stands for, and the asyncio function (qualified name) deciding it.

    Depends on the stack alone, so the sink works it out once per distinct stack.
    """
    api: str | None = None
    api_kind = ""
    for qualname, filename, _line in reversed(frames):
        if not filename.startswith(_ASYNCIO_DIR):
            break
        kind = _KINDS.get(qualname, "")
        if kind:
            api, api_kind = qualname, kind
    return api_kind, api


def _frame_of(coro: Any, qualname: str) -> types.FrameType | None:
    """The asyncio frame running ``qualname`` in the chain under ``coro`` (a rare look-up)."""
    obj = coro
    while obj is not None:
        frame = getattr(obj, "cr_frame", None) or getattr(obj, "gi_frame", None)
        if frame is None:
            return None
        code = frame.f_code
        if code.co_qualname == qualname and code.co_filename.startswith(_ASYNCIO_DIR):
            return frame  # type: ignore[no-any-return]
        obj = getattr(obj, "cr_await", None) or getattr(obj, "gi_yieldfrom", None)
    return None


def _closure_task(callback: Any) -> Any:
    for cell in getattr(callback, "__closure__", None) or ():
        value = cell.cell_contents
        if isinstance(value, asyncio.Future):
            return value
    return None


def classify(
    yielded: Any,
    api_kind: str,
    api: str | None,
    coro: Any,
    innermost: types.FrameType | None,
    actor_of: Any,
) -> tuple[str, Any, Any]:
    """The wait of one suspension as ``(kind, a, b)`` (:func:`~visualizer.core.trace_events.
    wait_dict` reads them); ``api_kind``/``api`` are :func:`api_of` of the task's stack."""
    if yielded is None:
        return _YIELD
    if api_kind == "sleep":
        delay = innermost.f_locals.get("delay") if innermost is not None else None
        return ("sleep", delay, None)
    if api_kind == "gather" or (not api_kind and hasattr(yielded, "_children")):
        targets = tuple(a for a in map(actor_of, yielded._children) if a is not None)
        return ("gather", targets, None)
    if api_kind == "thread":
        return ("thread", EXECUTOR_FUTURES.get(yielded), api)
    if api_kind == "wait_for":
        target = actor_of(yielded)
        if target is None:  # 3.11 waits on a private future; the task is its local ``fut``
            frame = _frame_of(coro, api) if api is not None else None
            target = actor_of(frame.f_locals.get("fut")) if frame is not None else None
        return ("wait_for", target, api)
    if api_kind:
        return (api_kind, api, None)
    target = actor_of(yielded)
    if target is not None:
        return ("task", target, None)
    if isinstance(yielded, asyncio.Future):
        function = EXECUTOR_FUTURES.get(yielded)
        if function is not None:
            return ("thread", function, None)
        for callback, _context in yielded._callbacks or ():
            if getattr(callback, "__qualname__", "") == "shield.<locals>._outer_done_callback":
                return ("shield", actor_of(_closure_task(callback)), None)
    detail = innermost.f_code.co_qualname if innermost is not None else None
    return ("future", type(yielded).__name__, detail)
