"""Thousands of seeded random actions on the real window, across every scene.

The seed and the action count are printed in the run's summary ("measured figures") and carried
by the assertion messages; replay a failure with ``VISUALIZER_RANDOM_SEED=<seed>``.
``VISUALIZER_RANDOM_ACTIONS`` changes the count (at least 5,000 in CI).
"""

from __future__ import annotations

import asyncio
import os
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
    replay = f"seed {SEED}, action {found.actions}"
    figure(
        f"random use: seed {SEED}, {found.actions} actions, max loop lag {found.max_lag_ms:.0f} ms "
        f"outside blocking presets (after {found.max_lag_during}), "
        f"RSS {found.rss_after_500_mb:.0f} MB after 500 -> {found.rss_end_mb:.0f} MB at the end; "
        f"{found.counts}"
    )
    assert found.actions == ACTIONS >= 5000 or "VISUALIZER_RANDOM_ACTIONS" in os.environ
    assert found.problems() == [], f"{replay}: {found.problems()[:5]}"
    assert found.max_lag_ms <= 250, f"{replay}: loop lag {found.max_lag_ms:.0f} ms"
    assert found.rss_growth_mb <= 50, f"{replay}: RSS grew {found.rss_growth_mb:.0f} MB"
