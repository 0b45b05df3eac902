"""From a recorded log to the state at any time ``t``.

The view never keeps its own copy of what happened; it asks the timeline for the state at the
playback time and draws that. Live play, pause, stepping, scrubbing and export are therefore all
the same call. To keep scrubbing cheap on long runs the timeline stores a copy of the state every
``checkpoint_every`` events and replays only the events after the nearest checkpoint.

A live run left on for hours would hold every event it ever made. With ``keep`` set, the timeline
keeps about that many of the newest events: once the log is a tenth longer it drops whole
checkpoint intervals from its start, keeping the checkpoint where the kept part begins. The state
at any kept time is then exactly what the whole log would give; times before the kept part are
no longer reachable (:meth:`Timeline.start_time` says where it starts).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Generic, Protocol, TypeVar

from visualizer.core.recorder import Event, Recorder

S = TypeVar("S")


class Reducer(Protocol[S]):
    """How one scene folds events into its state."""

    def initial(self) -> S:
        """The state before the first event."""
        ...

    def apply(self, state: S, event: Event) -> None:
        """Change ``state`` in place by one event."""
        ...

    def copy(self, state: S) -> S:
        """An independent copy, used for checkpoints and for answers handed to views."""
        ...


class Timeline(Generic[S]):
    """Answers "what was the state at time t" over a log that may still be growing.

    ``origin``: the state at a time before the first event of ``source`` (the kept part of a
    longer run, as an export freezes it); by default the reducer's initial state at 0.
    """

    def __init__(
        self,
        source: Recorder | Sequence[Event],
        reducer: Reducer[S],
        checkpoint_every: int = 128,
        keep: int | None = None,
        origin: tuple[S, float] | None = None,
    ) -> None:
        self._source = source
        self._reducer = reducer
        self._every = checkpoint_every
        self._keep = keep
        self._times: list[float] = []
        first = reducer.initial() if origin is None else reducer.copy(origin[0])
        self._checkpoints: list[S] = [first]  # _checkpoints[k]: after k*every kept events
        self._start = 0.0 if origin is None else origin[1]
        self._dropped = 0  # events before the kept part

    @property
    def recorder(self) -> Recorder | None:
        return self._source if isinstance(self._source, Recorder) else None

    def _events(self) -> Sequence[Event]:
        return self._source.events if isinstance(self._source, Recorder) else self._source

    def _sync(self) -> Sequence[Event]:
        """Take in events recorded since the last call and extend the checkpoints."""
        events = self._events()
        known = len(self._times)
        count = len(events)
        if count > known:
            self._times.extend(e.t for e in events[known:count])
            while (len(self._checkpoints)) * self._every <= count:
                k = len(self._checkpoints)
                state = self._reducer.copy(self._checkpoints[-1])
                for event in events[(k - 1) * self._every : k * self._every]:
                    self._reducer.apply(state, event)
                self._checkpoints.append(state)
            if self._keep is not None and count > self._keep + max(self._every, self._keep // 10):
                self._let_go(count - self._keep)
        return events

    def _let_go(self, surplus: int) -> None:
        """Drop whole checkpoint intervals from the start: the checkpoint after them stays."""
        recorder = self.recorder
        spans = min(surplus // self._every, len(self._checkpoints) - 1)
        if recorder is None or spans <= 0:
            return
        n = spans * self._every
        self._start = self._times[n - 1]  # every dropped event is at or before this time
        recorder.discard(n)
        del self._times[:n]
        del self._checkpoints[:spans]
        self._dropped += n

    def sync(self) -> None:
        """Fold new events (and let old ones go) now, not at the next question."""
        self._sync()

    def __len__(self) -> int:
        """How many events the run has recorded, kept or not."""
        self._sync()
        return self._dropped + len(self._times)

    @property
    def dropped(self) -> int:
        """How many of the oldest events are no longer kept."""
        return self._dropped

    def kept(self) -> tuple[S, float, list[Event]]:
        """The state where the kept part starts, that time, and a copy of the kept events."""
        events = self._sync()
        return self._reducer.copy(self._checkpoints[0]), self._start, list(events)

    def start_time(self) -> float:
        """The earliest time whose state is known: 0, or where a long run's kept part starts."""
        return self._start

    def end_time(self) -> float:
        """Newest time covered: the run's current time, or its end."""
        rec = self.recorder
        if rec is not None:
            return rec.newest_time()
        self._sync()
        return self._times[-1] if self._times else self._start

    def index_at(self, t: float) -> int:
        """How many events happened at or before ``t`` (counting those no longer kept)."""
        self._sync()
        return self._dropped + bisect.bisect_right(self._times, t)

    def state_at(self, t: float) -> S:
        """The state after every event at or before ``t``; a fresh object the caller may keep.

        Before :meth:`start_time` the answer is the state at the start of the kept part.
        """
        events = self._sync()
        n = bisect.bisect_right(self._times, t)
        k = n // self._every
        state = self._reducer.copy(self._checkpoints[k])
        for event in events[k * self._every : n]:
            self._reducer.apply(state, event)
        return state

    def events_until(self, t: float) -> Sequence[Event]:
        """The kept events at or before ``t``."""
        events = self._sync()
        return events[: bisect.bisect_right(self._times, t)]

    def next_event_time(self, t: float) -> float | None:
        """The first recorded time strictly after ``t``, for stepping forward."""
        self._sync()
        i = bisect.bisect_right(self._times, t)
        return self._times[i] if i < len(self._times) else None

    def prev_event_time(self, t: float) -> float | None:
        """The last recorded time strictly before ``t``, for stepping back.

        Back past the first kept event is the start of the kept part (the last event let go).
        """
        self._sync()
        i = bisect.bisect_left(self._times, t)
        if i > 0:
            return self._times[i - 1]
        return self._start if self._dropped and t > self._start else None
