"""``visualizer bench``: measured figures, printed as JSON.

Figures, not pass/fail: tests check behaviour; this command tells how fast it is on this machine.

- ``tracer_overhead_ratio``, ``tracer_overhead_ratio_cpu``, ``tracer_bytes_per_event``: see
  :mod:`visualizer.core.tracer_bench`.
- ``script_trace_overhead_ratio`` (and the times behind it): see
  :mod:`visualizer.commands.trace_bench`.
- ``frame_ms[scene][load]``: ``p50``/``p95`` milliseconds to compute the state at a time and draw
  it at 1280x720 into an image, over frames spread across a real recorded run. Each scene names
  its loads in ``Scene.bench_loads``.
- ``frame_floor_ms``: ``p50``/``p95`` of a fixed reference picture (fill 1280x720, 40 antialiased
  rounded rects, 80 short labels at 12 px) painted the same way, one after each scene frame, and
  ``frame_ratio[scene][load]``: the scene's p95 over the p95 of the floor frames interleaved with
  it. Absolute times move from machine to machine and with the load on it; the ratio does not.
- ``startup_ms``: process start to first painted frame of the real app (offscreen), median of
  several starts; ``startup_bare_ms`` is a bare PySide6 window measured the same way, for scale.
- ``soak_rss_growth_pct`` (RSS growth from minute 2 to the end of a 30-minute live run, every
  scene in turn at its heaviest settings) and ``max_loop_lag_ms`` (worst loop lag in a
  random-use run, outside the presets that block the loop on purpose): see
  :mod:`visualizer.ui.soak`.
- Further figures come from :mod:`visualizer.export.bench` and from each scene that names a
  ``bench_module`` in its contract, so this module names no scene.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from visualizer.commands.common import OneLineParser
from visualizer.commands.trace_bench import script_trace_overhead
from visualizer.core.stats import percentile
from visualizer.core.tracer_bench import tracer_figures
from visualizer.draw.qtapp import gui_app, widget_app
from visualizer.export.bench import export_figures
from visualizer.scenes.registry import load_scene, load_view_class, scene_names

TASKS = 5_000
FRAME_SIZE = (1280, 720)


# -- frame times ----------------------------------------------------------------------------
def record_run(scene_name: str, preset: str | None, overrides: Any, seconds: float) -> Any:
    """Run a scene's real code on a qasync loop, as in the window, for ``seconds`` or its end."""
    from visualizer.draw.qtloop import app_loop
    from visualizer.export.recording import record

    app = gui_app()
    scene = load_scene(scene_name)
    loop = app_loop(app)
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(record(scene, preset, scene.values(overrides), seconds))
    finally:
        loop.close()
        asyncio.set_event_loop(None)
        # The closed loop's Qt timers may sit in reference cycles; collected later by whichever
        # thread happens to trigger the collector (a scene's worker thread), Qt destroys them
        # off the GUI thread and crashes. Collect them here, on the thread that owns them.
        del loop
        gc.collect()


