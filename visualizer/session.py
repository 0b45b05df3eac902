"""One scene being run, recorded and played back: the model behind the window and the exporter.

The session owns the current run (a recorder and the task running the scene's real code), the
timeline over that recording and the playback clock. It knows nothing of Qt: the window calls
``restart``/``tick``/``frame`` and draws what ``frame`` returns; the exporter does the same at
exact times without a screen.
"""

from __future__ import annotations

import asyncio
from typing import Any, Generic, TypeVar

from visualizer.core.contract import Frame, Preset, Run, Scene, Value, Values
from visualizer.core.playback import Playback
from visualizer.core.recorder import Recorder
from visualizer.core.timeline import Timeline

S = TypeVar("S")

# Events a live run keeps (the timeline lets older ones go; see core/timeline.py). The heaviest
# scene, the queue at its heaviest settings, records about 700 events a second at ~580 bytes an
# event with its share of the checkpoints: 200,000 events are its last ~5 minutes in ~120 MB,
# however long it runs (docs/TESTING.md, "Long run").
# A lighter scene keeps longer; the playback bar shows how far back the kept part reaches.
KEEP_EVENTS = 200_000


class SceneSession(Generic[S]):
    """Runs a scene on the running asyncio loop and plays its recording back."""

    def __init__(
        self,
        scene: Scene[S],
        preset: str | None = None,
        values: Values | None = None,
        keep: int | None = KEEP_EVENTS,
    ) -> None:
        self.scene = scene
        self.keep = keep  # None: keep every event (a recording of a fixed length)
        self.preset: Preset = scene.preset(preset)
        self.values = values if values is not None else scene.values()
        self.playback = Playback()
        self.recorder = Recorder()
        self.recorder.finish()
        self.timeline: Timeline[S] = Timeline(self.recorder, scene.reducer())
        self.run: Run | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping: set[asyncio.Task[Any]] = set()
        self.error: BaseException | None = None

    # -- running -------------------------------------------------------------------------
    def change(self, key: str, value: object) -> Value:
        """Validate and store a setting; a live one reaches the running code at once.

        Raises SettingError (and keeps the old value) for a value outside the setting's range.
        A setting that is not live takes effect at the next restart.
        """
        if self.run is not None and self.running and self.values.setting(key).live:
            return self.run.change(key, value)
        return self.values.set(key, value)

    def set_preset(self, key: str) -> None:
        self.preset = self.scene.preset(key)

    def restart(self) -> None:
        """Stop the current run (if any) and start the scene's code afresh, from t = 0."""
        self.stop()
        self.error = None
        self.recorder = Recorder()
        self.timeline = Timeline(self.recorder, self.scene.reducer(), keep=self.keep)
        self.run = Run(self.recorder, self.values, self.preset.key)
        self._task = asyncio.get_running_loop().create_task(
            self._execute(self.run), name=f"scene:{self.scene.name}"
        )
        self.playback.restart()

    async def _execute(self, run: Run) -> None:
        try:
            await self.scene.run(run)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the scene's code failed: keep the app, show the error
            self.error = exc
            run.recorder.emit("scene_error", "scene", error=f"{type(exc).__name__}: {exc}")
        finally:
            run.recorder.finish()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def stop(self) -> None:
        """Cancel the running code; ``aclose`` waits for it to unwind."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            self._stopping.add(task)
            task.add_done_callback(self._stopping.discard)
        self.recorder.finish()

    async def wait(self) -> None:
        """Wait until the current run ends by itself."""
        if self._task is not None:
            await asyncio.shield(self._task)

    async def record_for(self, duration: float) -> bool:
        """Run the code afresh for ``duration`` s or until it ends; True if it ended by itself.

        Stopping at ``duration`` cancels the scene's tasks the way Restart does; the events of
        that unwinding come after ``duration``. Time is measured on the recorder's clock, because
        Qt's timers (under qasync) may fire a little early.
        """
        self.restart()
        try:
            while (remaining := duration - self.recorder.now()) > 0:
                try:
                    # asyncio.timeout: wait_for on 3.11 can lose a cancel that comes as the run ends
                    async with asyncio.timeout(remaining):
                        await self.wait()
                except TimeoutError:
                    continue
                return True
            return False
        finally:
            await self.aclose()

    async def aclose(self) -> None:
        """Stop and wait until every task of every run has finished unwinding."""
        self.stop()
        pending = list(self._stopping)
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)

    # -- playback ------------------------------------------------------------------------
    def tick(self, wall_dt: float) -> None:
        self.timeline.sync()  # lets the oldest events go even while nothing is drawn
        self.playback.advance(wall_dt, self.timeline.end_time(), self.timeline.start_time())

    @property
    def kept_from(self) -> float:
        """Where the kept part of the recording starts: 0, or later on a long live run."""
        return self.timeline.start_time()

    def frame(self, t: float | None = None) -> Frame[S]:
        """The state to draw at ``t`` (default: the playback time), within the kept part."""
        end = self.timeline.end_time()
        when = self.playback.t if t is None else t
        when = min(max(self.timeline.start_time(), when), end)
        return Frame(self.timeline.state_at(when), when, end, self.recorder.finished)

    def step(self, forward: bool = True) -> None:
        t = self.playback.t
        nxt = self.timeline.next_event_time(t) if forward else self.timeline.prev_event_time(t)
        self.playback.step_to(nxt)

    def seek(self, t: float) -> None:
        self.playback.seek(t, self.timeline.end_time(), self.timeline.start_time())

    def seek_fraction(self, fraction: float) -> None:
        """Scrub to a fraction of the kept part (the scrubber's range)."""
        start, end = self.timeline.start_time(), self.timeline.end_time()
        self.seek(start + fraction * (end - start))
