"""Where the tracer joins asyncio: ``create_task``, the task class, ``call_soon`` and executors.

Why this mechanism (measured on 3.11 with 5,000 gathered tasks; see docs/TRACER.md):

- A step needs a hook around the moment the loop hands a task control. The C ``Task`` runs its
  step internally, so a ``Task`` subclass cannot override it; the pure-Python ``Task`` can, but
  running every step in Python costs more than the whole tracer should. ``sys.monitoring``
  (3.12+) fires for every coroutine frame of the program, not per task, and 3.11 lacks it.
- So the coroutine a task drives is wrapped (:class:`TracedCoroutine`: one Python frame per
  step) and everything that would make the wrapper visible is taken away: the task is a
  :class:`Task` subclass (same name, so reprs match) whose ``get_coro()`` and ``_coro`` give the
  program's own coroutine, the wrapper removes its frame from every traceback it passes on, and
  the debug-mode "created at" stack is trimmed of tracer frames the way asyncio trims its own.
- Tasks are caught in ``BaseEventLoop.create_task`` itself, not with a task factory, so a
  program's own factory is left in place (``get_task_factory()`` returns it) and chained to.
- "Ready" (the wake-up is queued) is seen in ``call_soon`` of the loop's class, where the task's
  wake-up callback passes anyway; a done-callback per wait would cost a handle per step.

Patches are process-wide and only in place while some tracer is active (:func:`acquire`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import functools
import gc
import itertools
import os
import sys
import threading
import time
import types
import weakref
from collections.abc import Callable, Coroutine, Generator
from typing import Any

from visualizer.core.trace_events import Frame
from visualizer.core.trace_waits import EXECUTOR_FUTURES, api_of, classify

_HERE = __file__
_BaseTask: type[asyncio.Task[Any]] = asyncio.Task
_EAGER = getattr(asyncio, "eager_task_factory", None)
_BUILTIN_METHOD = types.BuiltinMethodType
_current_task = asyncio.current_task
_CORO = types.CoroutineType
_GEN = types.GeneratorType
_SLEEP_CODE = asyncio.sleep.__code__
_SET_RESULT = asyncio.futures._set_result_unless_cancelled  # type: ignore[attr-defined]
# id of the future of the last asyncio.sleep timer armed, and its delay (see _suspended)
_sleep_timer: list[Any] = [0, None]


class Sink:
    """One tracer's flat record list, stack table and id counter; what every hook writes into."""

    __slots__ = (
        "_codes",
        "_ids",
        "_lock",
        "add",
        "clock",
        "current",
        "on_step",
        "owner",
        "records",
        "stack_ids",
        "stack_table",
        "stacks",
        "steps",
    )

    def __init__(self, clock: Callable[[], float] = time.monotonic, stacks: bool = True) -> None:
        self.records: list[Any] = []  # flat: see visualizer.core.trace_events
        self.add = self.records.extend
        self.clock = clock
        self.stacks = stacks
        # stack id -> (function, file, line) frames, outermost first; 0 is the empty stack
        self.stack_table: list[tuple[Frame, ...]] = [()]
        # flat (id(code), offset, ...) -> (stack id, wait kind it stands for, deciding function)
        self.stack_ids: dict[tuple[Any, ...], tuple[int, str, str | None]] = {}
        self._codes: list[tuple[types.CodeType, ...]] = []  # keeps the ids in keys unique
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.current: str | None = None  # actor whose step is running (the scene's one loop)
        self.steps = 0
        self.on_step: Callable[[], None] | None = None  # called after each step, if set
        self.owner: Any = None  # the tracer object this sink belongs to

    def new_actor(self) -> str:
        return f"T{next(self._ids)}"

    def intern(self, key: tuple[Any, ...], coro: Any) -> tuple[int, str, str | None]:
        """The entry of a stack seen for the first time (a lock: threads may race here).

        ``key`` is flat ``(id(code), instruction offset, ...)``: cheap to read and to hash,
        where a code object's own hash is worked out anew on every look-up and a frame's line
        number from the code's line table. The code objects are kept here, so no id in a key
        can be reused by another code object while the sink lives; the lines are read once,
        from the suspended coroutine chain the key was taken from.
        """
        codes, frames = _chain(coro)
        api_kind, api = api_of(frames)
        with self._lock:
            entry = self.stack_ids.get(key)
            if entry is None:
                sid = len(self.stack_table) if self.stacks else 0
                if self.stacks:
                    self.stack_table.append(frames)
                self._codes.append(codes)
                entry = self.stack_ids[key] = (sid, api_kind, api)
        return entry


