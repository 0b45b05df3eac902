"""The playback clock: which recorded time the view shows.

The real code keeps running and recording at full speed whatever the user does here. Playback only
moves the time at which the timeline is drawn: live follows the newest recorded time; pause,
step, slow motion and scrubbing move the playback time over what has been recorded so far, and
kept: ``start`` is where the kept part of a long run begins (0 until the timeline lets go of the
oldest events), and the playback time never goes before it.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_SPEED = 0.25
MAX_SPEED = 4.0


@dataclass
class Playback:
    """Playback time over a recording whose end may still be moving."""

    t: float = 0.0
    speed: float = 1.0
    playing: bool = True
    live: bool = True

    def set_speed(self, speed: float) -> None:
        """Clamp to the supported range; slower or faster than live leaves live mode."""
        self.speed = min(MAX_SPEED, max(MIN_SPEED, float(speed)))
        if self.speed != 1.0:
            self.live = False

    def advance(self, wall_dt: float, end: float, start: float = 0.0) -> None:
        """Move forward by ``wall_dt`` seconds of wall time; ``end`` is the newest recorded time.

        A paused picture whose time is let go of moves up to ``start``: it cannot be drawn.
        """
        if self.live:
            self.t = end
            return
        if self.playing:
            self.t = min(end, self.t + max(0.0, wall_dt) * self.speed)
            if self.t >= end and self.speed == 1.0:
                self.live = True
        self.t = max(start, min(self.t, end))

    def pause(self) -> None:
        self.playing = False
        self.live = False

    def play(self, end: float) -> None:
        self.playing = True
        if self.t >= end and self.speed == 1.0:
            self.live = True

    def toggle(self, end: float) -> None:
        if self.playing:
            self.pause()
        else:
            self.play(end)

    def seek(self, t: float, end: float, start: float = 0.0) -> None:
        """Scrub to ``t``; scrubbing always leaves live mode so the picture stays where put."""
        self.live = False
        self.t = min(max(start, t), end)

    def step_to(self, t: float | None) -> None:
        """Pause on a recorded time (from ``Timeline.next_event_time``/``prev_event_time``)."""
        self.pause()
        if t is not None:
            self.t = t

    def go_live(self) -> None:
        """Follow the newest recorded time again, at real speed."""
        self.speed = 1.0
        self.playing = True
        self.live = True

    def restart(self) -> None:
        self.t = 0.0
        self.playing = True
        self.live = self.speed == 1.0
