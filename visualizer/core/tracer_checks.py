"""The tracer's own checks, runnable on any Python 3.11+ without pytest or third-party packages.

``python -m visualizer.core.tracer_checks`` (with the repository on ``PYTHONPATH``) runs every
check and exits non-zero on the first failure; the test suite runs it on each interpreter the
machine has, and imports the checks to run them in-process as well.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import inspect
import io
import re
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable, Coroutine
from typing import Any

from visualizer.core.recorder import Event
from visualizer.core.tracer import ProcessTracer

HOOKS_FILE = "trace_hooks.py"


def traced(main: Callable[[], Coroutine[Any, Any, Any]], **run: Any) -> list[Event]:
    with ProcessTracer() as tracer:
        asyncio.run(main(), **run)
    return tracer.events()


def actor_named(events: list[Event], name: str) -> str:
    for e in events:
        if e.kind in ("started", "named", "created") and e.data.get("name") == name:
            return e.actor
    raise AssertionError(f"no task named {name}")


def kinds(events: list[Event], actor: str) -> list[str]:
    return [e.kind for e in events if e.actor == actor and e.kind != "named"]


def root_actor(events: list[Event]) -> str:
    return next(e.actor for e in events if e.kind == "created")


def waits(events: list[Event], actor: str) -> list[dict[str, Any]]:
    return [e.data["wait"] for e in events if e.actor == actor and e.kind == "suspended"]


# -- invisible ----------------------------------------------------------------------------------
async def _sleeper() -> None:
    await asyncio.sleep(0.01)


def _task_views() -> dict[str, Any]:
    out: dict[str, Any] = {}

    async def main() -> None:
        coro = _sleeper()
        task: Any = asyncio.create_task(coro, name="x")
        await asyncio.sleep(0)
        out["same_coro"] = task.get_coro() is coro and task._coro is coro
        out["state"] = inspect.getcoroutinestate(task.get_coro())
        out["repr"] = repr(task)
        out["stack"] = [(f.f_code, f.f_lineno) for f in task.get_stack()]
        buffer = io.StringIO()
        task.print_stack(file=buffer)
        out["print_stack"] = buffer.getvalue()
        out["type"] = type(task).__name__
        await task

    asyncio.run(main())
    return out


def check_task_looks_untraced() -> None:
    plain = _task_views()
    with ProcessTracer():
        seen = _task_views()
    assert seen["same_coro"], "get_coro()/_coro is not the program's coroutine"
    assert seen["state"] == inspect.CORO_SUSPENDED
    for key in ("repr", "stack", "print_stack", "type"):
        assert seen[key] == plain[key], (key, seen[key], plain[key])


def _failure_text(debug: bool) -> tuple[str, str]:
    async def boom() -> None:
        await asyncio.sleep(0)
        raise ValueError("bad")

    async def main() -> tuple[str, str]:
        task = asyncio.create_task(boom())
        try:
            await task
        except ValueError as exc:
            text = "".join(traceback.format_exception(exc))
        return text, re.sub(r"Task-\d+", "Task-N", repr(task))  # a process-wide counter

    return asyncio.run(main(), debug=debug)


def check_tracebacks_show_no_tracer_frame() -> None:
    with ProcessTracer():
        text, _ = _failure_text(False)
    assert HOOKS_FILE not in text, text
    assert "raise ValueError" in text


def check_debug_created_at_is_the_programs_line() -> None:
    plain = _failure_text(True)[1]
    with ProcessTracer():
        seen = _failure_text(True)[1]
    assert "created at" in seen and HOOKS_FILE not in seen, seen
    assert seen == plain, (seen, plain)


def _never_retrieved() -> list[str]:
    messages: list[str] = []

    async def boom() -> None:
        raise ValueError("lost")

    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(lambda _l, ctx: messages.append(f"{ctx['message']} {ctx}"))
        asyncio.create_task(boom())  # noqa: RUF006 - never awaited, on purpose
        await asyncio.sleep(0.01)
        gc.collect()

    asyncio.run(main())
    return [re.sub(r"Task-\d+", "Task-N", m.split(" at 0x")[0]) for m in messages]


def check_never_retrieved_message_is_untraced() -> None:
    plain = _never_retrieved()
    with ProcessTracer():
        seen = _never_retrieved()
    assert seen == plain and plain, (seen, plain)


def check_own_task_factory_is_kept_and_chained() -> None:
    made: list[Any] = []

    def factory(loop: Any, coro: Any, **kwargs: Any) -> Any:
        task = asyncio.Task(coro, loop=loop, **kwargs)
        made.append(task)
        return task

    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop.set_task_factory(factory)
        assert loop.get_task_factory() is factory
        await asyncio.create_task(_sleeper(), name="mine")

    events = traced(main)
    assert made, "the program's factory was not called"
    assert kinds(events, actor_named(events, "mine"))[-1] == "finished"


# -- true and complete --------------------------------------------------------------------------
def check_lifecycle_and_never_started() -> None:
    async def boom() -> None:
        await asyncio.sleep(0)
        raise ValueError("bad")

    async def main() -> None:
        failing = asyncio.create_task(boom(), name="boom")
        never = asyncio.create_task(_sleeper(), name="never")
        never.cancel()
        await asyncio.gather(failing, never, return_exceptions=True)

    events = traced(main)
    boom_actor = actor_named(events, "boom")
    assert kinds(events, boom_actor) == [
        "created",
        "started",
        "suspended",
        "ready",
        "resumed",
        "raised",
    ], kinds(events, boom_actor)
    never = actor_named(events, "never")
    assert "started" not in kinds(events, never)
    (ended,) = [e for e in events if e.actor == never and e.kind == "cancelled"]
    assert ended.data["started"] is False and ended.data["cause"] == "cancel"


def _thrown(events: list[Event], actor: str) -> list[Event]:
    return [e for e in events if e.actor == actor and e.kind == "resumed" and e.data]


def check_timeouts_and_taskgroup_cancellations_are_resumptions_with_a_cause() -> None:
    async def slow() -> None:
        await asyncio.sleep(10)

    async def with_timeout() -> None:
        try:
            async with asyncio.timeout(0.01):
                await asyncio.sleep(10)
        except TimeoutError:
            pass

    async def with_wait_for() -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.create_task(slow(), name="target"), 0.01)

    async def failing() -> None:
        await asyncio.sleep(0.01)
        raise ValueError("sibling failed")

    async def group() -> None:
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(slow(), name="sibling")
                tg.create_task(failing())
        except ExceptionGroup:
            pass

    async def main() -> None:
        await asyncio.create_task(with_timeout(), name="timeout")
        await asyncio.create_task(with_wait_for(), name="wait_for")
        await asyncio.create_task(group(), name="group")

    events = traced(main)
    (t,) = _thrown(events, actor_named(events, "timeout"))
    assert t.data == {"how": "cancel", "error": "CancelledError", "cause": "timeout"}, t.data
    # 3.12+ wait_for times out by cancelling its caller; 3.11 cancels the awaited task
    causes = {e.data["cause"] for e in _thrown(events, actor_named(events, "target"))}
    causes |= {e.data["cause"] for e in _thrown(events, actor_named(events, "wait_for"))}
    assert causes & {"wait_for", "timeout"}, causes
    sibling = _thrown(events, actor_named(events, "sibling"))
    assert [e.data["cause"] for e in sibling] == ["taskgroup"], sibling


def check_thread_waits_name_the_function_and_get_a_lane() -> None:
    def blocking_read(n: int) -> int:
        time.sleep(0.01)
        return n

    async def main() -> None:
        loop = asyncio.get_running_loop()
        await asyncio.create_task(asyncio.to_thread(blocking_read, 1), name="to_thread")
        await asyncio.create_task(_executor(loop), name="executor")

    async def _executor(loop: asyncio.AbstractEventLoop) -> None:
        await loop.run_in_executor(None, blocking_read, 2)

    events = traced(main)
    for name in ("to_thread", "executor"):
        (wait,) = [w for w in waits(events, actor_named(events, name)) if w["kind"] == "thread"]
        assert wait["function"].endswith("blocking_read"), wait
    starts = [e for e in events if e.kind == "thread_start"]
    assert len(starts) == 2 and all(e.data["function"].endswith("blocking_read") for e in starts)
    assert all(e.actor != threading.current_thread().name for e in starts)
    assert len([e for e in events if e.kind == "thread_end"]) == 2


def check_wait_for_and_shield_name_their_target() -> None:
    async def main() -> None:
        target = asyncio.create_task(_sleeper(), name="target")
        await asyncio.wait_for(target, 1)
        inner = asyncio.create_task(_sleeper(), name="inner")
        await asyncio.shield(inner)

    events = traced(main)
    main_waits = waits(events, root_actor(events))
    by_kind = {w["kind"]: w for w in main_waits}
    if "wait_for" in by_kind:
        assert by_kind["wait_for"].get("target") == actor_named(events, "target"), main_waits
    else:  # 3.12+: wait_for awaits the task itself inside a timeout
        assert actor_named(events, "target") in [w.get("target") for w in main_waits]
    assert by_kind["shield"]["target"] == actor_named(events, "inner"), main_waits


def check_waits_are_classified() -> None:
    async def consumer(q: asyncio.Queue[int]) -> None:
        await q.get()
        q.task_done()

    async def main() -> None:
        q: asyncio.Queue[int] = asyncio.Queue()
        lock, sem, event = asyncio.Lock(), asyncio.Semaphore(0), asyncio.Event()
        cond = asyncio.Condition()
        await lock.acquire()
        tasks = [
            asyncio.create_task(consumer(q), name="queue_get"),
            asyncio.create_task(lock.acquire(), name="lock"),
            asyncio.create_task(sem.acquire(), name="semaphore"),
            asyncio.create_task(event.wait(), name="event"),
            asyncio.create_task(_cond_wait(cond), name="condition"),
        ]
        await asyncio.sleep(0.01)
        q.put_nowait(1)
        pending: asyncio.Queue[int] = asyncio.Queue()
        pending.put_nowait(1)
        joiner = asyncio.create_task(pending.join(), name="queue_join")
        await asyncio.sleep(0)
        pending.get_nowait()
        pending.task_done()
        lock.release()
        sem.release()
        event.set()
        async with cond:
            cond.notify_all()
        for done in asyncio.as_completed([*tasks, joiner]):
            await done

    async def _cond_wait(cond: asyncio.Condition) -> None:
        async with cond:
            await cond.wait()

    events = traced(main)
    for name in ("queue_get", "lock", "semaphore", "event", "condition", "queue_join"):
        assert name in [w["kind"] for w in waits(events, actor_named(events, name))], name
    assert "as_completed" in [w["kind"] for w in waits(events, root_actor(events))]


def check_sleeps_are_recorded_without_copying_their_frames() -> None:
    """Delays, lines and label arguments come out right though the tracer reads no locals.

    A sleep's frame object or a dict of its locals made by the tracer would be objects the
    untraced run does not have (the collector's work, and what the locals held kept alive).
    """
    truth: list[tuple[bool, int]] = []  # (frame object made before the test looked, line)
    long = 0.02 * 500  # the third sleep outlasts any stall of a loaded machine; it is cancelled

    async def job(label: str, delay: float) -> None:
        await asyncio.sleep(delay)
        await asyncio.sleep(0)
        await asyncio.sleep(delay=delay * 500)

    async def look(task: asyncio.Task[None], seen: object) -> object:
        """Wait, by what the task awaits rather than by the clock, for its next timed sleep."""
        for _ in range(5000):
            coro: Any = task.get_coro()
            sleeping = coro.cr_await
            timer = getattr(sleeping, "cr_await", None)  # a future's iterator; __sleep0 for 0
            if sleeping is not seen and timer is not None and not inspect.isgenerator(timer):
                made = any(isinstance(o, types.FrameType) for o in gc.get_referents(sleeping))
                truth.append((made, sleeping.cr_frame.f_lineno))
                return sleeping
            await asyncio.sleep(0.001)
        raise AssertionError("the task never reached its next timed sleep")

    async def main() -> None:
        first = asyncio.create_task(job("job1", 0.02))  # its stacks are read once, when new
        task = asyncio.create_task(job("job2", 0.02))
        await asyncio.sleep(0)
        await look(task, await look(task, None))
        for t in (first, task):
            t.cancel()
        await asyncio.gather(first, task, return_exceptions=True)

    events = traced(main)
    created = next(e for e in events if e.kind == "created" and e.data["arg"] == "job2")
    assert created.data["coro"].endswith(".job"), created.data
    suspended = [e for e in events if e.actor == created.actor and e.kind == "suspended"]
    assert [e.data["wait"]["kind"] for e in suspended] == ["sleep", "yield", "sleep"], suspended
    assert [suspended[0].data["wait"]["delay"], suspended[2].data["wait"]["delay"]] == [0.02, long]
    assert truth == [(False, truth[0][1])] * 2, truth
    for e in (suspended[0], suspended[2]):
        assert e.data["stack"][-1][0] == "sleep" and e.data["stack"][-1][2] == truth[0][1], e
    inner = suspended[1].data["stack"]
    assert [f[0] for f in inner[-2:]] == ["sleep", "__sleep0"], inner
    assert inner[-2][2] != truth[0][1] and inner[0][2] != suspended[0].data["stack"][0][2]


def check_unknown_wait_names_the_awaited_type() -> None:
    async def main() -> None:
        future = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().call_later(0.01, future.set_result, 1)
        await future

    events = traced(main)
    (wait,) = waits(events, root_actor(events))
    assert wait["kind"] == "future" and wait["type"] == "Future", wait


def check_eager_task_is_created_started_finished_with_its_name() -> None:
    if sys.version_info < (3, 12):
        return

    async def quick() -> int:
        return 1

    async def main() -> None:
        asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
        task = asyncio.create_task(quick(), name="eager")
        assert task.done() and task.get_coro() is None
        await asyncio.gather(asyncio.create_task(_sleeper(), name="lazy"))

    events = traced(main)
    actor = actor_named(events, "eager")
    assert kinds(events, actor)[0] == "created", kinds(events, actor)
    assert kinds(events, actor) == ["created", "started", "finished"], kinds(events, actor)
    assert kinds(events, actor_named(events, "lazy"))[-1] == "finished"


def check_every_loop_in_every_thread() -> None:
    def in_thread() -> None:
        async def job() -> None:
            await asyncio.create_task(_sleeper(), name="threaded")

        asyncio.run(job())

    with ProcessTracer() as tracer:
        thread = threading.Thread(target=in_thread)
        thread.start()
        thread.join()
    events = tracer.events()
    assert kinds(events, actor_named(events, "threaded"))[-1] == "finished"


# -- no garbage ---------------------------------------------------------------------------------
def gc_garbage_after_run(tasks: int = 5_000) -> int:
    """Objects the cyclic collector frees after a run with cancellations and timeouts."""

    async def job(i: int) -> None:
        if i % 3 == 0:
            try:
                async with asyncio.timeout(0.001):
                    await asyncio.sleep(1)
            except TimeoutError:
                pass
        else:
            await asyncio.sleep(0.002)

    async def main() -> None:
        jobs = [asyncio.create_task(job(i)) for i in range(tasks)]
        for doomed in jobs[1::7]:
            doomed.cancel()
        await asyncio.gather(*jobs, return_exceptions=True)
        await asyncio.wait_for(asyncio.sleep(0), 1)

    gc.collect()
    gc.disable()
    try:
        asyncio.run(main())
        return gc.collect()
    finally:
        gc.enable()


def check_no_garbage_beyond_the_untraced_run() -> None:
    gc_garbage_after_run(200)  # warm up: first-time imports and caches are not the run's
    plain = gc_garbage_after_run()
    with ProcessTracer():
        seen = gc_garbage_after_run()
    assert seen <= plain, (seen, plain)


CHECKS: list[Callable[[], None]] = [
    value for name, value in sorted(globals().items()) if name.startswith("check_")
]


def main() -> int:
    from visualizer.core.trace_hooks import STEP

    print(f"tracer checks on Python {sys.version.split()[0]}, {STEP}")
    for check in CHECKS:
        check()
        print(f"  ok {check.__name__}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
