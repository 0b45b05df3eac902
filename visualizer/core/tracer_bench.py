"""The tracer's cost, measured: what ``visualizer bench`` reports about it.

- ``tracer_overhead_ratio``: 5,000 gathered tasks each awaiting ``sleep(0.01)`` twice, traced
  in whole-process mode over untraced, while the program runs (records stay compact; decoding
  them into events happens when they are read); median of alternating repetitions.
- ``tracer_overhead_ratio_cpu``: the same with ``sleep(0)``: nothing but task switching, the
  worst case for a step tracer.
- ``tracer_bytes_per_event``: memory of the compact records per record, measured with
  ``tracemalloc`` while the workload runs traced in whole-process mode.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable, Coroutine
from typing import Any

from visualizer.core.tracer import ProcessTracer

TASKS = 5_000


async def _job(delay: float) -> None:
    await asyncio.sleep(delay)
    await asyncio.sleep(delay)


def workload(delay: float, tasks: int = TASKS) -> Callable[[], Coroutine[Any, Any, None]]:
    async def main() -> None:
        await asyncio.gather(*(_job(delay) for _ in range(tasks)))

    return main


def _time_plain(delay: float) -> float:
    start = time.perf_counter()
    asyncio.run(workload(delay)())
    return time.perf_counter() - start


def _time_traced(delay: float) -> float:
    """While the program runs: records stay compact until somebody reads them."""
    with ProcessTracer():
        start = time.perf_counter()
        asyncio.run(workload(delay)())
        return time.perf_counter() - start


def tracer_overhead(delay: float, repeats: int) -> float:
    plain: list[float] = []
    traced: list[float] = []
    _time_plain(delay)  # warm up imports and allocator
    _time_traced(delay)
    for _ in range(repeats):
        gc.collect()
        plain.append(_time_plain(delay))
        gc.collect()
        traced.append(_time_traced(delay))
    return round(statistics.median(traced) / statistics.median(plain), 3)


def bytes_per_event(delay: float = 0.0) -> float:
    tracer = ProcessTracer()
    gc.collect()
    tracemalloc.start()
    try:
        with tracer:
            before = tracemalloc.get_traced_memory()[0]
            asyncio.run(workload(delay)())
            # the records alone: everything else the run made is gone by now
            after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return round((after - before) / max(1, tracer.record_count()), 1)


def tracer_figures(quick: bool = False) -> dict[str, Any]:
    repeats = 3 if quick else 7
    return {
        "tracer_overhead_ratio": tracer_overhead(0.01, repeats),
        "tracer_overhead_ratio_cpu": tracer_overhead(0.0, repeats),
        "tracer_bytes_per_event": bytes_per_event(),
    }


if __name__ == "__main__":
    print(tracer_figures(quick=True))