def _chain(coro: Any) -> tuple[tuple[types.CodeType, ...], tuple[Frame, ...]]:
    """The code and ``(function, file, line)`` of each suspended frame under ``coro``."""
    codes: list[types.CodeType] = []
    frames: list[Frame] = []
    obj = coro
    while obj is not None:
        frame = getattr(obj, "cr_frame", None) or getattr(obj, "gi_frame", None)
        if frame is None:
            break
        code = frame.f_code
        codes.append(code)
        frames.append((code.co_qualname, code.co_filename, frame.f_lineno))
        obj = getattr(obj, "cr_await", None) or getattr(obj, "gi_yieldfrom", None)
    return tuple(codes), tuple(frames)


# The tracer of the run the calling code belongs to (scene mode), found through the context.
CURRENT: contextvars.ContextVar[Sink | None] = contextvars.ContextVar(
    "visualizer_tracer", default=None
)
_process: list[Sink | None] = [None]  # whole-process mode's sink


def process_sink() -> Sink | None:
    return _process[0]


def set_process_sink(sink: Sink | None) -> None:
    _process[0] = sink


def actor_of(task: Any) -> str | None:
    """The actor id of a traced task, else None; never calls ``get_coro`` (3.12.1 crashes)."""
    if type(task) is Task:
        return task._tv_w._actor  # type: ignore[no-any-return]
    if _FOREIGN and isinstance(task, asyncio.Future):
        return _FOREIGN.get(task)
    return None


class PyStep:
    """The step in pure Python: what :mod:`visualizer.core._step` does compiled, when it is built.

    This is the hot path (one call per task step): slots, local aliases, plain values added to a
    flat list. It holds no reference to its task (no cycle) and keeps no exception past the step.
    """

    __slots__ = ("__weakref__", "_actor", "_cause", "_coro", "_name", "_sink", "_started")

    def __init__(self, coro: Any, sink: Sink, actor: str, name: str | None) -> None:
        self._coro = coro
        self._sink = sink
        self._actor = actor
        self._name = name
        self._started = False
        self._cause: str | None = None

    def send(self, value: Any) -> Any:
        sink = self._sink
        actor = self._actor
        if self._started:
            sink.add((sink.clock(), "resumed", actor))
        else:
            self._started = True
            sink.add((sink.clock(), "started", actor, self._task_name()))
        outer = sink.current
        sink.current = actor
        sink.steps += 1
        try:
            yielded = self._coro.send(value)
        except BaseException as exc:
            sink.current = outer
            self._ended(exc)
            exc.__traceback__ = exc.__traceback__.tb_next  # type: ignore[union-attr]
            raise  # a bare raise adds no traceback entry for this frame
        sink.current = outer
        _suspended(sink, actor, self._coro, yielded)
        return yielded

    def _task_name(self) -> str | None:  # pragma: no cover - TracedCoroutine's
        raise NotImplementedError

    def _ended(self, exc: BaseException) -> None:  # pragma: no cover - TracedCoroutine's
        raise NotImplementedError


# The compiled step, unless it is not built or VISUALIZER_PURE_TRACER=1 asks for the Python one.
_compiled: Any = None
if os.environ.get("VISUALIZER_PURE_TRACER") != "1":
    try:
        from visualizer.core import _step as _compiled
    except ImportError:  # no compiler where the package was installed, or another interpreter
        _compiled = None
_StepBase: type = _compiled.Step if _compiled is not None else PyStep
COMPILED = _compiled is not None
STEP = "compiled step" if COMPILED else "pure-Python step"  # as reports name it


