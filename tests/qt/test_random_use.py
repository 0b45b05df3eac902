"""Thousands of seeded random actions on the real window, across every scene.

The seed and the action count are printed in the run's summary ("measured figures") and carried
by the assertion messages; replay a failure with ``VISUALIZER_RANDOM_SEED=<seed>``.
``VISUALIZER_RANDOM_ACTIONS`` changes the count (at least 5,000 in CI).

The objects the test process holds before the window is made (every test that ran before this
one in the same pytest worker) are frozen out of the cyclic collector for the run: a full
collection walks every live object, and in a worker that has run a few hundred tests those are
several times the app's own, so a collection alone stalled the loop 0.6 s once in CI. The app in
its own process starts with its own objects only. The longest collection of the run is printed.
"""

from __future__ import annotations

import asyncio
import gc
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from visualizer.ui.main_window import MainWindow
from visualizer.ui.stress import RandomUse

SEED = int(os.environ.get("VISUALIZER_RANDOM_SEED", "20240515"))
ACTIONS = int(os.environ.get("VISUALIZER_RANDOM_ACTIONS", "5000"))


def test_random_use_breaks_nothing(
    qt_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
    tmp_path: Path,
    ui_state: None,
    figure: Callable[[str], None],
) -> None:
    print(f"\nrandom use: seed {SEED}, {ACTIONS} actions")
    longest = [0.0, 0.0]  # longest collection (s), and when the current one began

    def timed(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            longest[1] = time.perf_counter()
        else:
            longest[0] = max(longest[0], time.perf_counter() - longest[1])

    gc.collect()
    gc.freeze()
    gc.callbacks.append(timed)
    try:
        found = _random_use(qt_loop, qtbot, tmp_path)
    finally:
        gc.callbacks.remove(timed)
        gc.unfreeze()
    _check(found, figure, longest[0])


def _random_use(qt_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path) -> Any:
    window = MainWindow("event-loop")
    qtbot.addWidget(window)
    window.show()
    window.start()
    driver = RandomUse(window, SEED, tmp_path)
    task = qt_loop.create_task(driver.run(ACTIONS))
    qtbot.waitUntil(task.done, timeout=900_000)
    found = task.result()
    window.close()
    done = qt_loop.create_task(window.shutdown())
    try:
        qtbot.waitUntil(done.done, timeout=30_000)
    finally:
        pending = [t.get_name() for t in asyncio.all_tasks(qt_loop) if not t.done()]
        print(f"random use: tasks at shutdown: {pending}")
    return found


def _check(found: Any, figure: Callable[[str], None], longest_gc: float) -> None:
    replay = f"seed {SEED}, action {found.actions}"
    figure(
        f"random use: seed {SEED}, {found.actions} actions, max loop lag {found.max_lag_ms:.0f} ms "
        f"outside blocking presets (after {found.max_lag_during}), longest collection "
        f"{longest_gc * 1000:.0f} ms, "
        f"RSS {found.rss_after_500_mb:.0f} MB after 500 -> {found.rss_end_mb:.0f} MB at the end; "
        f"{found.counts}"
    )
    assert found.actions == ACTIONS >= 5000 or "VISUALIZER_RANDOM_ACTIONS" in os.environ
    assert found.problems() == [], f"{replay}: {found.problems()[:5]}"
    assert found.max_lag_ms <= 250, f"{replay}: loop lag {found.max_lag_ms:.0f} ms"
    assert found.rss_growth_mb <= 50, f"{replay}: RSS grew {found.rss_growth_mb:.0f} MB"
