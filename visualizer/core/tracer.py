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
- ``blocked_at``: a step has held the loop for long; ``stack`` is where the task is stuck
  (only with ``watch_long_steps``)
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import sys
import threading
import types
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
        # Exact type checks first: this runs at every suspension of every traced task.
        if type(obj) is types.CoroutineType:
            frame, inner = obj.cr_frame, obj.cr_await
        elif type(obj) is types.GeneratorType:
            frame, inner = obj.gi_frame, obj.gi_yieldfrom
        else:
            frame, inner = _frame_of(obj), _awaited_by(obj)
        if frame is None:
            break
        code = frame.f_code
        frames.append((code.co_qualname, code.co_filename, frame.f_lineno))
        innermost = frame
        obj = inner
    return tuple(frames), innermost


class _TracedCoroutine(Coroutine[Any, Any, Any]):
    """Wraps a task's coroutine so every step into it and out of it is recorded.

    This is the hot path of tracing (one call per task step), so it avoids closures, keyword
    packing and look-ups through the tracer where a slot will do.
    """

    __slots__ = ("__weakref__", "_actor", "_add", "_coro", "_started", "_task", "_tracer", "_woken")

    def __init__(self, coro: Coroutine[Any, Any, Any], tracer: AsyncTracer, actor: str) -> None:
        self._coro = coro
        self._tracer = tracer
        self._actor = actor
        self._add = tracer.recorder.add
        self._started = False
        self._task: asyncio.Future[Any] | None = None
        self._woken = self._on_woken

    def _on_woken(self, _future: Any) -> None:
        self._add("ready", self._actor)

    def _enter(self) -> str | None:
        if self._started:
            self._add("resumed", self._actor)
        else:
            self._started = True
            task = self._task
            name = task.get_name() if isinstance(task, asyncio.Task) else self._actor
            self._add("started", self._actor, {"name": name})
        tracer = self._tracer
        tracer.steps += 1
        outer, tracer.current = tracer.current, self._actor
        return outer

    def _exit(self, outer: str | None, exc: BaseException | None) -> None:
        tracer = self._tracer
        tracer.current = outer
        if tracer._watched:
            tracer.check_watched()
        if isinstance(exc, StopIteration):
            self._add("finished", self._actor)
        elif isinstance(exc, asyncio.CancelledError):
            self._add("cancelled", self._actor)
        else:
            self._add("raised", self._actor, {"error": repr(exc)})
        self._task = None  # break the task <-> coroutine cycle

    def send(self, value: Any) -> Any:
        outer = self._enter()
        try:
            yielded = self._coro.send(value)
        except BaseException as exc:
            self._exit(outer, exc)
            raise
        self._tracer.current = outer
        self._tracer._suspended(self, yielded)
        return yielded

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> Any:
        outer = self._enter()
        try:
            if val is None and tb is None:
                yielded = self._coro.throw(typ)
            else:  # pragma: no cover - the legacy three-argument form
                yielded = self._coro.throw(typ, val, tb)
        except BaseException as exc:
            self._exit(outer, exc)
            raise
        self._tracer.current = outer
        self._tracer._suspended(self, yielded)
        return yielded

    def close(self) -> None:
        self._coro.close()

    def __await__(self) -> Generator[Any, None, Any]:
        return self._coro.__await__()

    def __repr__(self) -> str:
        return repr(self._coro)


