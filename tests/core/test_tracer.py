"""The tracer records what real asyncio code did, with stacks and what each task waits on."""

from __future__ import annotations

import asyncio
import time

from visualizer.core.recorder import Event, Recorder
from visualizer.core.tracer import AsyncTracer, mark, note_coroutine, thread_lane


def trace(main, **kwargs) -> list[Event]:  # type: ignore[no-untyped-def]
    recorder = Recorder()
    asyncio.run(AsyncTracer(recorder, **kwargs).run(main))
    return recorder.events


def kinds(events: list[Event], actor: str) -> list[str]:
    return [e.kind for e in events if e.actor == actor]


async def leaf() -> None:
    await asyncio.sleep(0.01)


async def fetch() -> None:
    await leaf()


def test_three_level_chain_is_recorded_in_order_with_line_numbers() -> None:
    async def main() -> None:
        await fetch_direct()

    async def fetch_direct() -> None:
        await asyncio.sleep(0.01)

    events = trace(main)
    suspended = next(e for e in events if e.kind == "suspended")
    stack = suspended.data["stack"]
    names = [frame[0].rsplit(".", 1)[-1] for frame in stack]
    assert names == ["main", "fetch_direct", "sleep"]
    # The line of each frame is the line of its await.
    main_line = main.__code__.co_firstlineno + 1
    fetch_line = fetch_direct.__code__.co_firstlineno + 1
    assert stack[0][2] == main_line
    assert stack[1][2] == fetch_line
    assert stack[1][1] == __file__
    assert stack[2][1].endswith("asyncio/tasks.py")
    assert suspended.data["wait"]["kind"] == "sleep"
    assert suspended.data["wait"]["deadline"] > suspended.t


def test_task_lifecycle_kinds() -> None:
    async def boom() -> None:
        await asyncio.sleep(0)
        raise ValueError("bad")

    async def forever() -> None:
        await asyncio.sleep(10)

    async def main() -> None:
        failing = asyncio.create_task(boom(), name="boom")
        hanging = asyncio.create_task(forever(), name="forever")
        await asyncio.sleep(0.01)
        hanging.cancel()
        await asyncio.gather(failing, hanging, return_exceptions=True)

    events = trace(main)
    by_name = {e.data["name"]: e.actor for e in events if e.kind == "started"}
    assert kinds(events, by_name["boom"]) == [
        "created",
        "started",
        "suspended",
        "ready",
        "resumed",
        "raised",
    ]
    assert "ValueError" in next(e.data["error"] for e in events if e.kind == "raised")
    assert kinds(events, by_name["forever"])[-1] == "cancelled"
    assert kinds(events, by_name["main"])[-1] == "finished"


def test_waits_are_classified() -> None:
    async def consumer(q: asyncio.Queue[int]) -> None:
        await q.get()

    async def locked(lock: asyncio.Lock) -> None:
        async with lock:
            pass

    async def main() -> None:
        q: asyncio.Queue[int] = asyncio.Queue()
        lock = asyncio.Lock()
        await lock.acquire()
        c = asyncio.create_task(consumer(q), name="consumer")
        w = asyncio.create_task(locked(lock), name="locked")
        await asyncio.sleep(0.01)
        q.put_nowait(1)
        lock.release()
        await c  # main waits on another task
        await asyncio.gather(w)

    events = trace(main)
    waits = {e.data["wait"]["kind"] for e in events if e.kind == "suspended"}
    assert {"queue_get", "lock", "sleep"} <= waits
    task_waits = [e.data["wait"] for e in events if e.kind == "suspended"]
    assert any(w["kind"] in ("task", "gather") for w in task_waits)


def test_thread_lane_and_marks() -> None:
    @thread_lane
    def work() -> None:
        time.sleep(0.02)

    async def main() -> None:
        mark("before")
        await asyncio.to_thread(work)

    events = trace(main)
    starts = [e for e in events if e.kind == "thread_start"]
    ends = [e for e in events if e.kind == "thread_end"]
    assert len(starts) == len(ends) == 1
    assert ends[0].t - starts[0].t >= 0.015
    assert starts[0].actor != "MainThread"
    assert any(e.kind == "mark" and e.data["label"] == "before" for e in events)
    assert any(e.kind == "suspended" and e.data["wait"]["kind"] == "thread" for e in events)


