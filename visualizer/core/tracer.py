"""Records what real asyncio code does, one task step at a time.

Per-function tracing (``sys.settrace``) makes a program many times slower. This tracer only sees
task steps: a task factory wraps each new task's coroutine in :class:`_TracedCoroutine`, whose
``send``/``throw`` are the exact moments the event loop hands a task control and gets it back. At
every suspension it walks the ``cr_await`` chain for the async call stack and looks at what the
task yielded to classify what it waits on. Only tasks created inside :meth:`AsyncTracer.run` (found
through a context variable) are traced, so the app's own tasks on the same loop are left alone.

Event kinds (``Event.kind``) and their ``data``:

- ``created``: ``coro`` (qualified name), ``parent`` (actor id or ``None``)
- ``started`` / ``resumed``: ``name`` (task name) on ``started``
- ``suspended``: ``stack`` (tuple of ``(function, filename, line)``, outermost first), ``wait``
  (a :class:`Wait` as a dict)
- ``ready``: the awaited thing completed; the task's wake-up is in the loop's ready queue
- ``finished`` / ``cancelled`` / ``raised``: ``error`` (repr) on ``raised``
- ``thread_start`` / ``thread_end``: work running in a thread (see :func:`thread_lane`)
- ``coroutine_created``: a coroutine object exists but nothing of it has run (``coro``, ``state``)
- ``mark``: a labelled point the scene's own code reports (``label``)
- ``lag``: measured lateness of the event loop (``lag`` seconds, ``interval``)
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import threading
import types
import weakref
from collections.abc import Awaitable, Callable, Coroutine, Generator
from typing import Any, ParamSpec, TypeVar

from visualizer.core.recorder import Recorder

P = ParamSpec("P")
R = TypeVar("R")

Frame = tuple[str, str, int]

_CURRENT: contextvars.ContextVar[AsyncTracer | None] = contextvars.ContextVar(
    "visualizer_tracer", default=None
)

# innermost coroutine (module, qualified name) -> kind of wait
_WAIT_KINDS: dict[tuple[str, str], str] = {
    ("asyncio.tasks", "sleep"): "sleep",
    ("asyncio.tasks", "gather"): "gather",
    ("asyncio.threads", "to_thread"): "thread",
    ("asyncio.queues", "Queue.get"): "queue_get",
    ("asyncio.queues", "Queue.put"): "queue_put",
    ("asyncio.locks", "Lock.acquire"): "lock",
    ("asyncio.locks", "Semaphore.acquire"): "lock",
    ("asyncio.locks", "Event.wait"): "event",
    ("asyncio.locks", "Condition.wait"): "event",
    ("asyncio.taskgroups", "TaskGroup.__aexit__"): "taskgroup",
    ("asyncio.taskgroups", "TaskGroup._aexit"): "taskgroup",
    ("asyncio.selector_events", "BaseSelectorEventLoop.sock_recv"): "socket",
    ("asyncio.selector_events", "BaseSelectorEventLoop.sock_sendall"): "socket",
    ("asyncio.streams", "StreamReader._wait_for_data"): "socket",
}


def current_tracer() -> AsyncTracer | None:
    """The tracer of the run the calling code belongs to, if any."""
    return _CURRENT.get()


def _frame_of(obj: Any) -> types.FrameType | None:
    frame = getattr(obj, "cr_frame", None)
    if frame is None:
        frame = getattr(obj, "gi_frame", None)
    return frame


def _awaited_by(obj: Any) -> Any:
    inner = getattr(obj, "cr_await", None)
    if inner is None:
        inner = getattr(obj, "gi_yieldfrom", None)
    return inner


def capture_stack(coro: Any) -> tuple[tuple[Frame, ...], types.FrameType | None]:
    """The chain of suspended coroutine frames, outermost first, and the innermost frame."""
    frames: list[Frame] = []
    innermost: types.FrameType | None = None
    obj = coro
    while obj is not None:
        frame = _frame_of(obj)
        if frame is None:
            break
        code = frame.f_code
        frames.append((code.co_qualname, code.co_filename, frame.f_lineno))
        innermost = frame
        obj = _awaited_by(obj)
    return tuple(frames), innermost


class _TracedCoroutine(Coroutine[Any, Any, Any]):
    """Wraps a task's coroutine so every step into it and out of it is recorded."""

    __slots__ = ("__weakref__", "_actor", "_coro", "_started", "_tracer")

    def __init__(self, coro: Coroutine[Any, Any, Any], tracer: AsyncTracer, actor: str) -> None:
        self._coro = coro
        self._tracer = tracer
        self._actor = actor
        self._started = False

    def _enter(self) -> None:
        if self._started:
            self._tracer.recorder.emit("resumed", self._actor)
        else:
            self._started = True
            task = asyncio.current_task()
            name = task.get_name() if task is not None else self._actor
            self._tracer.recorder.emit("started", self._actor, name=name)

    def _step(self, step: Callable[[], Any]) -> Any:
        self._enter()
        try:
            yielded = step()
        except StopIteration:
            if self._tracer._watched:
                self._tracer.check_watched()
            self._tracer.recorder.emit("finished", self._actor)
            raise
        except asyncio.CancelledError:
            self._tracer.recorder.emit("cancelled", self._actor)
            raise
        except BaseException as exc:
            self._tracer.recorder.emit("raised", self._actor, error=repr(exc))
            raise
        self._tracer._suspended(self._actor, self._coro, yielded)
        return yielded

    def send(self, value: Any) -> Any:
        return self._step(lambda: self._coro.send(value))

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> Any:
        if val is None and tb is None:
            return self._step(lambda: self._coro.throw(typ))
        return self._step(lambda: self._coro.throw(typ, val, tb))  # pragma: no cover - legacy

    def close(self) -> None:
        self._coro.close()

    def __await__(self) -> Generator[Any, None, Any]:
        return self._coro.__await__()

    def __repr__(self) -> str:
        return repr(self._coro)