class TracedCoroutine(_StepBase, Coroutine[Any, Any, Any]):  # type: ignore[misc]
    """Stands between a task and its coroutine: ``send``/``throw`` are the step's edges."""

    __slots__ = ()
    # the step's fields, declared for the type checker (the base may be the compiled type)
    _actor: str
    _cause: str | None
    _coro: Any
    _name: str | None
    _sink: Sink
    _started: bool

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> Any:
        sink = self._sink
        error = typ if isinstance(typ, BaseException) else val
        name = type(error).__name__ if error is not None else getattr(typ, "__name__", "?")
        cause = self._cause if isinstance(error, asyncio.CancelledError) else None
        first = not self._started
        self._started = True
        if not first:
            sink.add((sink.clock(), "thrown", self._actor, name, cause))
        outer, sink.current = sink.current, self._actor
        sink.steps += 1
        try:
            if val is None and tb is None:
                yielded = self._coro.throw(typ)
            else:  # pragma: no cover - the legacy three-argument form
                yielded = self._coro.throw(typ, val, tb)
        except BaseException as exc:
            sink.current = outer
            if first and isinstance(exc, asyncio.CancelledError):
                now = sink.clock()
                sink.add((now, "named", self._actor, self._task_name()))
                sink.add((now, "cancelled", self._actor, cause, False))
            else:
                if first:
                    sink.add((sink.clock(), "thrown", self._actor, name, cause))
                self._ended(exc)
            exc.__traceback__ = exc.__traceback__.tb_next  # type: ignore[union-attr]
            del typ, val, tb, error
            raise
        del typ, val, tb, error
        sink.current = outer
        if first:  # a throw the coroutine survived at its very start: it runs from here
            sink.add((sink.clock(), "started", self._actor, self._task_name()))
        _suspended(sink, self._actor, self._coro, yielded)
        return yielded

    def _task_name(self) -> str | None:
        """The running task's name now (``asyncio.create_task`` names a task after making it)."""
        try:
            task = _current_task()
        except RuntimeError:
            task = None
        self._name = task.get_name() if task is not None else self._name
        return self._name

    def _ended(self, exc: BaseException) -> None:
        sink = self._sink
        if sink.on_step is not None:
            sink.on_step()
        if type(exc) is StopIteration:
            sink.add((sink.clock(), "finished", self._actor))
        elif isinstance(exc, asyncio.CancelledError):
            sink.add((sink.clock(), "cancelled", self._actor, self._cause, True))
        else:
            sink.add((sink.clock(), "raised", self._actor, repr(exc)))

    def close(self) -> None:
        self._coro.close()

    def __await__(self) -> Generator[Any, None, Any]:
        return self._coro.__await__()  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return repr(self._coro)


class ForeignTracedCoroutine(TracedCoroutine):
    """The wrapper handed to a program's own task factory, which sees the wrapper itself.

    ``__getattr__`` gives it the rest of the coroutine protocol (``cr_frame``,
    ``__qualname__``...). It is kept off :class:`TracedCoroutine`: a class with ``__getattr__``
    makes every attribute read of its instances take the slow generic path, and the hot path
    reads several per step.
    """

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._coro, name)


_FRAMED: dict[type, bool] = {}  # type -> has cr_frame/gi_frame (asked once per type)


def _has_frames(t: type) -> bool:
    framed = _FRAMED.get(t)
    if framed is None:
        framed = _FRAMED[t] = hasattr(t, "cr_frame") or hasattr(t, "gi_frame")
    return framed


def _suspended(sink: Sink, actor: str, coro: Any, yielded: Any) -> None:
    """Record where the task stopped and why: its stack (interned) and what it waits on.

    The hot path: one call per step. The stack is keyed by ``(id(code), offset)`` pairs read from
    the chain's frames, except ``asyncio.sleep``'s: its two suspension points are told apart by
    what it awaits, and its delay comes from the ``call_later`` it just made, so its frame is
    never made into a frame object and its locals never copied into a dict. Those would be two
    more objects per sleep for the cyclic collector, which the untraced run does not make.
    """
    if sink.on_step is not None:
        sink.on_step()
    now = sink.clock()
    frames: list[Any] = []
    innermost = sleeper = None
    obj = coro
    while obj is not None:
        t = type(obj)
        if t is _CORO:
            code = obj.cr_code
            if code is _SLEEP_CODE:
                sleeper, obj = obj, obj.cr_await
                if type(obj) is _GEN:  # sleep(0): a bare yield in __sleep0
                    frames += (id(code), -2)
                    sleeper = None
                else:
                    frames += (id(code), -1)
                break
            frame, obj = obj.cr_frame, obj.cr_await
        elif t is _GEN:
            frame, obj = obj.gi_frame, obj.gi_yieldfrom
        elif _has_frames(t):  # a coroutine-like of another kind (Cython...)
            frame = getattr(obj, "cr_frame", None) or getattr(obj, "gi_frame", None)
            obj = getattr(obj, "cr_await", None) or getattr(obj, "gi_yieldfrom", None)
        else:  # a future's iterator and the like: the chain ends (no AttributeError raised)
            break
        if frame is None:
            break
        frames += (id(frame.f_code), frame.f_lasti)
        innermost = frame
    key = tuple(frames)
    entry = sink.stack_ids.get(key)
    if entry is None:
        entry = sink.intern(key, coro)
    if yielded is None:  # a bare yield: the task queues its next step itself, now
        sink.add((now, "suspended", actor, entry[0], "yield", None, None, now, "ready", actor))
    elif sleeper is not None:
        if _sleep_timer[0] == id(yielded):
            delay = _sleep_timer[1]
        else:  # a call_later the hook did not see (another thread's came between)
            delay = sleeper.cr_frame.f_locals.get("delay")
        sink.add((now, "suspended", actor, entry[0], "sleep", delay, None))
    else:
        kind, a, b = classify(yielded, entry[1], entry[2], coro, innermost, actor_of)
        sink.add((now, "suspended", actor, entry[0], kind, a, b))


