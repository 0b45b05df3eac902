"""From a recorded log to the state at any time ``t``.

The view never keeps its own copy of what happened; it asks the timeline for the state at the
playback time and draws that. Live play, pause, stepping, scrubbing and export are therefore all
the same call. To keep scrubbing cheap on long runs the timeline stores a copy of the state every
``checkpoint_every`` events and replays only the events after the nearest checkpoint.
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
    """Answers "what was the state at time t" over a log that may still be growing."""

    def __init__(
        self, source: Recorder | Sequence[Event], reducer: Reducer[S], checkpoint_every: int = 128
    ) -> None:
        self._source = source
        self._reducer = reducer
        self._every = checkpoint_every
        self._times: list[float] = []
        self._checkpoints: list[S] = [reducer.initial()]  # _checkpoints[k]: after k*every events

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
        return events

    def __len__(self) -> int:
        self._sync()
        return len(self._times)

    def end_time(self) -> float:
        """Newest time covered: the run's current time, or its end."""
        rec = self.recorder
        if rec is not None:
            return rec.newest_time()
        self._sync()
        return self._times[-1] if self._times else 0.0

    def index_at(self, t: float) -> int:
        """How many events happened at or before ``t``."""
        self._sync()
        return bisect.bisect_right(self._times, t)

    def state_at(self, t: float) -> S:
        """The state after every event at or before ``t``; a fresh object the caller may keep."""
        events = self._sync()
        n = bisect.bisect_right(self._times, t)
        k = n // self._every
        state = self._reducer.copy(self._checkpoints[k])
        for event in events[k * self._every : n]:
            self._reducer.apply(state, event)
        return state

    def events_until(self, t: float) -> Sequence[Event]:
        events = self._sync()
        return events[: bisect.bisect_right(self._times, t)]

    def next_event_time(self, t: float) -> float | None:
        """The first recorded time strictly after ``t``, for stepping forward."""
        self._sync()
        i = bisect.bisect_right(self._times, t)
        return self._times[i] if i < len(self._times) else None

    def prev_event_time(self, t: float) -> float | None:
        """The last recorded time strictly before ``t``, for stepping back."""
        self._sync()
        i = bisect.bisect_left(self._times, t)
        return self._times[i - 1] if i > 0 else None
