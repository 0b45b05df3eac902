"""Long runs: every scene at its heaviest settings, live, with memory and frame time sampled.

The window shows each scene live for ``seconds`` of real run time (a finished run is restarted,
so the code never stops producing events), sampling resident memory, the recording's event
count (all and kept) and the time to compute and paint one frame. The full check is 30 minutes
per scene (``VISUALIZER_SOAK_SECONDS=1800``) with the app's own cap on kept events
(``session.KEEP_EVENTS``); CI runs a shortened one with a small cap (``keep``), so the kept
window is let go of many times there too.

``visualizer bench`` reports ``soak_rss_growth_pct`` of one 30-minute run of the app, live all
through: every scene in turn at its heaviest settings, six minutes each, with the app's own cap
(the queue scene, the heaviest, fills its cap in about five minutes and lets go of it after);
the growth is from minute 2 of the run to its end (:func:`run_growth_pct`). No speed-up: the
scenes' code is real and runs in real time. ``--quick`` shortens the run to 3 s a scene and
scales "minute 2" with it (2/30 of the run); ``soak_seconds`` says which was measured.
"""

from __future__ import annotations

import asyncio
import gc
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from visualizer.core.contract import Scene, Setting
from visualizer.scenes.registry import load_scene, scene_names
from visualizer.ui.main_window import MainWindow
from visualizer.ui.stress import SKIPPED_SETTINGS, rss_mb

FULL_SECONDS = 30 * 60
# Where the growth is measured from: minute 2 of 30, scaled with a shortened run.
GROWTH_FROM = 2 / 30
# Settings where less means more work per second (shorter waits between events).
_LESS_IS_MORE = ("delay", "work", "own", "jitter", "poll")


def heaviest(scene: Scene[Any]) -> dict[str, object]:
    """Every numeric setting at the end of its range that makes the most events."""
    out: dict[str, object] = {}
    for setting in scene.settings:
        if setting.key in SKIPPED_SETTINGS or setting.kind not in ("int", "float"):
            continue
        out[setting.key] = _extreme(setting)
    return out


def _extreme(setting: Setting) -> object:
    low = setting.key.startswith(_LESS_IS_MORE)
    value = setting.minimum if low else setting.maximum
    if low and setting.kind == "float":
        value = max(setting.minimum, 0.05)  # zero waits make a busy loop, not a heavy scene
    return int(value) if setting.kind == "int" else float(value)


@dataclass
class Sample:
    t: float
    rss_mb: float
    events: int  # recorded since the run began
    kept: int  # of those, still kept (the rest were let go of)
    frame_ms: float
    kept_from: float  # where the kept part starts (s)


@dataclass
class SceneSoak:
    scene: str
    samples: list[Sample] = field(default_factory=list)

    def growth_pct(self) -> float:
        """RSS growth from the first fifth of the run (minute 6 of 30) to its end, in %."""
        if len(self.samples) < 2:
            return 0.0
        base = self.samples[max(1, len(self.samples) // 5)].rss_mb
        return (self.samples[-1].rss_mb - base) / base * 100

    def frame_ms(self, part: slice) -> float:
        times = sorted(s.frame_ms for s in self.samples[part])
        return times[len(times) // 2] if times else 0.0


def _paint_ms(window: MainWindow) -> float:
    """Compute the frame at the playback time and paint it at 1280x720, as the canvas does.

    Timed in this thread's CPU time: a scene whose real code runs threads in this process (the
    server scene's servers) makes the GUI thread wait for the GIL, and that waiting is the
    load's, not a cost of the frame that grows with the recording.
    """
    view, frame_of = window.view, window.current_frame
    image = QImage(1280, 720, QImage.Format.Format_ARGB32_Premultiplied)
    start = time.thread_time()
    frame = frame_of()
    if view is not None and frame is not None:
        painter = QPainter(image)
        view.paint(painter, QRectF(0, 0, 1280, 720), frame, window.theme)
        painter.end()
    return (time.thread_time() - start) * 1000


async def soak_scene(
    window: MainWindow, name: str, seconds: float, every: float, keep: int | None = None
) -> SceneSoak:
    """``keep``: events a run keeps (None: the app's own cap)."""
    window.open_scene(name, None, heaviest(load_scene(name)))
    if keep is not None and window.session is not None:
        window.session.keep = keep
        window.restart()
    result = SceneSoak(name)
    loop = asyncio.get_running_loop()
    start = loop.time()
    while (now := loop.time() - start) < seconds:
        await asyncio.sleep(every)
        session = window.session
        assert session is not None
        timeline = session.timeline
        kept = len(session.recorder.snapshot())
        result.samples.append(
            Sample(now, rss_mb(), len(timeline), kept, _paint_ms(window), timeline.start_time())
        )
        if session.recorder.finished and not session.running:
            window.restart()  # keep it live: a finished run makes no more events
    return result


async def soak(
    window: MainWindow, seconds: float, every: float = 1.0, keep: int | None = None
) -> list[SceneSoak]:
    return [await soak_scene(window, name, seconds, every, keep) for name in scene_names()]


def run_growth_pct(runs: list[SceneSoak], seconds: float) -> tuple[float, float, float]:
    """RSS growth of the whole run (scenes one after another, ``seconds`` each), in %.

    From the sample nearest after :data:`GROWTH_FROM` of the run to the last sample; also the
    two RSS figures (MB) it compares.
    """
    timed = [(i * seconds + s.t, s.rss_mb) for i, run in enumerate(runs) for s in run.samples]
    if len(timed) < 2:
        return 0.0, 0.0, 0.0
    start = GROWTH_FROM * seconds * len(runs)
    base = next((rss for t, rss in timed if t >= start), timed[0][1])
    end = timed[-1][1]
    return round((end - base) / base * 100, 2), round(base, 1), round(end, 1)


def bench_figures(quick: bool) -> dict[str, Any]:
    """``soak_rss_growth_pct`` and ``max_loop_lag_ms`` (random use outside blocking presets)."""
    import os

    from visualizer.draw.qtapp import gui_app
    from visualizer.draw.qtloop import app_loop
    from visualizer.ui.stress import RandomUse

    app = gui_app()
    if isinstance(app, QApplication):
        app.setQuitOnLastWindowClosed(False)  # closing the window must not stop the loop
    loop = app_loop(app)
    asyncio.set_event_loop(loop)
    window = MainWindow("event-loop")
    window.show()
    full = FULL_SECONDS / len(scene_names())
    seconds = float(os.environ.get("VISUALIZER_SOAK_SECONDS", 3 if quick else full))

    async def measure() -> dict[str, Any]:
        window.start()
        runs = await soak(window, seconds)
        found = await RandomUse(window, 1).run(300 if quick else 5000)
        window.close()
        await window.shutdown()
        growth, base, end = run_growth_pct(runs, seconds)
        return {
            "soak_rss_growth_pct": growth,
            "soak_rss_mb": {"from": base, "end": end},
            "soak_scene_growth_pct": {r.scene: round(r.growth_pct(), 2) for r in runs},
            "soak_seconds": round(seconds * len(runs), 1),
            "max_loop_lag_ms": round(found.max_lag_ms, 1),
            "max_loop_lag_during": found.max_lag_during,  # the action and scene it came after
            "random_use_actions": found.actions,
        }

    try:
        figures: dict[str, Any] = loop.run_until_complete(measure())
        return figures
    finally:
        loop.close()
        asyncio.set_event_loop(None)
        del loop
        gc.collect()  # Qt objects in cycles are freed on the GUI thread (see commands/bench.py)
