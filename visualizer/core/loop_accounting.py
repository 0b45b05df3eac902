"""The app's own work on the loop's thread, measured, so a lag can be told apart from it.

The scenes' code runs on the app's qasync loop, the same thread that paints the window. A lag
monitor that wakes late cannot tell by itself whether the scene's code held the thread or the
window was painting a frame. So the window reports how long each paint and each tick took (as
intervals on the loop's clock, ``time.monotonic``), and the monitor subtracts the part of its
lateness that the app's own work covers: what is left is the stall the running code caused.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager


class HostWork:
    """The last few intervals the app spent on its own drawing and ticking (not scene code)."""

    def __init__(self, keep: int = 512) -> None:
        # A monitor asks about the last fraction of a second only; old intervals fall off.
        self._spans: deque[tuple[float, float, int]] = deque(maxlen=keep)
        self._open: set[int] = set()  # threads inside a measure(): nested ones count once

    def add(self, start: float, end: float) -> None:
        """Record that the app held the calling thread from ``start`` to ``end`` (monotonic s)."""
        if end > start:
            self._spans.append((start, end, threading.get_ident()))

    @contextmanager
    def measure(self) -> Iterator[None]:
        """Count the time spent in the ``with`` block as the app's own work (once, if nested:
        the canvas's paint runs inside the window's repaint, and either may come alone)."""
        thread = threading.get_ident()
        if thread in self._open:
            yield
            return
        self._open.add(thread)
        start = time.monotonic()
        try:
            yield
        finally:
            self._open.discard(thread)
            self.add(start, time.monotonic())

    def within(self, start: float, end: float, thread: int | None = None) -> float:
        """Seconds of the app's own work on ``thread`` (default: the calling one) that fall
        inside ``[start, end]``: a loop in another thread is not delayed by the window's paint."""
        thread = threading.get_ident() if thread is None else thread
        total = 0.0
        for a, b, on in reversed(self._spans):
            if b <= start:
                break  # appended in time order: everything older ends before ``start`` too
            if on == thread:
                total += max(0.0, min(b, end) - max(a, start))
        return total

    def clear(self) -> None:
        self._spans.clear()


# The process's one account: the window reports into it, every lag monitor reads it.
HOST_WORK = HostWork()
# The intervals the app's loop spent running asyncio callbacks: the only place the code it shows
# can hold the loop. A loop that keeps them says so with a true ``measures_callbacks``
# attribute; its lag monitors then count a stall only as far as callbacks filled it, so Qt's own
# work between them (a relayout after a resize, presentation mode) is not the code's either.
CALLBACKS = HostWork(keep=4096)
