"""Measures how late the event loop is, so a blocked loop shows up as a number.

A task asks to wake after ``interval`` seconds and measures how much later it really woke. While
some callback hogs the loop (``time.sleep`` in a coroutine), the wake-up waits for it, and the
lateness is the stall. The same measurement feeds the app's status bar and a scene's recording.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class LagMonitor:
    """Reports each measured lag (seconds) to ``report`` until stopped."""

    def __init__(self, report: Callable[[float], None], interval: float = 0.02) -> None:
        self.report = report
        self.interval = interval
        self.latest = 0.0
        self.worst = 0.0

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(self.interval)
            lag = max(0.0, loop.time() - before - self.interval)
            self.latest = lag
            self.worst = max(self.worst, lag)
            self.report(lag)
