"""The window starts without importing the scenes it does not show (issue: start-up time)."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from visualizer.ui.main_window import MainWindow
window = MainWindow("event-loop")
names = ("httpx", "starlette", "uvicorn", "redis", "visualizer.scenes.server.scene",
         "visualizer.scenes.queue.scene", "visualizer.ui.export_dialog")
heavy = sorted(m for m in names if m in sys.modules)
print(",".join(heavy))
"""


def test_a_new_window_imports_no_other_scene_nor_the_export_dialog() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"imported at start: {out.stdout.strip()}"
