"""The real code the event-loop scene runs. The code panel shows these functions as they are."""

from __future__ import annotations

import asyncio
import time

from visualizer.core.tracer import note_coroutine, thread_lane


async def fetch(name: str, delay: float) -> str:
    await asyncio.sleep(delay)  # gives control back to the event loop until the timer fires
    return name


async def sequential(delays: list[float]) -> None:
    for i, delay in enumerate(delays, start=1):
        await fetch(f"job{i}", delay)  # the next fetch starts only after this one returns


async def create_task_then_await(delays: list[float]) -> None:
    tasks = [
        asyncio.create_task(fetch(f"job{i}", delay), name=f"job{i}")
        for i, delay in enumerate(delays, start=1)
    ]  # every task is scheduled now; they run whenever main gives control back
    for task in tasks:
        await task


async def gather_all(delays: list[float]) -> None:
    await asyncio.gather(*(fetch(f"job{i}", d) for i, d in enumerate(delays, start=1)))


async def task_group(delays: list[float]) -> None:
    async with asyncio.TaskGroup() as group:
        for i, delay in enumerate(delays, start=1):
            group.create_task(fetch(f"job{i}", delay), name=f"job{i}")
    # leaving the block waits for every task of the group


async def coroutine_object(delays: list[float]) -> None:
    first = fetch("job1", delays[0])  # only makes a coroutine object: nothing runs yet
    note_coroutine(first)
    for i, delay in enumerate(delays[1:], start=2):
        await fetch(f"job{i}", delay)  # other work runs; job1's body has still not started
    await first  # only now does fetch("job1") begin


async def blocking_fetch(name: str, delay: float) -> str:
    time.sleep(delay)  # blocks the whole thread: the event loop cannot run anything else
    return name


async def time_sleep_blocks(delays: list[float]) -> None:
    await asyncio.gather(
        blocking_fetch("job1", delays[0]),
        *(fetch(f"job{i}", d) for i, d in enumerate(delays[1:], start=2)),
    )


@thread_lane
def blocking_io(delay: float) -> None:
    time.sleep(delay)  # still blocking, but in a worker thread, not on the loop


async def threaded_fetch(name: str, delay: float) -> str:
    await asyncio.to_thread(blocking_io, delay)  # the loop stays free while the thread works
    return name


async def to_thread_fix(delays: list[float]) -> None:
    await asyncio.gather(
        threaded_fetch("job1", delays[0]),
        *(fetch(f"job{i}", d) for i, d in enumerate(delays[1:], start=2)),
    )
