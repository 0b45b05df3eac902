"""The real code the sync-vs-async scene runs. The code panel shows these functions as they are.

``@on_stack`` records each function's frame being pushed onto and popped off the call stack of
whichever thread runs it; it changes nothing else.
"""

from __future__ import annotations

import asyncio
import functools
import time
from concurrent.futures import ThreadPoolExecutor

from visualizer.scenes.sync_async.probe import on_stack


@on_stack
def b_work(call: int, seconds: float) -> str:
    time.sleep(seconds)  # B's real work: the thread running B can do nothing else meanwhile
    return f"result {call}"


@on_stack
def own_work(seconds: float) -> None:
    time.sleep(seconds)  # A's own work between calls (stands in for computing something)


@on_stack
def a_sync(calls: int, work: float, own: float) -> list[str]:
    results = []
    for call in range(1, calls + 1):
        results.append(b_work(call, work))  # A waits right here: its frame sits under B's
        own_work(own)
    return results


@on_stack
def on_result(call: int, results: dict[int, str], future: asyncio.Future[str]) -> None:
    results[call] = future.result()  # the callback runs on A's thread once A's loop is free


@on_stack
def a_with_callbacks(
    loop: asyncio.AbstractEventLoop,
    pool: ThreadPoolExecutor,
    calls: int,
    work: float,
    own: float,
    results: dict[int, str],
) -> None:
    for call in range(1, calls + 1):
        future = loop.run_in_executor(pool, b_work, call, work)  # B starts on a worker thread
        future.add_done_callback(functools.partial(on_result, call, results))  # answer comes here
        own_work(own)  # A does not wait for B: it carries on at once


@on_stack
async def collect(call: int, future: asyncio.Future[str]) -> str:
    return await future  # A is suspended here only while B #call is still working


@on_stack
async def a_awaits_later(
    loop: asyncio.AbstractEventLoop, pool: ThreadPoolExecutor, calls: int, work: float, own: float
) -> list[str]:
    futures = []
    for call in range(1, calls + 1):
        futures.append(loop.run_in_executor(pool, b_work, call, work))  # B starts; A goes on
        own_work(own)
    return [await collect(call, future) for call, future in enumerate(futures, start=1)]
