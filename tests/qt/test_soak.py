"""Every scene at its heaviest settings, live, with memory and frame time sampled.

CI runs a shortened soak (``VISUALIZER_SOAK_SECONDS``, default 8 s per scene); the full check
is ``VISUALIZER_SOAK_SECONDS=1800`` (30 minutes per scene), see docs/TESTING.md. The figures are
printed in CI's output.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from visualizer.ui.main_window import MainWindow
from visualizer.ui.soak import soak

SECONDS = float(os.environ.get("VISUALIZER_SOAK_SECONDS", "8"))


def test_long_runs_keep_memory_and_frame_time_flat(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    window = MainWindow("event-loop")
    qtbot.addWidget(window)
    window.show()
    window.start()
    task = qt_loop.create_task(soak(window, SECONDS, every=max(0.5, SECONDS / 60)))
    qtbot.waitUntil(task.done, timeout=int((SECONDS * 6 + 60) * 1000))
    runs = task.result()
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)
    for run in runs:
        first, last = run.samples[1], run.samples[-1]
        early, late = run.frame_ms(slice(1, 4)), run.frame_ms(slice(-3, None))
        print(
            f"\nsoak {run.scene}: {SECONDS:g} s, events {first.events} -> {last.events}, "
            f"RSS {first.rss_mb:.0f} -> {last.rss_mb:.0f} MB ({run.growth_pct():+.1f}%), "
            f"frame {early:.1f} -> {late:.1f} ms"
        )
        assert last.rss_mb - first.rss_mb < 50, f"{run.scene}: RSS grew"
        # Frame time must not grow with the recording (checkpoints every 128 events).
        assert late < max(3 * early, early + 15), f"{run.scene}: frame time grew"