if _compiled is not None:
    _compiled.configure(_SLEEP_CODE, _sleep_timer, classify, actor_of, _suspended, _has_frames)


class Task(_BaseTask):  # type: ignore[valid-type,misc]
    """The task asyncio would have made, driving a :class:`TracedCoroutine`.

    Named ``Task`` so its repr is the untraced one; ``get_coro``/``_coro`` are the program's
    coroutine; ``cancel`` notes who asked (a timeout, a TaskGroup, ``wait_for``...).
    """

    __slots__ = ("_tv_coro", "_tv_w")

    def get_coro(self) -> Any:
        return self._tv_coro

    @property
    def _coro(self) -> Any:
        return self._tv_coro

    def set_name(self, value: Any) -> None:
        super().set_name(value)
        w = self._tv_w
        if w._started:  # before its first step, "started" will carry the name
            w._name = self.get_name()
            sink = w._sink
            sink.add((sink.clock(), "named", w._actor, w._name))

    def cancel(self, msg: Any = None) -> bool:
        w = self._tv_w
        if not self.done():
            cause, by = _cancel_cause(sys._getframe(1))
            w._cause = cause
            sink = w._sink
            sink.add((sink.clock(), "cancel", w._actor, cause, by))
        return bool(super().cancel(msg))


Task.__module__ = _BaseTask.__module__
Task.__qualname__ = "Task"

_CANCEL_CAUSES = {
    "Timeout._on_timeout": "timeout",
    "TaskGroup._abort": "taskgroup",
    "TaskGroup._on_task_done": "taskgroup",
    "TaskGroup.__aexit__": "taskgroup",
    "TaskGroup._aexit": "taskgroup",
    "wait_for": "wait_for",
    "_cancel_and_wait": "wait_for",
    "_GatheringFuture.cancel": "gather",
    "_cancel_all_tasks": "runner",
}


def _cancel_cause(frame: types.FrameType | None) -> tuple[str, str | None]:
    """Who called ``cancel``: an asyncio mechanism by name, else ``cancel`` and the caller."""
    if frame is None:
        return "cancel", None
    code = frame.f_code
    cause = _CANCEL_CAUSES.get(code.co_qualname)
    if cause == "wait_for" and code.co_qualname == "_cancel_and_wait":
        back = frame.f_back  # 3.11: wait_for -> _cancel_and_wait; gather etc. use it too
        if back is None or back.f_code.co_qualname != "wait_for":
            cause = None
    return (cause or "cancel"), code.co_qualname


# -- create_task ------------------------------------------------------------------------------
# tasks a program's own factory made -> actor (a string: a value referring back to the task
# through the coroutine would keep the key alive)
_FOREIGN: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
_original_create_task = asyncio.BaseEventLoop.create_task