class AsyncTracer:
    """Traces the tasks of one run on the running loop into ``recorder``."""

    def __init__(
        self, recorder: Recorder, *, stacks: bool = True, watch_long_steps: bool = False
    ) -> None:
        self.recorder = recorder
        self.stacks = stacks
        self.watch_long_steps = watch_long_steps
        self.current: str | None = None  # actor whose step is running now
        self.steps = 0  # task steps begun so far; the long-step watcher compares it
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
        wrapper = _TracedCoroutine(coro, self, actor)
        task = self._make_task(loop, wrapper, context)
        wrapper._task = task
        self.recorder.add(
            "created",
            actor,
            {"coro": _qualname(coro), "parent": self.current, "arg": _label_argument(coro)},
        )
        return task

    def _make_task(
        self, loop: asyncio.AbstractEventLoop, coro: Any, context: contextvars.Context | None
    ) -> asyncio.Future[Any]:
        if self._previous_factory is not None:
            if context is None:
                return self._previous_factory(loop, coro)  # type: ignore[no-any-return]
            return self._previous_factory(loop, coro, context=context)  # type: ignore[no-any-return]
        return asyncio.Task(coro, loop=loop, context=context)

    def actor_of(self, task: Any) -> str | None:
        """The actor id of a task this tracer created, else None."""
        get_coro = getattr(task, "get_coro", None)
        wrapper = get_coro() if get_coro is not None else None
        if isinstance(wrapper, _TracedCoroutine) and wrapper._tracer is self:
            return wrapper._actor
        return None

    # -- suspension ---------------------------------------------------------------------
    def _suspended(self, wrapper: _TracedCoroutine, yielded: Any) -> None:
        if self._watched:
            self.check_watched()
        stack: tuple[Frame, ...] = ()
        innermost: types.FrameType | None = None
        if self.stacks:
            stack, innermost = capture_stack(wrapper._coro)
        add = wrapper._add
        add(
            "suspended",
            wrapper._actor,
            {"stack": stack, "wait": self._classify(yielded, innermost)},
        )
        if yielded is None:
            add("ready", wrapper._actor)
        else:
            add_done_callback = getattr(yielded, "add_done_callback", None)
            if add_done_callback is not None:
                add_done_callback(wrapper._woken)

    def watch(self, key: str, coro: Any) -> None:
        self._watched[key] = (coro, inspect.getcoroutinestate(coro))

    def check_watched(self) -> None:
        """Record state changes of noted coroutine objects (created -> running -> closed)."""
        for key, (coro, last) in list(self._watched.items()):
            now = inspect.getcoroutinestate(coro)
            if now != last:
                self.recorder.add("coroutine_state", key, {"state": now})
                if now == inspect.CORO_CLOSED:
                    del self._watched[key]
                else:
                    self._watched[key] = (coro, now)

    def _classify(self, yielded: Any, innermost: types.FrameType | None) -> dict[str, Any]:
        if yielded is None:
            return {"kind": "yield"}
        target = self.actor_of(yielded) if isinstance(yielded, asyncio.Task) else None
        if target is not None:
            return {"kind": "task", "target": target}
        children = getattr(yielded, "_children", None)
        if children is not None:  # asyncio.gather's future
            targets = [self.actor_of(c) for c in children]
            return {"kind": "gather", "targets": [t for t in targets if t]}
        if innermost is not None:
            code = innermost.f_code
            kind = _WAIT_KINDS.get((innermost.f_globals.get("__name__", ""), code.co_qualname))
            if kind == "sleep":
                local = innermost.f_locals
                delay = local.get("delay")
                when = getattr(local.get("h"), "when", None)
                now = self.recorder.now()
                if callable(when) and self._loop is not None:
                    deadline = now + (when() - self._loop.time())
                else:  # qasync's timer handles have no when(); the timer was set this very step
                    deadline = now + float(delay or 0.0)
                return {"kind": "sleep", "deadline": deadline, "delay": delay}
            if kind is not None:
                return {"kind": kind, "detail": code.co_qualname}
            return {"kind": "future", "detail": code.co_qualname}
        return {"kind": "future", "detail": type(yielded).__name__}

    # -- running ------------------------------------------------------------------------
    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._previous_factory = loop.get_task_factory()
        loop.set_task_factory(self._factory)

    def uninstall(self) -> None:
        """Restore the loop's factory, unless a newer run's tracer has replaced ours since.

        A cancelled run may finish unwinding after the next run has started; putting our saved
        factory back then would silently switch the newer run's tracing off.
        """
        if self._loop is not None:
            if self._loop.get_task_factory() == self._factory:
                self._loop.set_task_factory(self._previous_factory)
            self._loop = None

    def _own_pending_tasks(self, loop: asyncio.AbstractEventLoop) -> list[asyncio.Task[Any]]:
        return [t for t in asyncio.all_tasks(loop) if not t.done() and self.actor_of(t)]

    async def run(self, main: Callable[[], Coroutine[Any, Any, R]], name: str = "main") -> R:
        """Run ``main()`` as a traced task and wait for it; cancel leftovers on the way out.

        Tasks the scene's code created and never awaited are cancelled and awaited here, so a
        restart or a closed window never leaves "Task was destroyed but it is pending" behind;
        coroutine objects it noted and never started are closed.
        """
        loop = asyncio.get_running_loop()
        self.install(loop)
        watcher = _LongStepWatcher(self) if self.watch_long_steps else None
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
            leftovers = [root, *self._own_pending_tasks(loop)]
            for task in leftovers:
                task.cancel()
            pending = [t for t in leftovers if not t.done()]
            if pending:
                await asyncio.wait(pending)
            # A noted coroutine object that a cancelled run never awaited is closed here, so a
            # restart mid-run does not print "coroutine ... was never awaited".
            for coro, _state in self._watched.values():
                if inspect.getcoroutinestate(coro) == inspect.CORO_CREATED:
                    coro.close()
            if watcher is not None:
                watcher.stop()
            self.uninstall()
            self.recorder.finish()


