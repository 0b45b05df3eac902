"""Records what real asyncio code does, one task step at a time, invisibly to that code.

Per-function tracing (``sys.settrace``) makes a program many times slower. This tracer only sees
task steps (how and why each was chosen: :mod:`visualizer.core.trace_hooks` and
docs/TRACER.md). Two modes share the hooks:

- :class:`AsyncTracer` (a scene's run): only tasks created inside :meth:`AsyncTracer.run`
  (found through a context variable) are traced, so the app's own tasks on the same loop are
  left alone; events go into the scene's :class:`~visualizer.core.recorder.Recorder`.
- :class:`ProcessTracer` (whole-process mode): every task on every loop in every thread.

Event kinds (``Event.kind``) and their ``data`` (see :mod:`visualizer.core.trace_events`):

- ``created``: ``coro`` (qualified name), ``parent`` (actor or ``None``), ``arg``, ``name``
- ``started``: ``name`` (task name); ``named``: ``name`` learnt after an eager first step
- ``resumed``: a plain resume has no data; a step entered by ``throw`` has ``how``
  (``"cancel"``/``"error"``), ``error`` (type name) and ``cause`` (``timeout``, ``wait_for``,
  ``taskgroup``, ``gather``, ``runner``, ``cancel`` or ``None``)
- ``cancel``: somebody asked the task to cancel: ``cause``, ``by`` (the calling function)
- ``suspended``: ``stack`` (``(function, filename, line)``, outermost first), ``wait`` (a dict
  with ``kind``: sleep, gather, task, wait_for, shield, thread, as_completed, wait, queue_get,
  queue_put, queue_join, lock, semaphore, event, condition, barrier, taskgroup, stream, socket,
  subprocess, yield, future; plus ``target``/``targets``/``function``/``deadline``/``type``)
- ``ready``: the task's wake-up is in the loop's ready queue
- ``finished`` / ``raised`` (``error``: repr) / ``cancelled`` (``cause``, ``started``: False
  for a task cancelled before its first step)
- ``thread_start`` / ``thread_end`` (actor: the worker thread): ``function``, ``task``
- ``coroutine_created`` / ``coroutine_state``: see :func:`note_coroutine`
- ``mark``: a labelled point the scene's own code reports (``label``)
- ``blocked_at``: a step has held the loop for long; ``stack`` is where the task is stuck
  (only with ``watch_long_steps``)
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import os
import sys
import threading
import time
import types
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

from visualizer.core import trace_hooks
from visualizer.core.recorder import Event, Recorder
from visualizer.core.trace_events import Frame, count, decode, split, to_json
from visualizer.core.trace_hooks import (
    CURRENT,
    Sink,
    TracedCoroutine,
    acquire,
    actor_of,
    inside_traced_thread_call,
    release,
)

__all__ = [
    "AsyncTracer",
    "Frame",
    "ProcessTracer",
    "capture_stack",
    "current_tracer",
    "mark",
    "note_coroutine",
    "thread_lane",
]

P = ParamSpec("P")
R = TypeVar("R")


def current_tracer() -> AsyncTracer | None:
    """The tracer of the run the calling code belongs to, if any."""
    sink = CURRENT.get()
    owner = sink.owner if sink is not None else None
    return owner if isinstance(owner, AsyncTracer) else None


def capture_stack(coro: Any) -> tuple[tuple[Frame, ...], types.FrameType | None]:
    """The chain of suspended coroutine frames, outermost first, and the innermost frame."""
    frames: list[Frame] = []
    innermost: types.FrameType | None = None
    obj = coro
    while obj is not None:
        frame = getattr(obj, "cr_frame", None) or getattr(obj, "gi_frame", None)
        if frame is None:
            break
        code = frame.f_code
        frames.append((code.co_qualname, code.co_filename, frame.f_lineno))
        innermost = frame
        obj = getattr(obj, "cr_await", None) or getattr(obj, "gi_yieldfrom", None)
    return tuple(frames), innermost


class AsyncTracer:
    """Traces the tasks of one run on the running loop into ``recorder``."""

    def __init__(
        self, recorder: Recorder, *, stacks: bool = True, watch_long_steps: bool = False
    ) -> None:
        self.recorder = recorder
        self.stacks = stacks
        self.watch_long_steps = watch_long_steps
        self.sink = Sink(time.monotonic, stacks)
        self.sink.owner = self
        self._watched: dict[str, tuple[Any, str]] = {}  # coroutine objects noted, last state

    @property
    def current(self) -> str | None:
        """The actor whose step is running now."""
        return self.sink.current

    @property
    def steps(self) -> int:
        """Task steps begun so far; the long-step watcher compares it."""
        return self.sink.steps

    def _feed(self) -> list[Event]:
        records = self.sink.records
        n = len(records)
        batch = records[:n]
        del records[:n]  # records added by other threads after the n-th stay for the next pull
        t0 = self.recorder.t0
        stacks = self.sink.stack_table
        return [decode(r, t0, stacks) for r in split(batch)]

    def actor_of(self, task: Any) -> str | None:
        """The actor id of a task this tracer created, else None."""
        if type(task) is trace_hooks.Task and task._tv_w._sink is self.sink:
            return task._tv_w._actor  # type: ignore[no-any-return]
        return None

    # -- noted coroutine objects --------------------------------------------------------
    def watch(self, key: str, coro: Any) -> None:
        self._watched[key] = (coro, inspect.getcoroutinestate(coro))
        self.sink.on_step = self.check_watched

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
        if not self._watched:
            self.sink.on_step = None

    # -- running ------------------------------------------------------------------------
    def _own_pending_tasks(self, loop: asyncio.AbstractEventLoop) -> list[asyncio.Task[Any]]:
        return [t for t in asyncio.all_tasks(loop) if not t.done() and self.actor_of(t)]

    async def run(self, main: Callable[[], Coroutine[Any, Any, R]], name: str = "main") -> R:
        """Run ``main()`` as a traced task and wait for it; cancel leftovers on the way out.

        Tasks the scene's code created and never awaited are cancelled and awaited here, so a
        restart or a closed window never leaves "Task was destroyed but it is pending" behind;
        coroutine objects it noted and never started are closed.
        """
        loop = asyncio.get_running_loop()
        acquire()
        trace_hooks.hook_loop_class(type(loop))
        self.recorder.attach(self._feed)
        watcher = _LongStepWatcher(self) if self.watch_long_steps else None
        token = CURRENT.set(self.sink)
        try:
            root = loop.create_task(main(), name=name)
        finally:
            CURRENT.reset(token)
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
            release()
            self.recorder.finish()


class ProcessTracer:
    """Whole-process mode: traces every task on every event loop in every thread.

    Usage (Qt-free; what ``visualizer trace SCRIPT.py`` builds on)::

        tracer = ProcessTracer()
        with tracer:                    # or tracer.start() ... tracer.stop()
            runpy.run_path("script.py", run_name="__main__")
        events = tracer.events()        # decoded Events, t in seconds since start()
        tracer.write_json("trace.json") # the same as JSON, written atomically

    Every task made by ``loop.create_task`` on any loop derived from ``asyncio.BaseEventLoop``
    (``asyncio.run``, ``new_event_loop``, qasync...), in any thread, is traced while the tracer
    is started, whether or not the program set its own task factory. A scene's
    :class:`AsyncTracer` run inside takes its own tasks. One process tracer at a time; events
    stay as compact records until :meth:`events` or :meth:`write_json` reads them.
    """

    def __init__(self, *, stacks: bool = True) -> None:
        self.sink = Sink(time.monotonic, stacks)
        self.sink.owner = self
        self.t0 = 0.0
        self.active = False

    def start(self) -> None:
        if trace_hooks.process_sink() is not None:
            raise RuntimeError("another ProcessTracer is already active")
        acquire()
        self.t0 = time.monotonic()
        trace_hooks.set_process_sink(self.sink)
        self.active = True

    def stop(self) -> None:
        if self.active:
            trace_hooks.set_process_sink(None)
            release()
            self.active = False

    def __enter__(self) -> ProcessTracer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def record_count(self) -> int:
        return count(self.sink.records[:])

    def events(self) -> list[Event]:
        """Every event so far, in time order (threads can interleave by a microsecond)."""
        t0 = self.t0
        flat = self.sink.records[:]
        stacks = self.sink.stack_table
        return sorted((decode(r, t0, stacks) for r in split(flat)), key=lambda e: e.t)

    def write_json(self, path: str | os.PathLike[str], **meta: Any) -> None:
        """``{"python": ..., **meta, "events": [...]}``; never leaves a half-written file."""
        import tempfile  # only here: it costs a traced script's start-up a dozen modules
        from pathlib import Path

        target = Path(path)
        payload = {
            "python": ".".join(map(str, sys.version_info[:3])),
            **meta,
            "events": [to_json(e) for e in self.events()],
        }
        fd, tmp = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(payload, out, default=repr)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise


# Where a task's step starts on the loop thread: the pure-Python step's frames, and where the
# compiled step (no frame of its own) is called from: a loop callback, or an eager first step.
_WRAPPER_CODES = frozenset(
    {
        trace_hooks.PyStep.send.__code__,
        TracedCoroutine.throw.__code__,
        asyncio.events.Handle._run.__code__,
        trace_hooks.create_task.__code__,
    }
)


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
        sink = self._tracer.sink
        seen_step, reported_step = -1, -1
        while not self._stop.wait(self._interval):
            step, actor = sink.steps, sink.current
            if actor is None or step != seen_step:
                seen_step = step
                continue
            if step == reported_step:
                continue
            frame = sys._current_frames().get(self._thread_id)
            stack = _stack_above_wrapper(frame)
            if stack and sink.current == actor and sink.steps == step:
                reported_step = step
                self._tracer.recorder.add("blocked_at", actor, {"stack": stack})


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


def thread_lane(fn: Callable[P, R]) -> Callable[P, R]:
    """Record when ``fn`` runs in a worker thread, as a lane.

    ``run_in_executor`` and ``to_thread`` get their lanes without it; this is for threads the
    program starts itself.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        tracer = current_tracer()
        if tracer is None or inside_traced_thread_call():
            return fn(*args, **kwargs)
        thread = threading.current_thread().name
        tracer.recorder.emit("thread_start", thread, function=fn.__qualname__)
        try:
            return fn(*args, **kwargs)
        finally:
            tracer.recorder.emit("thread_end", thread, function=fn.__qualname__)

    return wrapper


def mark(label: str, **data: Any) -> None:
    """Let the scene's own code say where it is, attributed to the current task."""
    tracer = current_tracer()
    if tracer is None:
        return
    tracer.recorder.emit("mark", tracer.current or "main", label=label, **data)


def note_coroutine(coro: Awaitable[Any]) -> None:
    """Record that a coroutine object exists and what state it is in (nothing has run yet)."""
    tracer = current_tracer()
    if tracer is None or not inspect.iscoroutine(coro):
        return
    key = f"coro@{id(coro):x}"
    frame = coro.cr_frame
    tracer.recorder.emit(
        "coroutine_created",
        key,
        coro=getattr(coro, "__qualname__", None) or type(coro).__name__,
        state=inspect.getcoroutinestate(coro),
        line=frame.f_lineno if frame is not None else None,
    )
    tracer.watch(key, coro)


__all__ += ["actor_of"]