class AsyncTracer:
    """Traces the tasks of one run on the running loop into ``recorder``."""

    def __init__(self, recorder: Recorder, *, stacks: bool = True) -> None:
        self.recorder = recorder
        self.stacks = stacks
        self._ids: weakref.WeakKeyDictionary[asyncio.Future[Any], str] = weakref.WeakKeyDictionary()
        self._live: set[asyncio.Task[Any]] = set()
        self._watched: dict[str, tuple[Any, str]] = {}  # coroutine objects noted, last state
        self._count = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous_factory: Any = None

    # -- task factory -------------------------------------------------------------------
    def _factory(
        self,
        loop: asyncio.AbstractEventLoop,
        coro: Any,
        context: contextvars.Context | None = None,
    ) -> asyncio.Future[Any]:
        owner = (context if context is not None else contextvars.copy_context()).get(_CURRENT)
        if owner is not self or not asyncio.iscoroutine(coro):
            return self._make_task(loop, coro, context)
        self._count += 1
        actor = f"T{self._count}"
        parent_task = asyncio.current_task(loop)
        parent = self._ids.get(parent_task) if parent_task is not None else None
        task = self._make_task(loop, _TracedCoroutine(coro, self, actor), context)
        self._ids[task] = actor
        if isinstance(task, asyncio.Task):
            self._live.add(task)
            task.add_done_callback(self._live.discard)
        self.recorder.emit("created", actor, coro=_qualname(coro), parent=parent)
        return task

    def _make_task(
        self, loop: asyncio.AbstractEventLoop, coro: Any, context: contextvars.Context | None
    ) -> asyncio.Future[Any]:
        if self._previous_factory is not None:
            if context is None:
                return self._previous_factory(loop, coro)  # type: ignore[no-any-return]
            return self._previous_factory(loop, coro, context=context)  # type: ignore[no-any-return]
        return asyncio.Task(coro, loop=loop, context=context)

    # -- suspension ---------------------------------------------------------------------
    def _suspended(self, actor: str, coro: Any, yielded: Any) -> None:
        if self._watched:
            self.check_watched()
        stack: tuple[Frame, ...] = ()
        innermost: types.FrameType | None = None
        if self.stacks:
            stack, innermost = capture_stack(coro)
        wait = self._classify(yielded, innermost)
        self.recorder.emit("suspended", actor, stack=stack, wait=wait)
        if yielded is None:
            self.recorder.emit("ready", actor)
        elif isinstance(yielded, asyncio.Future):
            yielded.add_done_callback(functools.partial(self._woken, actor))

    def watch(self, key: str, coro: Any) -> None:
        self._watched[key] = (coro, inspect.getcoroutinestate(coro))

    def check_watched(self) -> None:
        """Record state changes of noted coroutine objects (created -> running -> closed)."""
        for key, (coro, last) in list(self._watched.items()):
            now = inspect.getcoroutinestate(coro)
            if now != last:
                self.recorder.emit("coroutine_state", key, state=now)
                if now == inspect.CORO_CLOSED:
                    del self._watched[key]
                else:
                    self._watched[key] = (coro, now)

    def _woken(self, actor: str, _future: Any) -> None:
        self.recorder.emit("ready", actor)

    def _classify(self, yielded: Any, innermost: types.FrameType | None) -> dict[str, Any]:
        if yielded is None:
            return {"kind": "yield"}
        if isinstance(yielded, asyncio.Task) and yielded in self._ids:
            return {"kind": "task", "target": self._ids[yielded]}
        children = getattr(yielded, "_children", None)
        if children is not None:  # asyncio.gather's future
            targets = [self._ids.get(c) for c in children]
            return {"kind": "gather", "targets": [t for t in targets if t]}
        if innermost is not None:
            module = innermost.f_globals.get("__name__", "")
            qualname = innermost.f_code.co_qualname
            kind = _WAIT_KINDS.get((module, qualname))
            if kind == "sleep":
                handle = innermost.f_locals.get("h")
                deadline = None
                if isinstance(handle, asyncio.TimerHandle) and self._loop is not None:
                    deadline = self.recorder.now() + (handle.when() - self._loop.time())
                return {
                    "kind": "sleep",
                    "deadline": deadline,
                    "delay": innermost.f_locals.get("delay"),
                }
            if kind is not None:
                return {"kind": kind, "detail": qualname}
            return {"kind": "future", "detail": qualname}
        return {"kind": "future", "detail": type(yielded).__name__}

    # -- running ------------------------------------------------------------------------
    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._previous_factory = loop.get_task_factory()
        loop.set_task_factory(self._factory)

    def uninstall(self) -> None:
        if self._loop is not None:
            self._loop.set_task_factory(self._previous_factory)
            self._loop = None

    def actor_of(self, task: asyncio.Future[Any]) -> str | None:
        return self._ids.get(task)

    async def run(self, main: Callable[[], Coroutine[Any, Any, R]], name: str = "main") -> R:
        """Run ``main()`` as a traced task and wait for it; cancel leftovers on the way out.

        Tasks the scene's code created and never awaited are cancelled and awaited here, so a
        restart or a closed window never leaves "Task was destroyed but it is pending" behind.
        """
        loop = asyncio.get_running_loop()
        self.install(loop)
        token = _CURRENT.set(self)
        try:
            root = loop.create_task(main(), name=name)
        finally:
            _CURRENT.reset(token)
        try:
            return await root
        finally:
            if not root.done():
                root.cancel()
            leftovers = [t for t in (root, *self._live) if not t.done()]
            for task in leftovers:
                task.cancel()
            if leftovers:
                await asyncio.wait(leftovers)
            self.uninstall()
            self.recorder.finish()


