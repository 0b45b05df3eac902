"""An append-only, thread-safe log of what really happened during one run.

Every scene's real code (asyncio tasks, threads, sockets, queues) reports into one recorder; the
timeline folds the log into the state at any time. Timestamps come from ``time.monotonic`` taken
under the lock, so the log is always in time order even when several threads report at once.

The asyncio tracer does not go through :meth:`Recorder.add` on its hot path: it appends compact
records to its own list and the recorder pulls them (:meth:`Recorder.attach`) whenever the log
is read or written, so they join the log in time order.

A live run may go on for hours: the timeline keeps a bounded window of it and lets the recorder
forget what came before (:meth:`Recorder.discard`) once it has folded those events into a
checkpoint, so the state at every kept time stays exact.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

Clock = Callable[[], float]
Feed = Callable[[], Sequence["Event"]]
_NO_DATA: Mapping[str, Any] = MappingProxyType({})


class Event(NamedTuple):
    """One thing that happened: when (seconds since the run began), what, to whom, and details.

    A named tuple rather than a frozen dataclass: the tracer creates one per task step, and a
    tuple is several times cheaper to build.
    """

    t: float
    kind: str
    actor: str
    data: Mapping[str, Any] = _NO_DATA


class Recorder:
    """Collects events of one run; safe to call from any thread."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self.t0 = clock()
        self._events: list[Event] = []
        self._feeds: list[Feed] = []
        self.finished_at: float | None = None
        self.dropped = 0  # events forgotten from the start of the log (see discard)

    @property
    def events(self) -> list[Event]:
        """The kept log (the list itself: it grows as the run goes on, and loses its oldest
        events when the timeline lets them go)."""
        if self._feeds:
            with self._lock:
                self._pull()
        return self._events

    def attach(self, feed: Feed) -> None:
        """Take events from ``feed`` (new ones per call, in time order) into the log from now on."""
        with self._lock:
            self._feeds.append(feed)

    def detach(self, feed: Feed) -> None:
        with self._lock:
            self._pull()
            if feed in self._feeds:
                self._feeds.remove(feed)

    def _pull(self) -> None:
        """Move fed events into the log; the caller holds the lock.

        Two feeds, or a feed and a direct :meth:`add` from another thread, can interleave by a
        microsecond; such an event is stamped with its predecessor's time so the log stays
        sorted (the timeline bisects it).
        """
        new: list[Event] = []
        for feed in self._feeds:
            new.extend(feed())
        if not new:
            return
        if len(self._feeds) > 1:
            new.sort(key=lambda e: e.t)
        events = self._events
        last = events[-1].t if events else float("-inf")
        for event in new:
            if event.t < last:
                event = event._replace(t=last)
            last = event.t
            events.append(event)

    def now(self) -> float:
        """Seconds since the run began."""
        return self._clock() - self.t0

    def emit(self, kind: str, actor: str, **data: Any) -> Event:
        """Record an event stamped with the current time."""
        return self.add(kind, actor, data or _NO_DATA)

    def add(self, kind: str, actor: str, data: Mapping[str, Any] = _NO_DATA) -> Event:
        """Like :meth:`emit` with the details as a mapping (no keyword packing: the hot path)."""
        with self._lock:
            if self._feeds:
                self._pull()
            event = Event(self._clock() - self.t0, kind, actor, data)
            self._events.append(event)
        return event

    def discard(self, count: int) -> None:
        """Forget the oldest ``count`` events: their effect lives on in a timeline checkpoint.

        Only the one timeline folding this log calls it, on the thread that reads the log; the
        list shrinks in place, so a reader holding it sees the same object, ``dropped`` larger.
        """
        with self._lock:
            count = max(0, min(count, len(self._events)))
            del self._events[:count]
            self.dropped += count

    def finish(self) -> None:
        """Mark the end of the run: from now on the newest time stops advancing."""
        with self._lock:
            if self._feeds:
                self._pull()
            if self.finished_at is None:
                self.finished_at = self._clock() - self.t0

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    def newest_time(self) -> float:
        """The latest time the run has reached: now while it runs, its end once finished."""
        if self.finished_at is not None:
            return self.finished_at
        return self.now()

    def snapshot(self) -> list[Event]:
        """A copy of the events so far, for code that must not see the list grow under it."""
        with self._lock:
            if self._feeds:
                self._pull()
            return list(self._events)
