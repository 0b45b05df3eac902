"""``visualizer bench``: measured figures, printed as JSON.

Figures, not pass/fail: tests check behaviour; this command tells how fast it is on this machine.

- ``tracer_overhead_ratio``: wall time of a traced sleep/gather workload of 5,000 tasks over the
  same workload untraced, in one process (median of alternating repetitions). The workload sleeps
  for real, as the scenes do; ``tracer_overhead_ratio_cpu`` is the same with ``sleep(0)``, where
  nothing but task switching is measured (the worst case for a step tracer).
- ``frame_ms[scene][load]``: ``p50``/``p95`` milliseconds to compute the state at a time and draw
  it at 1280x720 into an image, over frames spread across a real recorded run. Each scene names
  its loads in ``Scene.bench_loads``.
- ``startup_ms``: process start to first painted frame of the real app (offscreen), median of
  several starts; ``startup_bare_ms`` is a bare PySide6 window measured the same way, for scale.
- Further figures come from the functions in :data:`EXTRA_BENCHES`.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from visualizer.core.recorder import Recorder
from visualizer.core.tracer import AsyncTracer

TASKS = 5_000
FRAME_SIZE = (1280, 720)


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


# -- tracer overhead ------------------------------------------------------------------------
async def _job(delay: float) -> None:
    await asyncio.sleep(delay)
    await asyncio.sleep(delay)


def _workload(delay: float) -> Callable[[], Coroutine[Any, Any, None]]:
    async def main() -> None:
        await asyncio.gather(*(_job(delay) for _ in range(TASKS)))

    return main


def _time_plain(delay: float) -> float:
    start = time.perf_counter()
    asyncio.run(_workload(delay)())
    return time.perf_counter() - start


def _time_traced(delay: float) -> float:
    async def traced() -> None:
        await AsyncTracer(Recorder()).run(_workload(delay))

    start = time.perf_counter()
    asyncio.run(traced())
    return time.perf_counter() - start


def tracer_overhead(delay: float, repeats: int) -> float:
    plain: list[float] = []
    traced: list[float] = []
    _time_plain(delay)  # warm up imports and allocator
    for _ in range(repeats):
        plain.append(_time_plain(delay))
        traced.append(_time_traced(delay))
    return round(statistics.median(traced) / statistics.median(plain), 3)


# -- frame times ----------------------------------------------------------------------------
def _qt_app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_API", "pyside6")
    from PySide6.QtWidgets import QApplication

    from visualizer.ui.fonts import install_app_font

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    install_app_font(app)
    return app


def record_run(scene_name: str, preset: str | None, overrides: Any, seconds: float) -> Any:
    """Run a scene's real code on a qasync loop for ``seconds`` (or until it ends)."""
    import qasync

    from visualizer.scenes.registry import load_scene
    from visualizer.session import SceneSession

    app = _qt_app()
    scene = load_scene(scene_name)
    session: SceneSession[Any] = SceneSession(scene, preset, scene.values(overrides))
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def record() -> None:
        session.restart()
        deadline = time.monotonic() + seconds
        while not session.recorder.finished and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        await session.aclose()

    try:
        loop.run_until_complete(record())
    finally:
        loop.close()
        asyncio.set_event_loop(None)
    return session