def _qualname(coro: Any) -> str:
    return getattr(coro, "__qualname__", None) or type(coro).__name__


def thread_lane(fn: Callable[P, R]) -> Callable[P, R]:
    """Record when ``fn`` runs in a worker thread (for ``asyncio.to_thread``), as a lane."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        tracer = _CURRENT.get()
        thread = threading.current_thread().name
        if tracer is not None:
            tracer.recorder.emit("thread_start", thread, function=fn.__qualname__)
        try:
            return fn(*args, **kwargs)
        finally:
            if tracer is not None:
                tracer.recorder.emit("thread_end", thread, function=fn.__qualname__)

    return wrapper


def mark(label: str, **data: Any) -> None:
    """Let the scene's own code say where it is, attributed to the current task."""
    tracer = _CURRENT.get()
    if tracer is None:
        return
    task = asyncio.current_task()
    actor = (tracer.actor_of(task) if task is not None else None) or "main"
    tracer.recorder.emit("mark", actor, label=label, **data)


def note_coroutine(coro: Awaitable[Any]) -> None:
    """Record that a coroutine object exists and what state it is in (nothing has run yet)."""
    tracer = _CURRENT.get()
    if tracer is None:
        return
    if not inspect.iscoroutine(coro):
        return
    key = f"coro@{id(coro):x}"
    frame = _frame_of(coro)
    tracer.recorder.emit(
        "coroutine_created",
        key,
        coro=_qualname(coro),
        state=inspect.getcoroutinestate(coro),
        line=frame.f_lineno if frame is not None else None,
    )
    tracer.watch(key, coro)
