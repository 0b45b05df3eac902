"""A finished piece of a run, frozen, so that frames are a pure function of it and the time.

The command line records a scene headless (:func:`record`); the app freezes what its current run
has recorded so far (:meth:`Recording.of_session`). Either way the exporter only ever sees a
fixed tuple of events, so exporting the same recording twice gives the same frames, and a run
still going on in the window cannot change an export half way.

A long live run keeps only its newest part (``SceneSession.keep``): its recording starts at
``start`` from the state the timeline kept there, and an export's range lies within it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from visualizer.core.contract import Frame, Scene, Value, Values
from visualizer.core.recorder import Event
from visualizer.core.timeline import Timeline
from visualizer.session import SceneSession


@dataclass(frozen=True)
class Recording:
    """Events of one run from ``start`` to ``end`` seconds; ``ended``: the code finished itself.

    ``origin`` is the state at ``start`` (None: the reducer's initial state, ``start`` 0).
    """

    scene: Scene[Any]
    preset: str
    values: Mapping[str, Value]
    events: tuple[Event, ...]
    end: float
    ended: bool = False
    error: str | None = None
    start: float = 0.0
    origin: Any = None

    @classmethod
    def of_session(cls, session: SceneSession[Any]) -> Recording:
        """What the session's current run has recorded so far."""
        recorder = session.recorder
        end = recorder.newest_time()
        origin, start, kept = session.timeline.kept()
        events = tuple(e for e in kept if e.t <= end)
        ended = recorder.finished and not session.running and session.error is None
        error = f"{type(session.error).__name__}: {session.error}" if session.error else None
        values = dict(session.values)
        if not session.timeline.dropped:
            return cls(session.scene, session.preset.key, values, events, end, ended, error)
        return cls(
            session.scene, session.preset.key, values, events, end, ended, error, start, origin
        )

    @cached_property
    def timeline(self) -> Timeline[Any]:
        """One timeline per recording: its checkpoints make every later frame cheap."""
        origin = None if self.origin is None else (self.origin, self.start)
        return Timeline(self.events, self.scene.reducer(), origin=origin)

    def frame(self, t: float) -> Frame[Any]:
        """The picture's input at ``t``; past the end the final state holds."""
        when = min(max(self.start, t), self.end)
        return Frame(self.timeline.state_at(when), when, self.end, True)


async def record(
    scene: Scene[Any], preset: str | None, values: Values, duration: float
) -> Recording:
    """Run the scene's real code on the running loop for ``duration`` s, or until it ends.

    The events of the unwinding after ``duration`` never reach a frame.
    """
    # A fixed, short length (at most MAX_DURATION): every event from 0 is kept.
    session: SceneSession[Any] = SceneSession(scene, preset, values, keep=None)
    ended = await session.record_for(duration)
    recorder = session.recorder
    end = recorder.newest_time() if ended else min(recorder.newest_time(), duration)
    error = f"{type(session.error).__name__}: {session.error}" if session.error else None
    events = tuple(e for e in recorder.snapshot() if e.t <= end)
    return Recording(scene, session.preset.key, dict(values), events, end, ended, error)
