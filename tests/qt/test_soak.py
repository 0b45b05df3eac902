"""Every scene at its heaviest settings, live, with memory and frame time sampled.

CI runs a shortened soak (``VISUALIZER_SOAK_SECONDS``, default 8 s per scene) in which a run
keeps only its newest 500 events (``VISUALIZER_SOAK_KEEP``), so the kept window is let go of
many times even in a short run. The full check is one flag away: ``VISUALIZER_SOAK_SECONDS=1800``
(30 minutes per scene, with the app's own cap, ``session.KEEP_EVENTS``), see docs/TESTING.md.
RSS, event counts and frame times are printed in the run's summary ("measured figures").
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import Any

from visualizer.ui.main_window import MainWindow
from visualizer.ui.soak import FULL_SECONDS, SceneSoak, soak

SECONDS = float(os.environ.get("VISUALIZER_SOAK_SECONDS", "8"))
_KEEP = int(os.environ.get("VISUALIZER_SOAK_KEEP", "500" if SECONDS < FULL_SECONDS else "0"))
KEEP = _KEEP or None  # None: the app's own cap
SLACK = 128 + 256  # a timeline lets go in whole checkpoint spans; events arrive between ticks


def _line(run: SceneSoak) -> str:
    first, last = run.samples[1], run.samples[-1]
    early, late = run.frame_ms(slice(1, 4)), run.frame_ms(slice(-3, None))
    picks = [*run.samples[:: max(1, len(run.samples) // 5)], last]
    samples = "; ".join(
        f"{s.t:.0f}s {s.rss_mb:.0f}MB {s.events}ev kept {s.kept} {s.frame_ms:.1f}ms" for s in picks
    )
    return (
        f"soak {run.scene}: {SECONDS:g} s, keep {KEEP or 'app cap'}, events {first.events} -> "
        f"{last.events} (kept {last.kept} from {last.kept_from:.1f} s), RSS {first.rss_mb:.0f} -> "
        f"{last.rss_mb:.0f} MB ({run.growth_pct():+.1f}%), frame {early:.1f} -> {late:.1f} ms "
        f"[{samples}]"
    )


def test_long_runs_keep_memory_and_frame_time_flat(
    qt_loop: asyncio.AbstractEventLoop, qtbot: Any, figure: Callable[[str], None]
) -> None:
    window = MainWindow("event-loop")
    qtbot.addWidget(window)
    window.show()
    window.start()
    task = qt_loop.create_task(soak(window, SECONDS, every=max(0.5, SECONDS / 60), keep=KEEP))
    qtbot.waitUntil(task.done, timeout=int((SECONDS * 6 + 60) * 1000))
    runs = task.result()
    window.close()
    done = qt_loop.create_task(window.shutdown())
    qtbot.waitUntil(done.done, timeout=10_000)
    for run in runs:
        figure(_line(run))
    for run in runs:
        first, last = run.samples[1], run.samples[-1]
        early, late = run.frame_ms(slice(1, 4)), run.frame_ms(slice(-3, None))
        assert last.rss_mb - first.rss_mb < 50, f"{run.scene}: RSS grew"
        # Frame time must not grow with the recording (checkpoints every 128 events).
        assert late < max(3 * early, early + 15), f"{run.scene}: frame time grew"
        if KEEP is not None:
            assert max(s.kept for s in run.samples) <= KEEP + SLACK, f"{run.scene}: kept too many"
    # The heaviest scenes record far more than they keep: the cap was really let go of.
    trimmed = [r.scene for r in runs if r.samples[-1].events > r.samples[-1].kept + 1000]
    assert KEEP is None or "queue" in trimmed, f"nothing let go of: {trimmed}"
