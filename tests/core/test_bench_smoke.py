"""`visualizer bench --quick` runs and prints every figure README.md documents (no thresholds:
the figures are measurements of this machine, reported, not judged)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from visualizer.scenes.registry import scene_names

SCENES = tuple(scene_names())
NUMBERS = (
    "tracer_overhead_ratio",
    "tracer_overhead_ratio_cpu",
    "tracer_bytes_per_event",
    "redis_msgs_per_s",
    "startup_ms",
    "startup_bare_ms",
    "export_fps",
    "png_ms",
    "queue_msgs_per_s",
    "script_frame_growth_ratio",
)

TABLES = ("frame_ms", "frame_ratio", "frame_floor_ms", "server_rps")


def test_bench_quick_prints_every_documented_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "visualizer", "bench", "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert json.loads(out.read_text(encoding="utf-8")) == figures
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    for key in (*NUMBERS, *TABLES):
        assert f"`{key}`" in readme, f"{key} is printed but not documented"
    for key in NUMBERS:
        value = figures[key]
        assert isinstance(value, int | float) and value > 0, (key, value)
    for key in TABLES:
        assert isinstance(figures[key], dict) and figures[key], key
    assert set(figures["frame_ms"]) == {*SCENES, "your-code"}
    assert set(figures["frame_ratio"]) == set(SCENES)
    assert set(figures["frame_ms"]["your-code"]) == {"20-tasks", "200-tasks"}
    assert figures["frame_ms"]["your-code"]["200-tasks"]["tasks"] == 201
    assert set(figures["server_rps"]) >= {"single", "pool", "async", "blocking-async", "handoff"}
    for scene, loads in figures["frame_ms"].items():
        assert "default" in loads or scene == "your-code", scene
        for load, numbers in loads.items():
            assert numbers["frames"] > 0, (scene, load)
            assert 0 < numbers["p50"] <= numbers["p95"], (scene, load, numbers)