def _label_argument(coro: Any) -> str | None:
    """The coroutine's first argument when it is a short string (``fetch("job2", ...)``).

    Read from what the collector sees of the coroutine (its name, qualified name, function,
    code, then its locals in order), not from ``cr_frame.f_locals``: on 3.11 and 3.12 that
    makes a frame object and a dict of the locals that stays with the frame and keeps what
    the locals held alive after the program drops them. If the layout is not the one
    expected, the locals are read the old way.
    """
    code = coro.cr_code
    if not code.co_argcount:
        return None
    seen = gc.get_referents(coro)
    try:
        at = seen.index(code, 1)  # 3.11 puts the code first too (``gi_code``)
    except ValueError:  # pragma: no cover - see below
        at = 0
    if at and getattr(seen[at - 1], "__code__", None) is code and at + 1 < len(seen):
        value = seen[at + 1]
    else:  # pragma: no cover - an interpreter laying its coroutines out otherwise
        frame = coro.cr_frame
        value = frame.f_locals.get(code.co_varnames[0]) if frame is not None else None
    return value if isinstance(value, str) and 0 < len(value) <= 16 else None


def _trim(tb: list[Any] | None) -> None:
    """Remove tracer frames from a debug-mode stack, in place (asyncio does the same)."""
    if tb:
        tb[:] = [entry for entry in tb if entry.filename != _HERE]


def _current_actor(loop: Any) -> str | None:
    return actor_of(_current_task(loop))  # with the loop given, current_task never raises


def create_task(self: Any, coro: Any, *, name: Any = None, context: Any = None) -> Any:
    sink = CURRENT.get() if context is None else context.get(CURRENT)
    if sink is None:
        sink = _process[0]
    task: Any
    if sink is None or type(coro) is not _CORO:
        task = _original_create_task(self, coro, name=name, context=context)
        if self._debug:
            _trim(task._source_traceback)
        return task
    self._check_closed()
    actor = sink.new_actor()
    factory = self._task_factory
    own = factory is None or (factory is _EAGER and _EAGER is not None)
    w = (TracedCoroutine if own else ForeignTracedCoroutine)(coro, sink, actor, name)
    sink.add(
        (
            sink.clock(),
            "created",
            actor,
            coro.cr_code.co_qualname,
            _current_actor(self),
            _label_argument(coro),
            name,
        )
    )
    if own:
        task = Task.__new__(Task)
        task._tv_coro = coro  # set before __init__: an eager first step runs inside it
        task._tv_w = w
        init: Any = _BaseTask.__init__
        if factory is None:
            init(task, w, loop=self, name=name, context=context)
        else:
            init(task, w, loop=self, context=context, eager_start=True)
            if name is not None:
                task.set_name(name)
        if factory is not None and task.done():
            task._tv_coro = None  # as asyncio drops an eagerly finished task's coroutine
        if self._debug:
            _trim(task._source_traceback)
    else:  # the program's own factory: chained to, exactly as asyncio calls it
        task = _original_create_task(self, w, name=name, context=context)
        if isinstance(task, asyncio.Future):
            _FOREIGN[task] = actor
        if w._started and w._name != task.get_name():  # eager, named after its first step
            w._name = task.get_name()
            sink.add((sink.clock(), "named", actor, w._name))
    return task


# -- call_soon (ready) and run_in_executor (threads), per loop class ---------------------------
_BASE_CALL_SOON = asyncio.BaseEventLoop.call_soon


def _make_call_soon(original: Callable[..., Any]) -> Callable[..., Any]:
    def call_soon(self: Any, callback: Any, *args: Any, context: Any = None) -> Any:
        if type(callback) is _BUILTIN_METHOD:
            task = callback.__self__
            if type(task) is Task:
                w = task._tv_w
                sink = w._sink
                sink.add((sink.clock(), "ready", w._actor))
        if direct and not self._debug:  # BaseEventLoop.call_soon without its own frame
            self._check_closed()
            return self._call_soon(callback, args, context)
        handle = original(self, callback, *args, context=context)
        if self._debug:
            _trim(handle._source_traceback)
        return handle

    # Called for every callback the program schedules: in the usual case (asyncio's own
    # call_soon, no debug mode) do what it does rather than call it, one frame instead of two.
    direct = original is _BASE_CALL_SOON
    call_soon._tv_original = original  # type: ignore[attr-defined]
    return call_soon


_thread_state = threading.local()


