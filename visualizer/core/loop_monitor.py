"""Measures how long the event loop was blocked by the running code, so a stall shows as a number.

A task asks to wake after ``interval`` seconds and measures how much later it really woke. While
some callback hogs the loop (``time.sleep`` in a coroutine), the wake-up waits for it, and the
lateness is the stall. The app's own painting and ticking on the same thread delay the wake-up
too; they are measured (:mod:`visualizer.core.loop_accounting`) and not counted, so the figure
means one thing: how long the code kept the loop from running anything else. The same
measurement feeds the app's status bar and a scene's recording.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from visualizer.core.loop_accounting import CALLBACKS, HOST_WORK, HostWork

# A stall at least this long is what a learner should see as "the loop was blocked" (drawn red,
# named in the legends); shorter delays are timer granularity and scheduling noise.
BLOCKED_S = 0.05


class LagMonitor:
    """Reports each measured lag (seconds, the app's own drawing excluded) until stopped."""

    def __init__(
        self,
        report: Callable[[float], None],
        interval: float = 0.02,
        host: HostWork | None = HOST_WORK,
        active: Callable[[], bool] | None = None,
    ) -> None:
        """``active``: whether the code is running now; a lag measured while it has not been
        running since the last wake-up is not the code's (the window's figure after a run ended
        would otherwise count a theme switch as "blocked by the code")."""
        self.report = report
        self.interval = interval
        self.host = host
        self.active = active
        self.latest = 0.0
        self.worst = 0.0

    def reset(self) -> None:
        """Forget the lags before the latest one (a new run began; the latest lag is its)."""
        self.worst = self.latest

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        # On the app's loop only callbacks can hold it: what else fills a late wake-up is Qt's.
        callbacks = CALLBACKS if getattr(loop, "measures_callbacks", False) else None
        was_active = self.active() if self.active is not None else True
        while True:
            before = loop.time()
            await asyncio.sleep(self.interval)
            woke = loop.time()
            due = before + self.interval
            late = woke - due
            if self.host is not None and late > 0:
                late -= self.host.within(due, woke)  # the window's paint and tick: not the code
            if callbacks is not None and late > 0:
                late = min(late, callbacks.within(due, woke))
            lag = max(0.0, late)
            if self.active is not None:
                active = self.active()
                if not (active or was_active):  # a stall that ends a run still counts
                    lag = 0.0
                was_active = active
            self.latest = lag
            self.worst = max(self.worst, lag)
            self.report(lag)