_WRAPPER_CODES = frozenset({_TracedCoroutine.send.__code__, _TracedCoroutine.throw.__code__})


class _LongStepWatcher:
    """Finds the line a task is stuck on when one step holds the loop for long.

    A task that never awaits (``time.sleep`` in a coroutine) gives the tracer no suspension to
    look at, and while it blocks no code on the loop thread can run. A second thread can still
    look: every ``interval`` it checks whether the same step is still running and, once per
    such step, takes the loop thread's current frames (``sys._current_frames``) from the
    tracer's wrapper down to the innermost Python frame, recorded as a ``blocked_at`` event.
    """

    def __init__(self, tracer: AsyncTracer, interval: float = 0.05) -> None:
        self._tracer = tracer
        self._interval = interval
        self._thread_id = threading.get_ident()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="long-step-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        tracer = self._tracer
        seen_step, reported_step = -1, -1
        while not self._stop.wait(self._interval):
            step, actor = tracer.steps, tracer.current
            if actor is None or step != seen_step:
                seen_step = step
                continue
            if step == reported_step:
                continue
            frame = sys._current_frames().get(self._thread_id)
            stack = _stack_above_wrapper(frame)
            if stack and tracer.current == actor and tracer.steps == step:
                reported_step = step
                tracer.recorder.add("blocked_at", actor, {"stack": stack})


def _stack_above_wrapper(frame: types.FrameType | None) -> tuple[Frame, ...]:
    """Frames from the task's coroutine down to ``frame``, outermost first; () if not in one."""
    frames: list[Frame] = []
    while frame is not None:
        code = frame.f_code
        if code in _WRAPPER_CODES:
            return tuple(reversed(frames))
        frames.append((code.co_qualname, code.co_filename, frame.f_lineno))
        frame = frame.f_back
    return ()


def _label_argument(coro: Any) -> str | None:
    """The coroutine's first argument when it is a short string (``fetch("job2", ...)``).

    Tasks made by ``gather`` have no name of their own; this lets the picture call them
    ``fetch(job2)`` after the code's own words instead of an anonymous number.
    """
    frame = getattr(coro, "cr_frame", None)
    if frame is None or not frame.f_code.co_argcount:
        return None
    value = frame.f_locals.get(frame.f_code.co_varnames[0])
    return value if isinstance(value, str) and 0 < len(value) <= 16 else None


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
    tracer.recorder.emit("mark", tracer.current or "main", label=label, **data)


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