class _ThreadCall:
    """Runs the executor's function with a thread lane around it, invisibly."""

    __slots__ = ("function", "name", "sink", "task")

    def __init__(self, function: Any, name: str, sink: Sink, task: str | None) -> None:
        self.function, self.name, self.sink, self.task = function, name, sink, task

    def __call__(self, *args: Any) -> Any:
        sink = self.sink
        thread = threading.current_thread().name
        sink.add((sink.clock(), "thread_start", thread, self.name, self.task))
        _thread_state.inside = True
        try:
            return self.function(*args)
        except BaseException as exc:
            exc.__traceback__ = exc.__traceback__.tb_next  # type: ignore[union-attr]
            raise
        finally:
            _thread_state.inside = False
            sink.add((sink.clock(), "thread_end", thread, self.name, self.task))


def inside_traced_thread_call() -> bool:
    return bool(getattr(_thread_state, "inside", False))


def function_name(func: Any) -> str:
    """The program's function behind ``partial(context.run, f, ...)`` and similar wrappers."""
    while isinstance(func, functools.partial):
        inner = func.func
        if getattr(inner, "__name__", "") == "run" and isinstance(
            getattr(inner, "__self__", None), contextvars.Context
        ):
            func = func.args[0] if func.args else inner
        else:
            func = inner
    return getattr(func, "__qualname__", None) or type(func).__name__


def _make_run_in_executor(original: Callable[..., Any]) -> Callable[..., Any]:
    def run_in_executor(self: Any, executor: Any, func: Any, *args: Any) -> Any:
        sink = CURRENT.get() or _process[0]
        if (
            sink is None
            or isinstance(executor, concurrent.futures.ProcessPoolExecutor)
            or asyncio.iscoroutine(func)
            or asyncio.iscoroutinefunction(func)
        ):
            return original(self, executor, func, *args)
        name = function_name(func)
        call = _ThreadCall(func, name, sink, _current_actor(self))
        future = original(self, executor, call, *args)
        EXECUTOR_FUTURES[future] = name
        return future

    run_in_executor._tv_original = original  # type: ignore[attr-defined]
    return run_in_executor


_BASE_CALL_LATER = asyncio.BaseEventLoop.call_later


def _make_call_later(original: Callable[..., Any]) -> Callable[..., Any]:
    def call_later(self: Any, delay: Any, callback: Any, *args: Any, context: Any = None) -> Any:
        if callback is _SET_RESULT:  # asyncio.sleep's timer: the future it is about to yield
            _sleep_timer[0] = id(args[0])
            _sleep_timer[1] = delay
        if direct and delay is not None and not self._debug:
            return self.call_at(self.time() + delay, callback, *args, context=context)
        timer = original(self, delay, callback, *args, context=context)
        if self._debug:
            _trim(timer._source_traceback)
        return timer

    direct = original is _BASE_CALL_LATER  # as call_soon: its body, without its frame
    call_later._tv_original = original  # type: ignore[attr-defined]
    return call_later


_MAKERS = {
    "call_later": _make_call_later,
    "call_soon": _make_call_soon,
    "run_in_executor": _make_run_in_executor,
}
_patched: dict[type, dict[str, Any]] = {}  # loop class -> name -> what its dict held (or None)
_lock = threading.Lock()
_users = 0


def hook_loop_class(cls: type) -> None:
    """Wrap ``call_soon`` and ``run_in_executor`` of one loop class (once)."""
    if cls in _patched:
        return
    with _lock:
        saved: dict[str, Any] = {}
        for name, make in _MAKERS.items():
            current = getattr(cls, name)
            if hasattr(current, "_tv_original"):
                continue  # inherited from a class already hooked
            saved[name] = cls.__dict__.get(name)
            setattr(cls, name, make(current))
        _patched[cls] = saved


def _create_task_hooking(self: Any, coro: Any, *, name: Any = None, context: Any = None) -> Any:
    cls = type(self)
    if cls not in _patched:
        hook_loop_class(cls)
    return create_task(self, coro, name=name, context=context)


def acquire() -> None:
    """Put the patches in place (counted; every :func:`acquire` needs a :func:`release`)."""
    global _users
    with _lock:
        _users += 1
        if _users == 1:
            asyncio.BaseEventLoop.create_task = _create_task_hooking  # type: ignore[method-assign]
    hook_loop_class(asyncio.BaseEventLoop)


def release() -> None:
    global _users
    with _lock:
        _users -= 1
        if _users:
            return
        asyncio.BaseEventLoop.create_task = _original_create_task  # type: ignore[method-assign]
        for cls, saved in _patched.items():
            for name, before in saved.items():
                if before is None:
                    delattr(cls, name)
                else:
                    setattr(cls, name, before)
        _patched.clear()
