"""The app's asyncio loop over Qt: qasync's loop, with timers that keep asyncio's promise.

qasync arms every ``call_later`` with a Qt timer of the default kind, a *coarse* timer, which
Qt may fire up to 5 % early (or late) so that wake-ups line up. ``asyncio.sleep(1.2)`` then
returns after about 1.16 s, and the scene that teaches "gather takes as long as its longest
wait" measures and draws a total shorter than that wait. Here timers are precise and never
run a callback before its time: Qt wakes us at the millisecond, and a wake-up that comes a
little early is put back for what is left. Every place that runs scene code (the window, the
exporter, the bench, the soak) makes its loop here, so all of them measure the same way.
"""

from __future__ import annotations

import asyncio
import contextvars
import math
import os
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_API", "pyside6")  # qasync binds to the Qt it finds first

import qasync
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimerEvent

from visualizer.core.loop_accounting import CALLBACKS


class _PreciseTimers(QObject):
    """Qt timers for ``asyncio.TimerHandle``: each runs its handle once, never before ``when``."""

    def __init__(self) -> None:
        super().__init__()
        self._handles: dict[int, asyncio.TimerHandle] = {}
        # By identity: equal TimerHandles (same time, callback, arguments) are distinct timers.
        self._ids: dict[int, int] = {}
        self._stopped = False

    def arm(self, handle: asyncio.TimerHandle) -> None:
        remaining = handle.when() - time.monotonic()
        timer_id = self.startTimer(max(0, math.ceil(remaining * 1000)), Qt.TimerType.PreciseTimer)
        self._handles[timer_id] = handle
        self._ids[id(handle)] = timer_id

    def disarm(self, handle: asyncio.TimerHandle) -> None:
        """A cancelled handle gives its Qt timer back at once, not when it would have fired."""
        timer_id = self._ids.pop(id(handle), None)
        if timer_id is not None:
            del self._handles[timer_id]
            self.killTimer(timer_id)

    def armed(self) -> int:
        return len(self._handles)

    def next_due(self) -> float | None:
        """The earliest time a live handle is due (loop time), or None when none is armed."""
        return min((h.when() for h in self._handles.values() if not h.cancelled()), default=None)

    def stop(self) -> None:
        self._stopped = True
        for timer_id in self._handles:
            self.killTimer(timer_id)
        self._handles.clear()
        self._ids.clear()

    def timerEvent(self, event: QTimerEvent) -> None:
        timer_id = event.timerId()
        self.killTimer(timer_id)
        handle = self._handles.pop(timer_id, None)
        if handle is None:
            return
        del self._ids[id(handle)]
        if self._stopped or handle.cancelled():
            return
        if handle.when() > time.monotonic():
            self.arm(handle)  # woken a little early: wait for what is left
            return
        start = time.monotonic()
        try:
            handle._run()
        finally:
            CALLBACKS.add(start, time.monotonic())


class _TimedCallbacks(qasync._SimpleTimer):  # type: ignore[misc]
    """qasync's runner of ``call_soon`` callbacks, keeping how long each one ran."""

    def timerEvent(self, event: QTimerEvent) -> None:
        start = time.monotonic()
        try:
            super().timerEvent(event)
        finally:
            CALLBACKS.add(start, time.monotonic())


class AppLoop(qasync.QEventLoop):  # type: ignore[misc]  # qasync has no type hints
    """``qasync.QEventLoop`` whose ``call_later``/``call_at`` never fire early, and which keeps
    the time its callbacks ran (:data:`~visualizer.core.loop_accounting.CALLBACKS`)."""

    measures_callbacks = True

    def __init__(self, app: QCoreApplication | None = None, already_running: bool = False) -> None:
        super().__init__(app, already_running=already_running)
        self._precise = _PreciseTimers()
        self._timer = _TimedCallbacks()

    def call_later(
        self,
        delay: float,
        callback: Callable[..., object],
        *args: Any,
        context: contextvars.Context | None = None,
    ) -> asyncio.Handle:
        if delay <= 0:  # qasync's own path, the same as call_soon
            return super().call_later(delay, callback, *args, context=context)  # type: ignore[no-any-return]
        return self.call_at(self.time() + delay, callback, *args, context=context)

    def call_at(
        self,
        when: float,
        callback: Callable[..., object],
        *args: Any,
        context: contextvars.Context | None = None,
    ) -> asyncio.Handle:
        if asyncio.iscoroutinefunction(callback):
            raise TypeError("coroutines cannot be used with call_at")
        if not callable(callback):
            raise TypeError(f"a callback must be callable: {type(callback).__name__}")
        handle = asyncio.TimerHandle(when, callback, args, self, context=context)
        self._precise.arm(handle)
        return handle

    def _timer_handle_cancelled(self, handle: asyncio.TimerHandle) -> None:
        self._precise.disarm(handle)

    def next_due(self) -> float | None:
        """When the code's next timer is due (loop time): the window holds a repaint back
        rather than let its paint make that timer late."""
        return self._precise.next_due()

    def armed_timers(self) -> int:
        """Timers waiting to fire; cancelled ones are not counted (they are given back)."""
        return self._precise.armed()

    def close(self) -> None:
        super().close()
        self._precise.stop()


def app_loop(app: QCoreApplication | None = None, already_running: bool = False) -> AppLoop:
    """The loop every runner of scene code uses (window, export, bench, soak, tests)."""
    return AppLoop(app, already_running=already_running)
