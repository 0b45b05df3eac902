"""The app's loop keeps asyncio's timing promise: a sleep never ends before its time.

qasync's own loop arms coarse Qt timers, which Qt fires up to 5 % early; on it a good share of
these sleeps end early (by up to tens of milliseconds), and a scene would draw waits shorter
than the code asked for.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from visualizer.draw.qtloop import AppLoop

DELAYS = [0.05 + 0.023 * i for i in range(30)]  # 0.05 .. 0.72 s, phases spread over Qt's grid


async def _slept(loop: asyncio.AbstractEventLoop, delay: float) -> float:
    start = loop.time()
    await asyncio.sleep(delay)
    return loop.time() - start


def test_sleeps_on_the_app_loop_never_end_early(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    assert isinstance(qt_loop, AppLoop)
    gathered = asyncio.gather(*(_slept(qt_loop, d) for d in DELAYS))
    qtbot.waitUntil(gathered.done, timeout=10_000)
    slept = gathered.result()
    early = [(d, s) for d, s in zip(DELAYS, slept, strict=True) if s < d]
    assert early == []


def test_call_at_runs_once_at_its_time_and_in_order(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    ran: list[tuple[str, float]] = []
    now = qt_loop.time()
    for name, after in (("c", 0.15), ("a", 0.05), ("b", 0.10)):
        qt_loop.call_at(now + after, lambda n=name: ran.append((n, qt_loop.time() - now)))
    qtbot.waitUntil(lambda: len(ran) == 3, timeout=5000)
    qtbot.wait(100)
    assert [name for name, _ in ran] == ["a", "b", "c"]
    assert all(at >= want for (_, at), want in zip(ran, (0.05, 0.10, 0.15), strict=True))


def test_a_cancelled_timer_gives_its_qt_timer_back_and_never_runs(
    qt_loop: AppLoop, qtbot: Any
) -> None:
    before = qt_loop.armed_timers()
    ran: list[int] = []
    handles = [qt_loop.call_later(0.2, ran.append, i) for i in range(50)]
    assert qt_loop.armed_timers() == before + 50
    for handle in handles[:40]:
        handle.cancel()
    assert qt_loop.armed_timers() == before + 10
    qtbot.waitUntil(lambda: len(ran) == 10, timeout=5000)
    qtbot.wait(100)
    assert sorted(ran) == list(range(40, 50))
    assert qt_loop.armed_timers() == before


def test_equal_handles_are_still_two_timers(qt_loop: AppLoop, qtbot: Any) -> None:
    """Two call_at's with the same time and callback compare equal; both must run."""
    ran: list[None] = []
    when = qt_loop.time() + 0.05
    first = qt_loop.call_at(when, ran.append, None)
    second = qt_loop.call_at(when, ran.append, None)
    assert first == second and first is not second
    qtbot.waitUntil(lambda: len(ran) == 2, timeout=5000)


def test_coroutines_are_refused_as_callbacks(qt_loop: AppLoop) -> None:
    async def job() -> None:
        return None

    with pytest.raises(TypeError):
        qt_loop.call_later(0.1, job)