def paint_floor(painter: Any) -> None:
    """The reference picture: what any frame of about this much drawing costs, done plainly."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen

    from visualizer.draw.theme import LIGHT

    width, height = FRAME_SIZE
    painter.fillRect(QRectF(0, 0, width, height), LIGHT.background)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setPen(QPen(LIGHT.border, 1.5))
    painter.setBrush(QBrush(LIGHT.panel))
    for i in range(40):
        painter.drawRoundedRect(QRectF(16 + (i % 8) * 158, 16 + (i // 8) * 140, 146, 60), 6, 6)
    font = QFont()
    font.setPixelSize(12)
    painter.setFont(font)
    painter.setPen(QColor(LIGHT.text))
    align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for i in range(80):
        cell = QRectF(16 + (i % 8) * 158, 84 + (i // 8) * 70, 146, 20)
        painter.drawText(cell, align, f"label {i}")


def _stats(samples: list[float]) -> dict[str, float]:
    return {
        "p50": round(percentile(samples, 50) or 0.0, 3),
        "p95": round(percentile(samples, 95) or 0.0, 3),
    }


def frame_times(
    scene_name: str, preset: str | None, overrides: Any, seconds: float, frames: int
) -> tuple[dict[str, float], list[float]]:
    """The scene's frame times over a real run, and the floor's, interleaved frame by frame."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from visualizer.draw.theme import LIGHT

    recording = record_run(scene_name, preset, overrides, seconds)
    view = load_view_class(scene_name)(recording.scene)
    image = QImage(*FRAME_SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    rect = QRectF(0, 0, *FRAME_SIZE)
    end = recording.end
    samples: list[float] = []
    floor: list[float] = []
    for k in range(frames + 5):
        t = end * ((k * 7919) % frames) / max(1, frames - 1)  # spread, not in order: scrubbing
        start = time.perf_counter()
        painter = QPainter(image)
        view.paint(painter, rect, recording.frame(t), LIGHT)
        painter.end()
        middle = time.perf_counter()
        painter = QPainter(image)
        paint_floor(painter)
        painter.end()
        if k >= 5:  # the first frames warm font caches
            samples.append((middle - start) * 1000)
            floor.append((time.perf_counter() - middle) * 1000)
    figures = {**_stats(samples), "frames": len(samples), "recorded_s": round(end, 3)}
    figures["floor_p95"] = _stats(floor)["p95"]
    return figures, floor


def all_frame_times(frames: int) -> dict[str, Any]:
    """``frame_ms``, ``frame_floor_ms`` and ``frame_ratio`` (see the module's docstring)."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    ratio: dict[str, dict[str, float]] = {}
    floor: list[float] = []
    for name in scene_names():
        scene = load_scene(name)
        out[name], ratio[name] = {}, {}
        for load_name, load in scene.bench_loads.items():
            figures, floor_samples = frame_times(
                name, load.preset, dict(load.overrides), load.seconds, frames
            )
            floor.extend(floor_samples)
            out[name][load_name] = figures
            ratio[name][load_name] = round(figures["p95"] / max(1e-6, figures["floor_p95"]), 2)
    from visualizer.scenes.script.bench import frame_figures  # "Your code": 3 and 200 tasks

    script = frame_figures(frames)
    out.update(script.pop("frame_ms"))
    return {"frame_ms": out, "frame_floor_ms": _stats(floor), "frame_ratio": ratio, **script}


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


# -- figures of the export and of each scene ------------------------------------------------
def scene_figures(quick: bool) -> dict[str, Any]:
    """What each scene measures of itself (:attr:`Scene.bench_module`), merged."""
    out: dict[str, Any] = {}
    for name in scene_names():
        module = load_scene(name).bench_module
        if module is not None:
            out.update(importlib.import_module(module).figures(quick))
    return out


def run_bench(json_path: str | None, quick: bool = False) -> int:
    figures: dict[str, Any] = {}
    # One application for every figure; the soak and random-use runs need a widget one.
    widget_app(offscreen=True)
    figures.update(tracer_figures(quick))  # tracer_overhead_ratio(_cpu), tracer_bytes_per_event
    figures.update(script_trace_overhead(3 if quick else 7))
    figures.update(all_frame_times(40 if quick else 200))
    figures["startup_ms"], figures["startup_bare_ms"] = startup(2 if quick else 5)
    figures.update(export_figures(quick))
    figures.update(scene_figures(quick))
    from visualizer.ui.soak import bench_figures  # soak_rss_growth_pct, max_loop_lag_ms

    figures.update(bench_figures(quick))
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


def bench_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="visualizer bench",
        description="Measure tracer overhead, frame times and start-up; print JSON.",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the JSON to PATH")
    parser.add_argument(
        "--quick", action="store_true", help="fewer samples, for a smoke run (numbers are rougher)"
    )
    return parser


def bench_main(argv: list[str]) -> int:
    args = bench_parser().parse_args(argv)
    return run_bench(args.json, quick=args.quick)
