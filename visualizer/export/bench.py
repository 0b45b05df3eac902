"""Export figures for ``visualizer bench``.

- ``export_fps``: frames per second rendered and encoded for a 5 s, 30 fps, 1280x720 GIF of the
  event-loop scene (150 frames; the median of several exports of one recording). The run is a
  real one whose picture changes throughout (three sequential jobs of 2, 2 and 1 s), so no frame
  is a cheap copy of the one before. Recording time is not counted: it is real time by design.
- ``png_ms``: median milliseconds to render one 1280x720 still of that run and write it as PNG.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from visualizer.draw.qtapp import gui_app
from visualizer.export.options import AnimationOptions
from visualizer.export.recording import record
from visualizer.export.render import export_animation, save_frame_png
from visualizer.scenes.registry import load_scene

SECONDS = 5.0
FPS = 30
SIZE = (1280, 720)


def export_figures(quick: bool = False) -> dict[str, Any]:
    gui_app()
    scene = load_scene("event-loop")
    values = scene.values({"tasks": 3, "delay1": 2.0, "delay2": 2.0, "delay3": 1.0})
    recording = asyncio.run(record(scene, "sequential", values, SECONDS))
    runs: list[float] = []
    png: list[float] = []
    with tempfile.TemporaryDirectory(prefix="visualizer-bench-") as folder:
        out = Path(folder) / "bench.gif"
        options = AnimationOptions("gif", out, SIZE, FPS, 0.0, SECONDS)
        for _ in range(1 if quick else 3):
            start = time.perf_counter()
            asyncio.run(export_animation(recording, options))
            runs.append(time.perf_counter() - start)
        for k in range(5 if quick else 20):
            start = time.perf_counter()
            save_frame_png(recording, SECONDS * k / 20, SIZE, Path(folder) / "still.png")
            png.append((time.perf_counter() - start) * 1000)
    frames = len(options.times)
    return {
        "export_fps": round(frames / statistics.median(runs), 1),
        "png_ms": round(statistics.median(png), 1),
    }