def frame_times(
    scene_name: str, preset: str | None, overrides: Any, seconds: float, frames: int
) -> dict[str, float]:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from visualizer.scenes.registry import load_view_class
    from visualizer.ui.theme import LIGHT

    session = record_run(scene_name, preset, overrides, seconds)
    view = load_view_class(scene_name)(session.scene)
    image = QImage(*FRAME_SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    rect = QRectF(0, 0, *FRAME_SIZE)
    end = session.timeline.end_time()
    samples = []
    for k in range(frames + 5):
        t = end * ((k * 7919) % frames) / max(1, frames - 1)  # spread, not in order: scrubbing
        start = time.perf_counter()
        painter = QPainter(image)
        view.paint(painter, rect, session.frame(t), LIGHT)
        painter.end()
        if k >= 5:  # the first frames warm font caches
            samples.append((time.perf_counter() - start) * 1000)
    return {
        "p50": round(_percentile(samples, 0.5), 3),
        "p95": round(_percentile(samples, 0.95), 3),
        "frames": len(samples),
        "recorded_s": round(end, 3),
    }


def all_frame_times(frames: int) -> dict[str, dict[str, dict[str, float]]]:
    from visualizer.scenes.registry import load_scene, scene_names

    out: dict[str, dict[str, dict[str, float]]] = {}
    for name in scene_names():
        scene = load_scene(name)
        out[name] = {
            load_name: frame_times(name, load.preset, dict(load.overrides), load.seconds, frames)
            for load_name, load in scene.bench_loads.items()
        }
    return out


# -- start-up -------------------------------------------------------------------------------
_BARE_WINDOW = """
import sys, time
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
class W(QWidget):
    done = False
    def paintEvent(self, event):
        if not W.done:
            W.done = True
            print("visualizer: first-paint-ms=0", flush=True)
w = W(); w.resize(1280, 720); w.show()
app.exec()
"""


def _time_to_first_paint(command: list[str], settings: str) -> float:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "VISUALIZER_REPORT_PAINT": "1",
        "VISUALIZER_SETTINGS": settings,  # measure a first start; leave the user's settings be
    }
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        elapsed = (time.perf_counter() - start) * 1000
        if not line.startswith("visualizer: first-paint-ms="):
            raise RuntimeError(f"no first paint reported by {command}")
        return elapsed
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def startup(repeats: int) -> tuple[float, float]:
    app = [sys.executable, "-m", "visualizer"]
    bare = [sys.executable, "-c", _BARE_WINDOW]
    with tempfile.TemporaryDirectory() as folder:
        settings = str(Path(folder) / "settings.ini")
        _time_to_first_paint(app, settings)  # warm the file cache, as a second start would
        app_ms = [_time_to_first_paint(app, settings) for _ in range(repeats)]
        bare_ms = [_time_to_first_paint(bare, settings) for _ in range(repeats)]
    return round(statistics.median(app_ms), 1), round(statistics.median(bare_ms), 1)


# -- extra figures added by later scenes and features -----------------------------------------
# Each function takes ``quick`` and returns a dict merged into the output.
def _export_figures(quick: bool) -> dict[str, Any]:
    """``export_fps`` and ``png_ms`` (see :mod:`visualizer.export.bench`)."""
    from visualizer.export.bench import export_figures

    return export_figures(quick)


def _queue_figures(quick: bool) -> dict[str, Any]:
    """``queue_msgs_per_s`` (see :mod:`visualizer.scenes.queue.bench`)."""
    from visualizer.scenes.queue.bench import msgs_per_s

    return msgs_per_s(quick)


def _server_figures(quick: bool) -> dict[str, Any]:
    """``server_rps`` (see :mod:`visualizer.scenes.server.bench`)."""
    from visualizer.scenes.server.bench import server_rps

    return server_rps(quick)


EXTRA_BENCHES: list[Callable[[bool], dict[str, Any]]] = [
    _export_figures,
    _queue_figures,
    _server_figures,
]


def run_bench(json_path: str | None, quick: bool = False) -> int:
    figures: dict[str, Any] = {}
    figures["tracer_overhead_ratio"] = tracer_overhead(0.01, 3 if quick else 7)
    figures["tracer_overhead_ratio_cpu"] = tracer_overhead(0.0, 3 if quick else 7)
    figures["frame_ms"] = all_frame_times(40 if quick else 200)
    figures["startup_ms"], figures["startup_bare_ms"] = startup(2 if quick else 5)
    for extra in EXTRA_BENCHES:
        figures.update(extra(quick))
    text = json.dumps(figures, indent=2, sort_keys=True)
    print(text)
    if json_path:
        try:
            Path(json_path).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            print(
                f"visualizer bench: error: cannot write {json_path}: {exc.strerror}",
                file=sys.stderr,
            )
            return 2
    return 0
