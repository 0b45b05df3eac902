"""Frame times of "Your code" over real runs: the bundled 200-task script, and the same at 20.

``visualizer bench`` reports ``frame_ms["your-code"]["200-tasks"]`` and ``["20-tasks"]`` (the
same script with a tenth of the tasks: enough to fill every panel) and their ratio as
``script_frame_growth_ratio``: the picture draws aggregates, so ten times the tasks should cost
about the same frame. Both are measured in one run, frame by frame interleaved, so the ratio
does not depend on the machine's speed.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from visualizer.core.stats import percentile
from visualizer.draw.theme import LIGHT
from visualizer.scenes.registry import scene_from_file, view_class_for
from visualizer.session import SceneSession

EXAMPLES = Path(__file__).resolve().parents[3] / "assets" / "examples"
TWO_HUNDRED = EXAMPLES / "many_tasks_200.py"
TENTH = {"range(150)": "range(15)", "range(50)": "range(5)", "range(300)": "range(30)"}
FRAME_SIZE = (1280, 720)


def _record(path: Path) -> SceneSession[Any]:
    scene = scene_from_file(path)
    session: SceneSession[Any] = SceneSession(scene)

    async def run() -> None:
        session.restart()
        await session.wait()

    asyncio.run(run())
    return session


def frame_figures(frames: int) -> dict[str, Any]:
    """``{"frame_ms": {"your-code": {...}}, "script_frame_growth_ratio": ...}``."""
    source = TWO_HUNDRED.read_text(encoding="utf-8")
    for old, new in TENTH.items():
        source = source.replace(old, new)
    with tempfile.TemporaryDirectory(prefix="visualizer-bench-") as folder:
        small = Path(folder) / "many_tasks_20.py"
        small.write_text(source, encoding="utf-8")
        sessions = {"20-tasks": _record(small), "200-tasks": _record(TWO_HUNDRED)}
    views = {name: view_class_for(s.scene)(s.scene) for name, s in sessions.items()}
    image = QImage(*FRAME_SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    rect = QRectF(0, 0, *FRAME_SIZE)
    samples: dict[str, list[float]] = {name: [] for name in sessions}
    for k in range(frames + 5):
        for name, session in sessions.items():
            first = session.recorder.events[0].t if session.recorder.events else 0.0
            end = session.timeline.end_time()
            t = first + (end - first) * ((k * 7919) % frames) / max(1, frames - 1)
            start = time.perf_counter()  # the state at t and its picture, as for every scene
            frame = session.frame(t)
            painter = QPainter(image)
            views[name].paint(painter, rect, frame, LIGHT)
            painter.end()
            if k >= 5:  # the first frames warm font caches
                samples[name].append((time.perf_counter() - start) * 1000)
    out: dict[str, Any] = {}
    for name, values in samples.items():
        session = sessions[name]
        end = session.timeline.end_time()
        out[name] = {
            "p50": round(percentile(values, 50) or 0.0, 3),
            "p95": round(percentile(values, 95) or 0.0, 3),
            "frames": len(values),
            "recorded_s": round(end, 3),
            "tasks": len(session.timeline.state_at(end).tasks),
        }
    ratio = out["200-tasks"]["p95"] / max(1e-6, out["20-tasks"]["p95"])
    return {"frame_ms": {"your-code": out}, "script_frame_growth_ratio": round(ratio, 2)}