def test_coroutine_object_does_not_run_until_awaited() -> None:
    body_ran_at: list[float] = []

    async def job(rec: list[float]) -> None:
        rec.append(time.monotonic())
        await asyncio.sleep(0)

    async def main() -> None:
        coro = job(body_ran_at)
        note_coroutine(coro)
        await asyncio.sleep(0.02)
        assert not body_ran_at  # nothing of the body ran yet
        await coro

    events = trace(main)
    created = next(e for e in events if e.kind == "coroutine_created")
    assert created.data["state"] == "CORO_CREATED"
    changes = [e for e in events if e.kind == "coroutine_state"]
    assert changes and changes[0].t >= created.t + 0.015
    assert body_ran_at


def test_only_tasks_of_the_run_are_traced_and_leftovers_are_cancelled() -> None:
    recorder = Recorder()
    outside_started: list[bool] = []

    async def outside() -> None:
        outside_started.append(True)
        await asyncio.sleep(0.05)

    async def forgotten() -> None:
        await asyncio.sleep(10)

    async def main() -> None:
        asyncio.create_task(forgotten(), name="forgotten")  # noqa: RUF006 - on purpose
        await asyncio.sleep(0.01)

    async def runner() -> None:
        app_task = asyncio.create_task(outside())
        tracer = AsyncTracer(recorder)
        await tracer.run(main)
        await app_task
        assert asyncio.get_running_loop().get_task_factory() is None

    asyncio.run(runner())
    assert outside_started
    coros = {e.data["coro"].rsplit(".", 1)[-1] for e in recorder.events if e.kind == "created"}
    assert coros == {"main", "forgotten"}
    forgotten_actor = next(
        e.actor for e in recorder.events if e.kind == "created" and "forgotten" in e.data["coro"]
    )
    assert kinds(recorder.events, forgotten_actor)[-1] == "cancelled"
    assert recorder.finished


def test_a_run_leaves_asyncio_as_it_found_it_even_when_runs_overlap() -> None:
    original = asyncio.BaseEventLoop.create_task

    async def inner() -> None:
        assert asyncio.BaseEventLoop.create_task is not original  # traced while a run lasts
        await asyncio.sleep(0)

    async def scenario() -> None:
        first = asyncio.create_task(AsyncTracer(Recorder()).run(inner))
        second = asyncio.create_task(AsyncTracer(Recorder()).run(lambda: asyncio.sleep(0.05)))
        await first  # the older run ends first: the newer one must stay traced
        assert asyncio.BaseEventLoop.create_task is not original
        await second
        assert asyncio.get_running_loop().get_task_factory() is None

    asyncio.run(scenario())
    assert asyncio.BaseEventLoop.create_task is original
    assert "call_soon" not in asyncio.SelectorEventLoop.__dict__


def test_code_panel_lines_of_a_decorated_function_are_its_own() -> None:
    from visualizer.scenes.event_loop import PRESETS, presets

    to_thread = next(p for p in PRESETS if p.key == "to-thread")
    listing = to_thread.source()
    import inspect

    lines, first = inspect.getsourcelines(inspect.unwrap(presets.blocking_io))
    line = first + next(i for i, text in enumerate(lines) if "time.sleep" in text)
    row = listing.row_of(presets.__file__, line)
    assert row is not None
    assert "time.sleep(delay)" in listing.text.splitlines()[row]


def test_long_step_watcher_finds_the_blocking_line_and_leaves_no_thread() -> None:
    import threading

    async def stuck() -> None:
        time.sleep(0.2)  # the line the watcher must find

    before = threading.active_count()
    recorder = Recorder()
    asyncio.run(AsyncTracer(recorder, watch_long_steps=True).run(stuck))
    assert threading.active_count() == before
    (blocked,) = [e for e in recorder.events if e.kind == "blocked_at"]
    function, filename, line = blocked.data["stack"][-1]
    assert function.endswith("stuck") and filename == __file__
    assert line == stuck.__code__.co_firstlineno + 1
    assert blocked.t >= 0.04  # found while the step was still running, not after
